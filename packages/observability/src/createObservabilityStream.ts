import type { KernelTraceEvent } from "@oris/kernel-types";

/**
 * Which derivation rules to follow: `"0.2"`, the Oris 0.2 rules (Oris
 * 0.2.12, the default), or `"0.3"`, the Oris 0.3 rules (Oris 0.3.0: step and
 * action ids in the timeline, timestamp-based interrupt latency).
 */
export type ObservabilityProfile = "0.2" | "0.3";

/**
 * Every {@link ObservabilityProfile}, oldest first: for a command line or a
 * form to offer and check.
 *
 * @example
 * ```ts
 * import { OBSERVABILITY_PROFILES } from "@oris/observability";
 *
 * OBSERVABILITY_PROFILES.includes("0.3"); // true
 * ```
 */
export const OBSERVABILITY_PROFILES: readonly ObservabilityProfile[] = Object.freeze(["0.2", "0.3"] as const);

/**
 * The profile used when none is given: `"0.2"`, the Oris 0.2 rules (Oris 0.2.12).
 *
 * @example
 * ```ts
 * import { DEFAULT_PROFILE } from "@oris/observability";
 *
 * DEFAULT_PROFILE; // "0.2"
 * ```
 */
export const DEFAULT_PROFILE: ObservabilityProfile = "0.2";

/** Options of `fromKernelTrace`, `createObservabilityReducer` and {@link createObservabilityStream}. */
export interface ObservabilityOptions {
  /** The derivation rules; `"0.2"` when left out. */
  readonly profile?: ObservabilityProfile;
}

/** Where an `interrupt_latency_ms` value came from. */
export type InterruptLatencySource =
  | {
      /** Oris 0.3: the largest `Resumed.timestamp_ms − Interrupted.timestamp_ms` of a pair. */
      readonly rule: "timestamps";
      readonly interrupted_seq: number;
      readonly resumed_seq: number;
      readonly interrupted_ms: number;
      readonly resumed_ms: number;
    }
  | {
      /** Oris 0.2 (and 0.3's fallback): index of the first `Resumed` minus index of the first `Interrupted`. */
      readonly rule: "index";
      readonly interrupted_index: number;
      readonly resumed_index: number;
      readonly interrupted_seq: number;
      readonly resumed_seq: number;
    };

/**
 * The reducer's core, for traces too long to keep: it holds O(1) state and
 * hands back each event's timeline entry instead of storing it.
 */
export interface ObservabilityStream {
  /**
   * Feeds the next event; returns its `reasoning_timeline` entry. O(1).
   * Throws a `TypeError` naming the event's index and the field for an event
   * that is not a `KernelTraceEvent` as the decoders make it (see
   * {@link createObservabilityStream}); the stream is then unchanged.
   */
  push(event: KernelTraceEvent): string;
  /**
   * Feeds the next event as {@link ObservabilityStream.push} does, without
   * making its timeline entry: for a caller that writes the entry itself
   * (from the input's bytes, say). Only the parts the rules read are given:
   * the kind (only `"Interrupted"` and `"Resumed"` matter; any other string
   * stands for every other kind), the seq and the timestamp. O(1). Throws a
   * `TypeError` as `push` does for a `kind` that is not a string, a `seq`
   * that is not a safe integer ≥ 0, or (under 0.3, which reads it) a
   * `timestampMs` that is not a safe integer, `null` or `undefined`; the
   * stream is then unchanged.
   */
  advance(kind: string, seq: number, timestampMs: number | null | undefined): void;
  /** The number of events pushed so far. */
  readonly count: number;
  /** `replay_cost` of the events so far: their number, or `null` for none. */
  replayCost(): number | null;
  /**
   * `interrupt_latency_ms` of the events so far. Throws a `RangeError` when
   * the Oris 0.3 rule yields more than 2^53−1 ms (timestamps over 285,000
   * years apart), which a JavaScript number cannot hold exactly.
   */
  interruptLatencyMs(): number | null;
  /** Which events gave {@link ObservabilityStream.interruptLatencyMs}, or `null`. */
  interruptLatencySource(): InterruptLatencySource | null;
}

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/** A `seq`: a safe integer from 0 to 2^53−1. */
const isSeq = (seq: unknown): boolean => Number.isSafeInteger(seq) && (seq as number) >= 0;
/** A `timestamp_ms`: a safe integer, `null` or `undefined`. */
const isTimestamp = (ms: unknown): boolean => ms === undefined || ms === null || Number.isSafeInteger(ms);
/** A `step_id` or `action_id`: a string, `null` or `undefined`. */
const isId = (id: unknown): boolean => id === undefined || id === null || typeof id === "string";

/** A value in an error message: numbers as JavaScript writes them (`Infinity`, `NaN`, `1.5`), strings quoted. */
function show(value: unknown): string {
  switch (typeof value) {
    case "number":
      return String(value);
    case "string":
      return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
    case "bigint":
      return `${value}n`;
    case "object":
      return value === null ? "null" : Array.isArray(value) ? "an array" : "an object";
    case "undefined":
      return "undefined";
    default:
      return `a ${typeof value}`;
  }
}

