import { EncodeError } from "@oris/kernel-types";
import { describeValue, writeNullableU64, writeString } from "@oris/kernel-types/internal";
import type { KernelObservability } from "./KernelObservability.js";

/**
 * Writes a {@link KernelObservability} exactly as serde_json writes the Rust
 * struct: all four keys in order, `null` for none, no whitespace.
 * Throws `EncodeError` (from `@oris/kernel-types`) for a value the Rust side
 * could not read back.
 *
 * @example
 * ```ts
 * encodeKernelObservability(withReplayCost(emptyObservability(), 2));
 * // '{"reasoning_timeline":null,"lease_graph":null,"replay_cost":2,"interrupt_latency_ms":null}'
 * ```
 */
export function encodeKernelObservability(o: KernelObservability): string {
  const timeline = o.reasoning_timeline ?? null;
  const graph = o.lease_graph ?? null;
  let out = '{"reasoning_timeline":';
  if (timeline === null) out += "null";
  else {
    out += "[";
    for (let i = 0; i < timeline.length; i++) {
      if (i > 0) out += ",";
      out += writeString(timeline[i], `/reasoning_timeline/${i}`);
    }
    out += "]";
  }
  out += ',"lease_graph":';
  if (graph === null) out += "null";
  else {
    out += "[";
    for (let i = 0; i < graph.length; i++) {
      const edge: unknown = graph[i];
      if (!Array.isArray(edge) || edge.length !== 2) {
        throw new EncodeError(`/lease_graph/${i}`, "a 2-element array [attempt, worker]", describeValue(edge));
      }
      if (i > 0) out += ",";
      out += `[${writeString(edge[0], `/lease_graph/${i}/0`)},${writeString(edge[1], `/lease_graph/${i}/1`)}]`;
    }
    out += "]";
  }
  out += `,"replay_cost":${writeNullableU64(o.replay_cost ?? null, "/replay_cost")}`;
  out += `,"interrupt_latency_ms":${writeNullableU64(o.interrupt_latency_ms ?? null, "/interrupt_latency_ms")}}`;
  return out;
}
