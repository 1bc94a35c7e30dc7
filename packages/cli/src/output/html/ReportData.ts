import type { ExecutionCheckpointView } from "@oris/checkpoint-bridge";
import { parseRfc3339, signedDurationSince } from "@oris/checkpoint-bridge";
import type { KernelTraceEvent } from "@oris/kernel-types";
import type { InterruptLatencySource, KernelObservability, ObservabilityProfile } from "@oris/observability";

/**
 * The data of an HTML report, as the page reads it (`page/data.ts` decodes
 * it): compact, so that a report's size grows with its events and nothing
 * else. Every string (kinds, ids) is written once, in `strings`; each run's
 * events are columns of small integers (indexes into `strings`, deltas of
 * seq and timestamp). The page derives each event's timeline entry from its
 * columns by the profile's rule (`Kind#seq`, and `(id)` under 0.3); an entry
 * the library made otherwise is written out in `x`, so the timeline the page
 * shows is always the one `--format json` writes.
 */
export interface ReportMeta {
  /** Which input: a trace, a checkpoint history, runs of trace files (`--by-run`), runs of a database (`--db`). */
  readonly mode: "trace" | "checkpoints" | "by-run" | "db";
  readonly profile: ObservabilityProfile;
  /** What was read, in words (file names and layouts, or the database). */
  readonly source: string;
}

/** Which events gave `interrupt_latency_ms`: indexes into the run's events. */
export interface LatencyPair {
  /** `timestamps`: the 0.3 rule; `index`: the 0.2 rule (and 0.3's fallback); `checkpoints`: the largest gap between consecutive checkpoints (0.3). */
  readonly rule: "timestamps" | "index" | "checkpoints";
  readonly from: number;
  readonly to: number;
}

/** One run of a report, ready to be written. */
export interface ReportRun {
  /** The run's id; `null` for a trace read as one (whatever run ids its events carry). */
  readonly id: string | null;
  /** The run's KernelObservability as `--format json` writes it; `null` when there is none (a run without checkpoints, or an error). */
  readonly observability: KernelObservability | null;
  /** How many entries its `reasoning_timeline` has (`null` for none), for a caller that streamed them. */
  readonly timelineEntries: number | null;
  /** Why the run could not be derived, or `null`. */
  readonly error: string | null;
  /** Its events (none for a run whose rows could not be read). */
  readonly events: EventColumns;
  readonly latency: LatencyPair | null;
}

/** Strings shared by every run of a report, each written once. */
export class StringTable {
  private readonly index = new Map<string, number>();
  readonly strings: string[] = [];

  /** The string's index, adding it the first time. */
  id(s: string): number {
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.strings.length;
      this.strings.push(s);
      this.index.set(s, i);
    }
    return i;
  }
}

/** Values in one array piece of the JSON text: long columns are written in pieces. */
const PIECE_VALUES = 16 * 1024;

/**
 * A run's events, as columns: what the page draws. Also pairs each Resumed
 * with the Interrupted before it (the pairs the timeline draws, and the
 * 0.3 rule's candidates) as events come.
 */
export class EventColumns {
  private readonly table: StringTable;
  private readonly profile: ObservabilityProfile;
  count = 0;
  private readonly kinds: number[] = [];
  private readonly seqs: number[] = [];
  /** Absolute timestamps; NaN where an event has none. */
  private readonly times: number[] = [];
  private timed = 0;
  /** 0 for none, else 1 + the string's index. */
  private readonly steps: number[] = [];
  private readonly actions: number[] = [];
  private readonly runIds: number[] = [];
  private firstRunId: string | null = null;
  private mixedRunIds = false;
  /** Entries the page's rule would not make: [index, entry]. */
  private readonly exceptions: [number, string][] = [];
  /** Interrupted→Resumed pairs, by index: each Resumed closes the latest Interrupted not yet closed. */
  readonly gaps: [number, number][] = [];
  private pendingInterrupt = -1;

  constructor(table: StringTable, profile: ObservabilityProfile) {
    this.table = table;
    this.profile = profile;
  }

  /** Adds the next event and its timeline entry (as the library made it). */
  add(event: KernelTraceEvent, entry: string): void {
    const i = this.count++;
    const t = this.table;
    this.kinds.push(t.id(event.kind));
    this.seqs.push(event.seq);
    const ms = event.timestamp_ms;
    if (typeof ms === "number") {
      this.times.push(ms);
      this.timed++;
    } else this.times.push(Number.NaN);
    const step = event.step_id;
    const action = event.action_id;
    this.steps.push(typeof step === "string" ? 1 + t.id(step) : 0);
    this.actions.push(typeof action === "string" ? 1 + t.id(action) : 0);
    const runId = event.run_id;
    if (this.firstRunId === null) this.firstRunId = runId;
    else if (runId !== this.firstRunId) this.mixedRunIds = true;
    this.runIds.push(t.id(runId));
    if (entry !== ruleEntry(event, this.profile)) this.exceptions.push([i, entry]);
    if (event.kind === "Interrupted") this.pendingInterrupt = i;
    else if (event.kind === "Resumed" && this.pendingInterrupt >= 0) {
      this.gaps.push([this.pendingInterrupt, i]);
      this.pendingInterrupt = -1;
    }
  }

  /** The run ids its events carry, when more than one (a trace read as one). */
  get mixed(): boolean {
    return this.mixedRunIds;
  }

