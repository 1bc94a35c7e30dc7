/**
 * The report's data (written by ReportData.ts in the CLI), decoded into typed
 * arrays: kinds and ids as indexes into the shared strings, seqs and
 * timestamps as numbers (NaN for an event without a timestamp).
 */
import { KERNEL_EVENT_KINDS } from "@oris/kernel-types";

export type Profile = "0.2" | "0.3";

export interface Meta {
  readonly mode: "trace" | "checkpoints" | "by-run" | "db";
  readonly profile: Profile;
  readonly source: string;
}

/** A run's KernelObservability as `--format json` writes it, but for the timeline, which is its length here (its entries come from the events). */
export interface Observability {
  readonly timeline: number | null;
  readonly lease_graph: readonly (readonly [string, string])[] | null;
  readonly replay_cost: number | null;
  readonly interrupt_latency_ms: number | null;
}

export interface LatencyPair {
  readonly rule: "timestamps" | "index" | "checkpoints";
  readonly from: number;
  readonly to: number;
}

interface RawEvents {
  readonly n: number;
  readonly k: number[];
  readonly s: number[];
  readonly t?: (number | null)[];
  readonly ta?: (number | null)[];
  readonly st?: number[];
  readonly ac?: number[];
  readonly r?: number[];
  readonly r1?: number;
  readonly x?: [number, string][];
  readonly g: [number, number][];
}

interface RawRun {
  readonly id: string | null;
  readonly obs: Observability | null;
  readonly error: string | null;
  readonly lat: LatencyPair | null;
  readonly ev: RawEvents;
}

interface RawReport {
  readonly format: number;
  readonly meta: Meta;
  readonly runs: RawRun[];
  readonly strings: string[];
}

/** A run's events, decoded. */
export interface Events {
  readonly count: number;
  /** Index into {@link Report.strings}. */
  readonly kind: Int32Array;
  readonly seq: Float64Array;
  /** NaN where the event has no timestamp. */
  readonly time: Float64Array;
  /** How many events have a timestamp. */
  readonly timed: number;
  /** Index into {@link Report.strings}, or -1 for null. */
  readonly step: Int32Array;
  readonly action: Int32Array;
  /** Index into {@link Report.strings} per event (a trace of several runs), or `null`. */
  readonly runIds: Int32Array | null;
  /** The run id of every event (one run), or -1. */
  readonly runId: number;
  /** Timeline entries the library made otherwise than the rule does. */
  readonly exceptions: ReadonlyMap<number, string>;
  /** Interrupted→Resumed pairs, by index. */
  readonly gaps: readonly (readonly [number, number])[];
}

export interface Run {
  /** Its position in the report. */
  readonly index: number;
  readonly id: string | null;
  readonly obs: Observability | null;
  readonly error: string | null;
  readonly latency: LatencyPair | null;
  readonly count: number;
  /** First and last timestamp (NaN if none). */
  readonly firstTime: number;
  readonly lastTime: number;
  /** Decoded on first use. */
  events(): Events;
}

export interface Report {
  readonly meta: Meta;
  readonly strings: readonly string[];
  readonly runs: readonly Run[];
}

/** Reads the report's data from its JSON element. */
export function readReport(text: string): Report {
  const raw = JSON.parse(text) as RawReport;
  if (raw.format !== 1) throw new Error(`this page reads report data of format 1, not ${String(raw.format)}`);
  const strings = raw.strings;
  const runs = raw.runs.map((r, index): Run => {
    let decoded: Events | null = null;
    const [firstTime, lastTime] = timeRange(r.ev);
    return {
      index,
      id: r.id,
      obs: r.obs,
      error: r.error,
      latency: r.lat,
      count: r.ev.n,
      firstTime,
      lastTime,
      events: () => (decoded ??= decodeEvents(r.ev)),
    };
  });
  return { meta: raw.meta, strings, runs };
}

/** The first and last timestamp, in the events' order (what the summary calls first and last). */
function timeRange(ev: RawEvents): [number, number] {
  let first = Number.NaN;
  let last = Number.NaN;
  if (ev.ta !== undefined) {
    for (const v of ev.ta) {
      if (v === null) continue;
      if (Number.isNaN(first)) first = v;
      last = v;
    }
  } else if (ev.t !== undefined) {
    let at = 0;
    for (const d of ev.t) {
      if (d === null) continue;
      at += d;
      if (Number.isNaN(first)) first = at;
      last = at;
    }
  }
  return [first, last];
}