/** The TypeError for an event that is not an object. */
function notAnEvent(caller: string, index: number, event: unknown): TypeError {
  const hole = event === undefined ? ", as a hole of a sparse array reads" : "";
  return new TypeError(`${caller}: event ${index} must be a KernelTraceEvent object (got ${show(event)}${hole})`);
}

/**
 * The TypeError for an event that is not an object (a primitive reaches here
 * as an event without a string `kind`), or for the first of the fields given
 * that the reducer does not accept (under 0.2 only `kind` and `seq` are given).
 */
function refused(
  caller: string,
  index: number,
  event: unknown,
  kind: unknown,
  seq: unknown,
  timestampMs?: unknown,
  stepId?: unknown,
  actionId?: unknown,
): TypeError {
  if (typeof event !== "object" && typeof event !== "function") return notAnEvent(caller, index, event);
  const [field, expected, got] =
    typeof kind !== "string"
      ? ["kind", "a string", kind]
      : !isSeq(seq)
        ? ["seq", "a safe integer from 0 to 2^53−1", seq]
        : !isTimestamp(timestampMs)
          ? ["timestamp_ms", "a safe integer, null or absent", timestampMs]
          : !isId(stepId)
            ? ["step_id", "a string, null or absent", stepId]
            : ["action_id", "a string, null or absent", actionId];
  return new TypeError(`${caller}: event ${index}: ${field} must be ${expected} (got ${show(got)})`);
}

/** The most strings a stream shares (see `push`); past it, new ones are made each time. */
const SHARED_LIMIT = 4096;

/** `cache`'s string for `key`: `before + key + after`, made and kept on first use while the cache has room. */
function shared(cache: Map<string, string>, before: string, key: string, after: string): string {
  const known = cache.get(key);
  if (known !== undefined) return known;
  const made = before + key + after;
  if (cache.size < SHARED_LIMIT) cache.set(key, made);
  return made;
}

/**
 * Creates the O(1)-state core of the reducer. `createObservabilityReducer`
 * and `fromKernelTrace` are built on it, so all three follow one set of rules
 * and accept the same events.
 *
 * An event is an object whose fields the profile's rules read are as the
 * decoders of `@oris/kernel-types` make them: `kind` a string and `seq` a
 * safe integer from 0 to 2^53−1 (both profiles); under 0.3 also `step_id` and
 * `action_id` a string, `null` or absent, and `timestamp_ms` a safe integer
 * (±(2^53−1)), `null` or absent. A field the profile does not read is not
 * checked (`run_id` is never read; 0.2 reads neither the ids nor the
 * timestamp). Anything else — `null`, `undefined` (a hole of a sparse array),
 * a `seq` of 1.5, under 0.3 a `timestamp_ms` of `Infinity` or `NaN` — is
 * refused with a `TypeError` that names the event's index (0-based, counting
 * every event fed before) and the field:
 * `ObservabilityStream.push: event 3: timestamp_ms must be a safe integer, null or absent (got Infinity)`.
 * The stream is then as it was before that event. Values are not checked for
 * lone surrogates (`encodeKernelObservability` refuses those).
 *
 * @example
 * ```ts
 * const stream = createObservabilityStream({ profile: "0.3" });
 * for await (const event of events) out.write(JSON.stringify(stream.push(event)) + "\n"); // timeline entries
 * stream.replayCost(); stream.interruptLatencyMs(); stream.interruptLatencySource();
 * ```
 */
export function createObservabilityStream(options: ObservabilityOptions = {}): ObservabilityStream {
  return createStream(options, "ObservabilityStream.push");
}

/**
 * {@link createObservabilityStream}, its `push` naming `caller` in its errors
 * (`fromKernelTrace`, `ObservabilityReducer.push`).
 * @internal
 */