  /**
   * The events that gave the latency, from the stream's account of it: the
   * index rule names positions; the 0.3 rule's pair is the first of the
   * largest gap among the pairs (as the stream keeps the first), checked
   * against the seqs and timestamps it reports.
   */
  latencyPair(source: InterruptLatencySource | null): LatencyPair | null {
    if (source === null) return null;
    if (source.rule === "index") return { rule: "index", from: source.interrupted_index, to: source.resumed_index };
    let best: [number, number] | null = null;
    let bestGap = -1;
    for (const [a, b] of this.gaps) {
      const start = this.times[a] as number;
      const end = this.times[b] as number;
      if (Number.isNaN(start) || Number.isNaN(end) || end < start) continue;
      if (end - start > bestGap) {
        bestGap = end - start;
        best = [a, b];
      }
    }
    const matches = (p: [number, number]): boolean =>
      this.seqs[p[0]] === source.interrupted_seq &&
      this.seqs[p[1]] === source.resumed_seq &&
      this.times[p[0]] === source.interrupted_ms &&
      this.times[p[1]] === source.resumed_ms;
    if (best === null || !matches(best)) best = this.gaps.find(matches) ?? null;
    return best === null ? null : { rule: "timestamps", from: best[0], to: best[1] };
  }

  /** The columns as the page reads them, in pieces of JSON text. */
  *json(): Generator<string, void, undefined> {
    yield `{"n":${this.count},"k":`;
    yield* numbers(this.kinds);
    yield `,"s":`;
    yield* numbers(deltas(this.seqs));
    if (this.timed > 0) {
      // Deltas from the previous timestamp (absent ones skipped, written as null); absolute values if a delta is not exact.
      let previous = 0;
      let exact = true;
      const out: (number | null)[] = this.times.map((ms) => {
        if (Number.isNaN(ms)) return null;
        const d = ms - previous;
        if (!Number.isSafeInteger(d)) exact = false;
        previous = ms;
        return d;
      });
      if (exact) {
        yield `,"t":`;
        yield* numbers(out);
      } else {
        yield `,"ta":`;
        yield* numbers(this.times.map((ms) => (Number.isNaN(ms) ? null : ms)));
      }
    }
    if (this.steps.some((x) => x !== 0)) {
      yield `,"st":`;
      yield* numbers(this.steps);
    }
    if (this.actions.some((x) => x !== 0)) {
      yield `,"ac":`;
      yield* numbers(this.actions);
    }
    if (this.mixedRunIds) {
      yield `,"r":`;
      yield* numbers(this.runIds);
    } else if (this.firstRunId !== null) yield `,"r1":${this.table.id(this.firstRunId)}`;
    if (this.exceptions.length > 0) yield `,"x":${scriptJson(this.exceptions)}`;
    yield `,"g":${JSON.stringify(this.gaps)}}`;
  }
}

/** The entry the page makes for an event: `Kind#seq`, and under 0.3 `(step_id)`, else `(action_id)`, when there is one. */
function ruleEntry(event: KernelTraceEvent, profile: ObservabilityProfile): string {
  const base = `${event.kind}#${event.seq}`;
  if (profile !== "0.3") return base;
  const id =
    typeof event.step_id === "string" ? event.step_id : typeof event.action_id === "string" ? event.action_id : null;
  return id === null ? base : `${base}(${id})`;
}

function deltas(values: readonly number[]): number[] {
  let previous = 0;
  return values.map((v) => {
    const d = v - previous;
    previous = v;
    return d;
  });
}

/** A JSON array of numbers (or nulls), in pieces. */
function* numbers(values: readonly (number | null)[]): Generator<string, void, undefined> {
  if (values.length === 0) {
    yield "[]";
    return;
  }
  for (let i = 0; i < values.length; i += PIECE_VALUES) {
    let piece = i === 0 ? "[" : ",";
    const end = Math.min(values.length, i + PIECE_VALUES);
    for (let j = i; j < end; j++) piece += (j === i ? "" : ",") + (values[j] === null ? "null" : String(values[j]));
    yield piece;
  }
  yield "]";
}

/**
 * JSON for inside a `<script type="application/json">` element: `<` is
 * written `\u003c` (so no `</script>` or `<!--` can end or change the
 * element), and a lone surrogate as JSON.stringify writes it, `\udXXX`
 * (never as bytes UTF-8 cannot hold).
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replaceAll("<", "\\u003c");
}

/**
 * The pair of consecutive checkpoints whose gap is the 0.3
 * `interrupt_latency_ms` (the largest gap, in whole milliseconds truncated
 * as chrono does; the first such pair), or `null`.
 */
export function checkpointGap(
  history: readonly ExecutionCheckpointView[],
  latencyMs: number | null,
): LatencyPair | null {
  if (latencyMs === null) return null;
  let previous = history.length > 0 ? parseRfc3339((history[0] as ExecutionCheckpointView).created_at) : null;
  for (let k = 1; k < history.length; k++) {
    const current = parseRfc3339((history[k] as ExecutionCheckpointView).created_at);
    if (previous !== null && previous.ok && current.ok) {
      const ms = signedDurationSince(current.value, previous.value) / 1_000_000n;
      if (ms === BigInt(latencyMs)) return { rule: "checkpoints", from: k - 1, to: k };
    }
    previous = current;
  }
  return null;
}

/** A run's events and their entries (the timeline the library made for them, in order) as columns. */
export function columnsOf(
  table: StringTable,
  profile: ObservabilityProfile,
  trace: readonly KernelTraceEvent[],
  timeline: readonly string[] | null,
): EventColumns {
  const columns = new EventColumns(table, profile);
  trace.forEach((event, i) => columns.add(event, timeline?.[i] ?? ruleEntry(event, profile)));
  return columns;
}