function decodeEvents(ev: RawEvents): Events {
  const n = ev.n;
  const kind = Int32Array.from(ev.k);
  const seq = new Float64Array(n);
  let at = 0;
  for (let i = 0; i < n; i++) seq[i] = at += ev.s[i] as number;
  const time = new Float64Array(n).fill(Number.NaN);
  let timed = 0;
  if (ev.ta !== undefined) {
    for (let i = 0; i < n; i++) {
      const v = ev.ta[i];
      if (v !== null && v !== undefined) {
        time[i] = v;
        timed++;
      }
    }
  } else if (ev.t !== undefined) {
    let t = 0;
    for (let i = 0; i < n; i++) {
      const d = ev.t[i];
      if (d !== null && d !== undefined) {
        time[i] = t += d;
        timed++;
      }
    }
  }
  const ids = (column: number[] | undefined): Int32Array => {
    const out = new Int32Array(n).fill(-1);
    if (column !== undefined) for (let i = 0; i < n; i++) out[i] = (column[i] as number) - 1;
    return out;
  };
  return {
    count: n,
    kind,
    seq,
    time,
    timed,
    step: ids(ev.st),
    action: ids(ev.ac),
    runIds: ev.r === undefined ? null : Int32Array.from(ev.r),
    runId: ev.r1 ?? -1,
    exceptions: new Map(ev.x ?? []),
    gaps: ev.g,
  };
}

/** Event `i`'s `reasoning_timeline` entry: `Kind#seq`, and under 0.3 `(step_id)`, else `(action_id)`, when there is one. */
export function entryOf(report: Report, events: Events, i: number): string {
  const made = events.exceptions.get(i);
  if (made !== undefined) return made;
  const s = report.strings;
  const base = `${s[events.kind[i] as number]}#${events.seq[i]}`;
  if (report.meta.profile !== "0.3") return base;
  const id = (events.step[i] as number) >= 0 ? events.step[i] : events.action[i];
  return (id as number) >= 0 ? `${base}(${s[id as number]})` : base;
}

/** Event `i`'s run id. */
export function runIdOf(report: Report, events: Events, i: number): string | null {
  const r = events.runIds !== null ? (events.runIds[i] as number) : events.runId;
  return r >= 0 ? (report.strings[r] as string) : null;
}

/** The kinds the runtime emits, in the order the report lists them (others follow by first appearance). */
export const KNOWN_KINDS: readonly string[] = KERNEL_EVENT_KINDS;

/** An action request paired with its outcome. */
export interface ActionPairs {
  /** [request, outcome] indexes, flattened. */
  readonly pairs: Int32Array;
  /** 1 where the outcome is ActionSucceeded. */
  readonly succeeded: Uint8Array;
  /** Requests with no outcome, outcomes with no request (or no action_id). */
  readonly openRequests: number;
  readonly orphanOutcomes: number;
}

/**
 * Pairs each ActionSucceeded or ActionFailed with the earliest ActionRequested
 * of the same `action_id` not yet answered. Events without an `action_id`
 * are not paired.
 */
export function pairActions(report: Report, events: Events): ActionPairs {
  const s = report.strings;
  const requested = s.indexOf("ActionRequested");
  const succeeded = s.indexOf("ActionSucceeded");
  const failed = s.indexOf("ActionFailed");
  const open = new Map<number, number[]>();
  const pairs: number[] = [];
  const ok: number[] = [];
  let orphans = 0;
  for (let i = 0; i < events.count; i++) {
    const k = events.kind[i] as number;
    if (k !== requested && k !== succeeded && k !== failed) continue;
    const a = events.action[i] as number;
    if (a < 0) {
      if (k !== requested) orphans++;
      continue;
    }
    if (k === requested) {
      const q = open.get(a);
      if (q === undefined) open.set(a, [i]);
      else q.push(i);
      continue;
    }
    const q = open.get(a);
    const start = q?.shift();
    if (start === undefined) {
      orphans++;
      continue;
    }
    pairs.push(start, i);
    ok.push(k === succeeded ? 1 : 0);
  }
  let openRequests = 0;
  for (const q of open.values()) openRequests += q.length;
  // By request position, so the drawing can walk them in order.
  const order = ok.map((_, j) => j).sort((x, y) => (pairs[2 * x] as number) - (pairs[2 * y] as number));
  const sorted = new Int32Array(pairs.length);
  const sortedOk = new Uint8Array(ok.length);
  order.forEach((j, at) => {
    sorted[2 * at] = pairs[2 * j] as number;
    sorted[2 * at + 1] = pairs[2 * j + 1] as number;
    sortedOk[at] = ok[j] as number;
  });
  return { pairs: sorted, succeeded: sortedOk, openRequests, orphanOutcomes: orphans };
}
