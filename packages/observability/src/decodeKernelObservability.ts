import type { DecodeResult } from "@oris/kernel-types";
import { checkNotNegativeZero, checkWellFormed, createSchemaDecoder } from "@oris/kernel-types/internal";
import { kernelObservabilityDecoderSchema, validateKernelObservability } from "./generated/validateKernelObservability.js";
import type { KernelObservability, LeaseEdge } from "./KernelObservability.js";

interface ValidObservability {
  reasoning_timeline?: string[] | null;
  lease_graph?: [string, string][] | null;
  replay_cost?: number | null;
  interrupt_latency_ms?: number | null;
}

const hasOwn = Object.prototype.hasOwnProperty;
const own = <K extends keyof ValidObservability>(v: ValidObservability, k: K): NonNullable<ValidObservability[K]> | null =>
  hasOwn.call(v, k) ? (v[k] ?? null) : null;

/**
 * Reads a {@link KernelObservability} from a parsed JSON value, as serde
 * reads the Rust struct: a missing key is `null`, unknown keys are ignored,
 * a lease edge is a 2-element array of strings. Like serde, it also reads
 * the struct's array form (exactly four elements, in field order).
 *
 * Never throws: any value gives a `DecodeResult`. One that throws while it is
 * read (a getter, a Proxy trap, a revoked Proxy; parsed JSON never does) is
 * refused with a `DecodeError` at the pointer of the value that threw
 * (at `/reasoning_timeline/3`: "expected a value that can be read without
 * an exception, … (got an exception while reading it: Error: …)"). Only the
 * engine's own failures escape: out of memory, or a call stack the caller has
 * already all but used up.
 *
 * @example
 * ```ts
 * decodeKernelObservability(JSON.parse('{"replay_cost":2}'));
 * // { ok: true, value: { reasoning_timeline: null, lease_graph: null, replay_cost: 2, interrupt_latency_ms: null } }
 * ```
 */
export const decodeKernelObservability: (value: unknown) => DecodeResult<KernelObservability> = createSchemaDecoder(
  validateKernelObservability,
  kernelObservabilityDecoderSchema,
  (v: ValidObservability) => {
    const timeline = own(v, "reasoning_timeline");
    const graph = own(v, "lease_graph");
    let entries: string[] | null = null;
    if (timeline !== null) {
      entries = [];
      for (let i = 0; i < timeline.length; i++) {
        const entry = timeline[i] as string;
        const bad = checkWellFormed(entry, `/reasoning_timeline/${i}`);
        if (bad !== undefined) return bad;
        entries.push(entry);
      }
    }
    let edges: LeaseEdge[] | null = null;
    if (graph !== null) {
      edges = [];
      for (let i = 0; i < graph.length; i++) {
        const [attempt, worker] = graph[i] as [string, string];
        const bad = checkWellFormed(attempt, `/lease_graph/${i}/0`) ?? checkWellFormed(worker, `/lease_graph/${i}/1`);
        if (bad !== undefined) return bad;
        edges.push([attempt, worker]);
      }
    }
    const replay_cost = own(v, "replay_cost");
    const interrupt_latency_ms = own(v, "interrupt_latency_ms");
    const negativeZero =
      (replay_cost === null ? undefined : checkNotNegativeZero(replay_cost, "/replay_cost")) ??
      (interrupt_latency_ms === null ? undefined : checkNotNegativeZero(interrupt_latency_ms, "/interrupt_latency_ms"));
    if (negativeZero !== undefined) return negativeZero;
    return {
      reasoning_timeline: entries,
      lease_graph: edges,
      replay_cost,
      interrupt_latency_ms,
    };
  },
  { structFields: ["reasoning_timeline", "lease_graph", "replay_cost", "interrupt_latency_ms"] },
);
