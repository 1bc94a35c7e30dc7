import { escapeForTerminal, thousands } from "./terminalText.js";
import { KERNEL_EVENT_KINDS, type KernelTraceEvent } from "@oris/kernel-types";
import type { InterruptLatencySource, LeaseEdge, ObservabilityProfile } from "@oris/observability";

/** At most this many distinct kinds and run ids are told apart (memory stays flat on any trace). */
const DISTINCT_LIMIT = 1000;
/** Run ids listed by name in the summary. */
const RUN_IDS_SHOWN = 10;

/** The derived values the summary reports next to what it counted. */
export interface SummaryResult {
  readonly profile: ObservabilityProfile;
  readonly inputs: readonly string[];
  readonly replayCost: number | null;
  /** The interrupt latency and where it came from, in words (see {@link describeInterruptLatency}). */
  readonly interruptLatency: string;
  /** Checkpoint mode: the lease graph reported (0.3); `undefined` in trace mode. */
  readonly leaseGraph?: readonly LeaseEdge[] | null;
}

/**
 * What `--format summary` tells people about a trace, gathered while it
 * streams past in O(1) memory: the number of events, how many of each kind,
 * the first and last seq and timestamp, the run ids seen.
 */
export class TraceSummary {
  events = 0;
  private readonly kinds = new Map<string, number>();
  private untrackedKinds = 0;
  private readonly runIds = new Set<string>();
  private moreRunIds = false;
  private firstSeq: number | null = null;
  private lastSeq: number | null = null;
  private firstTime: number | null = null;
  private lastTime: number | null = null;

  add(event: KernelTraceEvent): void {
    this.events++;
    const kind = event.kind;
    const n = this.kinds.get(kind);
    if (n !== undefined) this.kinds.set(kind, n + 1);
    else if (this.kinds.size < DISTINCT_LIMIT) this.kinds.set(copy(kind), 1);
    else this.untrackedKinds++;
    const runId = event.run_id;
    if (!this.runIds.has(runId)) {
      if (this.runIds.size < DISTINCT_LIMIT) this.runIds.add(copy(runId));
      else this.moreRunIds = true;
    }
    this.firstSeq ??= event.seq;
    this.lastSeq = event.seq;
    const t = event.timestamp_ms;
    if (t !== undefined) {
      this.firstTime ??= t;
      this.lastTime = t;
    }
  }

  /** The summary, one `label  value` line each, ending with a newline. */
  format(result: SummaryResult): string {
    const rows: [string, string][] = [];
    // Text from the input (and file names) goes through escapeForTerminal: this is read on a terminal.
    rows.push(["input", escapeForTerminal(result.inputs.join(", "))]);
    rows.push(["profile", result.profile === "0.2" ? "Oris 0.2 rules" : "Oris 0.3 rules"]);
    rows.push(["events", count(this.events)]);
    if (this.events > 0) rows.push(["by kind", this.kindCounts()]);
    rows.push(["replay cost", result.replayCost === null ? "none" : count(result.replayCost)]);
    rows.push(["interrupt latency", result.interruptLatency]);
    if (result.leaseGraph !== undefined) {
      const g = result.leaseGraph;
      rows.push(["lease graph", g === null ? "none" : escapeForTerminal(g.map(([a, w]) => `${a} → ${w}`).join(", "))]);
    }
    if (this.firstSeq !== null && this.lastSeq !== null)
      rows.push(["seq", `first ${this.firstSeq}, last ${this.lastSeq}`]);
    rows.push([
      "time",
      this.firstTime === null || this.lastTime === null
        ? "no timestamps"
        : `first ${formatTime(this.firstTime)}, last ${formatTime(this.lastTime)}`,
    ]);
    const ids = [...this.runIds];
    const shown = escapeForTerminal(ids.slice(0, RUN_IDS_SHOWN).join(", "));
    const total = this.moreRunIds ? `more than ${count(DISTINCT_LIMIT)}` : count(ids.length);
    rows.push(["run ids", ids.length === 0 ? "none" : `${total}: ${shown}${ids.length > RUN_IDS_SHOWN ? ", …" : ""}`]);

    const width = Math.max(...rows.map(([label]) => label.length)) + 2;
    return rows
      .map(([label, value]) => label.padEnd(width) + value.split("\n").join(`\n${" ".repeat(width)}`))
      .join("\n")
      .concat("\n");
  }

  private kindCounts(): string {
    const known = KERNEL_EVENT_KINDS as readonly string[];
    const entries = [...this.kinds].sort(([a, m], [b, n]) => {
      const i = known.indexOf(a);
      const j = known.indexOf(b);
      if (i >= 0 && j >= 0) return i - j;
      if (i >= 0 || j >= 0) return i >= 0 ? -1 : 1;
      return n - m || (a < b ? -1 : 1);
    });
    const parts = entries.map(
      ([kind, n]) => `${escapeForTerminal(JSON.stringify(kind).slice(1, -1)) || '""'} ${count(n)}`,
    );
    if (this.untrackedKinds > 0) parts.push(`other kinds ${count(this.untrackedKinds)}`);
    return parts.join(", ");
  }
}

/**
 * A trace's `interrupt_latency_ms` in words, with the events that gave it:
 * the Interrupted→Resumed pair of the 0.3 timestamp rule, or the positions
 * of the index rule (an event count, whatever the field's name says).
 */
export function describeInterruptLatency(ms: number | null, source: InterruptLatencySource | null): string {
  if (ms === null || source === null) return "none";
  if (source.rule === "timestamps") {
    return (
      `${count(ms)} ms, from Interrupted#${source.interrupted_seq} at ${formatTime(source.interrupted_ms)}\n` +
      `to Resumed#${source.resumed_seq} at ${formatTime(source.resumed_ms)}`
    );
  }
  return (
    `${count(ms)} event${ms === 1 ? "" : "s"} (not milliseconds: the index rule), from the first Interrupted\n` +
    `(event ${count(source.interrupted_index + 1)}, seq ${source.interrupted_seq}) ` +
    `to the first Resumed (event ${count(source.resumed_index + 1)}, seq ${source.resumed_seq})`
  );
}

const count = thousands;

function formatTime(ms: number): string {
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? `${ms} ms` : `${d.toISOString()} (${ms})`;
}

/** A copy that does not keep a larger string (the input block it was sliced from) alive. */
function copy(s: string): string {
  return Buffer.from(s, "utf8").toString("utf8");
}
