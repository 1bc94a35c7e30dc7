import type { KernelTraceEvent } from "@oris/kernel-types";

/**
 * Which derivation rules to follow: `"0.2"` is the seed (Oris 0.2.12,
 * the default), `"0.3"` upstream Oris 0.3.0 (step/action ids in the timeline,
 * timestamp-based interrupt latency).
 */
export type ObservabilityProfile = "0.2" | "0.3";

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
  /** Feeds the next event; returns its `reasoning_timeline` entry. O(1). */
  push(event: KernelTraceEvent): string;
  /**
   * Feeds the next event as {@link ObservabilityStream.push} does, without
   * making its timeline entry: for a caller that writes the entry itself
   * (from the input's bytes, say). Only the parts the rules read are given:
   * the kind (only `"Interrupted"` and `"Resumed"` matter; any other string
   * stands for every other kind), the seq and the timestamp. O(1).
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
 * and `fromKernelTrace` are built on it, so all three follow one set of rules.
 *
 * @example
 * ```ts
 * const stream = createObservabilityStream({ profile: "0.3" });
 * for await (const event of events) out.write(JSON.stringify(stream.push(event)) + "\n"); // timeline entries
 * stream.replayCost(); stream.interruptLatencyMs(); stream.interruptLatencySource();
 * ```
 */
export function createObservabilityStream(options: ObservabilityOptions = {}): ObservabilityStream {
  const v03 = (options.profile ?? "0.2") === "0.3";
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

  const advance = (kind: string, seq: number, timestampMs: number | null | undefined): void => {
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
  const push = (event: KernelTraceEvent): string => {
    const kind = event.kind;
    const seq = event.seq;
    advance(kind, seq, event.timestamp_ms);
    if (kind !== lastKind) {
      lastKind = kind;
      lastPrefix = shared(prefixes, "", kind, "#");
    }
    if (!v03) return lastPrefix + seq;
    const id = event.step_id ?? event.action_id ?? null;
    return id === null ? lastPrefix + seq : lastPrefix + seq + shared(suffixes, "(", id, ")");
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
    bestSource = { rule: "timestamps", interrupted_seq: startSeq, resumed_seq: endSeq, interrupted_ms: start, resumed_ms: end };
  };

  const indexRuleHolds = (): boolean => firstInterrupted >= 0 && firstResumed >= firstInterrupted;

  return {
    push,
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