export function createStream(options: ObservabilityOptions, caller: string): ObservabilityStream {
  const v03 = (options.profile ?? DEFAULT_PROFILE) === "0.3";
  let count = 0;
  // Oris 0.2: positions (and seqs) of the first "Interrupted" and the first "Resumed".
  let firstInterrupted = -1;
  let firstInterruptedSeq = 0;
  let firstResumed = -1;
  let firstResumedSeq = 0;
  // Oris 0.3: the latest Interrupted's timestamp, waiting for a Resumed.
  let pending: number | null = null;
  let pendingSeq = 0;
  let best = -1;
  let bestExact: bigint | null = null;
  let bestSource: InterruptLatencySource | null = null;

  // The rules, for an event already checked.
  const step = (kind: string, seq: number, timestampMs: number | null | undefined): void => {
    if (kind === "Interrupted") {
      if (firstInterrupted < 0) {
        firstInterrupted = count;
        firstInterruptedSeq = seq;
      }
      if (v03) {
        pending = timestampMs ?? null;
        pendingSeq = seq;
      }
    } else if (kind === "Resumed") {
      if (firstResumed < 0) {
        firstResumed = count;
        firstResumedSeq = seq;
      }
      if (v03) {
        const start = pending;
        pending = null;
        const end = timestampMs ?? null;
        if (start !== null && end !== null && end >= start) consider(start, end, pendingSeq, seq);
      }
    }
    count++;
  };

  // An entry is `kind#seq` or `kind#seq(id)`. A trace has few kinds and
  // its ids repeat, so `kind#` and `(id)` are made once each and shared by
  // the entries that use them: an entry then costs two string concatenations
  // instead of four, and a timeline of a million entries holds a third fewer
  // strings (the cost of fromKernelTrace is mostly V8 allocating, and
  // keeping, those strings).
  const prefixes = new Map<string, string>();
  const suffixes = new Map<string, string>();
  let lastKind = "";
  let lastPrefix = "#";
  // The checks are typeof and Number.isSafeInteger on values read anyway,
  // of the fields the profile's rules read: 0.2 reads neither the timestamp
  // nor the ids (checking them too made the streaming 0.2 push about 10 %
  // slower), so each profile has a push of its own. The event is tested for
  // undefined and null only (`typeof event === "object"` cost the 0.2 push
  // some 5 %): a primitive has no string `kind`, and refused() tells it
  // apart. Which check failed is worked out only once one has.
  const push02 = (event: KernelTraceEvent): string => {
    if (event === undefined || event === null) throw notAnEvent(caller, count, event);
    const kind = event.kind;
    const seq = event.seq;
    if (typeof kind !== "string" || !isSeq(seq)) throw refused(caller, count, event, kind, seq);
    step(kind, seq, undefined);
    if (kind !== lastKind) {
      lastKind = kind;
      lastPrefix = shared(prefixes, "", kind, "#");
    }
    return lastPrefix + seq;
  };
  const push03 = (event: KernelTraceEvent): string => {
    if (event === undefined || event === null) throw notAnEvent(caller, count, event);
    const kind = event.kind;
    const seq = event.seq;
    const timestampMs = event.timestamp_ms;
    const stepId = event.step_id;
    const actionId = event.action_id;
    if (typeof kind !== "string" || !isSeq(seq) || !isTimestamp(timestampMs)) {
      throw refused(caller, count, event, kind, seq, timestampMs, stepId, actionId);
    }
    // The entry's id (step_id, else action_id), checking both on the way:
    // cheaper than isId() on each, then `??`.
    let id: string | null = null;
    if (typeof stepId === "string") id = stepId;
    else if (stepId !== undefined && stepId !== null)
      throw refused(caller, count, event, kind, seq, timestampMs, stepId, actionId);
    if (typeof actionId === "string") id ??= actionId;
    else if (actionId !== undefined && actionId !== null)
      throw refused(caller, count, event, kind, seq, timestampMs, stepId, actionId);
    step(kind, seq, timestampMs);
    if (kind !== lastKind) {
      lastKind = kind;
      lastPrefix = shared(prefixes, "", kind, "#");
    }
    return id === null ? lastPrefix + seq : lastPrefix + seq + shared(suffixes, "(", id, ")");
  };

  const advance = (kind: string, seq: number, timestampMs: number | null | undefined): void => {
    if (typeof kind !== "string" || !isSeq(seq) || (v03 && !isTimestamp(timestampMs))) {
      throw refused("ObservabilityStream.advance", count, {} /* no event object to blame */, kind, seq, timestampMs);
    }
    step(kind, seq, timestampMs);
  };

  const consider = (start: number, end: number, startSeq: number, endSeq: number): void => {
    const gap = end - start;
    if (gap <= MAX_SAFE) {
      if (gap <= best || bestExact !== null) return;
      best = gap;
    } else {
      // Exact only in BigInt: both ends are safe integers, their distance may not be.
      const exact = BigInt(end) - BigInt(start);
      if (bestExact !== null && exact <= bestExact) return;
      bestExact = exact;
    }
    bestSource = {
      rule: "timestamps",
      interrupted_seq: startSeq,
      resumed_seq: endSeq,
      interrupted_ms: start,
      resumed_ms: end,
    };
  };

  const indexRuleHolds = (): boolean => firstInterrupted >= 0 && firstResumed >= firstInterrupted;

  return {
    push: v03 ? push03 : push02,
    advance,
    get count() {
      return count;
    },
    replayCost: () => (count === 0 ? null : count),
    interruptLatencyMs: () => {
      if (bestExact !== null) {
        throw new RangeError(
          `interrupt_latency_ms is ${bestExact} ms, beyond 2^53−1: a JavaScript number cannot hold it exactly`,
        );
      }
      if (best >= 0) return best;
      return indexRuleHolds() ? firstResumed - firstInterrupted : null;
    },
    interruptLatencySource: () => {
      if (bestSource !== null) return bestSource;
      return indexRuleHolds()
        ? {
            rule: "index",
            interrupted_index: firstInterrupted,
            resumed_index: firstResumed,
            interrupted_seq: firstInterruptedSeq,
            resumed_seq: firstResumedSeq,
          }
        : null;
    },
  };
}
