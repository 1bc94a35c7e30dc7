import { EncodeError } from "@oris/kernel-types";
import { describeValue, tooLongForAString, writeNullableU64, writeString } from "@oris/kernel-types/internal";
import type { KernelObservability } from "./KernelObservability.js";

/** The end of the message of a timeline too long for one string. */
const STREAMING_HINT =
  "; a timeline this long can be written in pieces, entry by entry, with createObservabilityStream() or @oris/trace-reader's ObservabilityEncoder";

/**
 * Writes a {@link KernelObservability} exactly as serde_json writes the Rust
 * struct: all four keys in order, `null` for none, no whitespace.
 *
 * Throws `EncodeError` (from `@oris/kernel-types`) for a value the Rust side
 * could not read back, and for one whose JSON text is too long for one
 * JavaScript string (V8's limit: 2^29−24 UTF-16 code units, a timeline of
 * some 20 million entries like `"StateUpdated#1234567"`); its `path` then
 * names the entry being written when the limit was passed. Write a timeline
 * that long in pieces: `createObservabilityStream()` hands out one entry per
 * event, and `@oris/trace-reader`'s `ObservabilityEncoder` writes the JSON as
 * bytes.
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
  // Where the writing is, for the error of a text too long for one string:
  // the field, and the entry or edge within it.
  let field = "/reasoning_timeline";
  let i = -1;
  try {
    if (timeline === null) out += "null";
    else {
      out += "[";
      for (i = 0; i < timeline.length; i++) {
        if (i > 0) out += ",";
        out += writeString(timeline[i], `/reasoning_timeline/${i}`);
      }
      i = -1;
      out += "]";
    }
    field = "/lease_graph";
    out += ',"lease_graph":';
    if (graph === null) out += "null";
    else {
      out += "[";
      for (i = 0; i < graph.length; i++) {
        const edge: unknown = graph[i];
        if (!Array.isArray(edge) || edge.length !== 2) {
          throw new EncodeError(`/lease_graph/${i}`, "a 2-element array [attempt, worker]", describeValue(edge));
        }
        if (i > 0) out += ",";
        out += `[${writeString(edge[0], `/lease_graph/${i}/0`)},${writeString(edge[1], `/lease_graph/${i}/1`)}]`;
      }
      i = -1;
      out += "]";
    }
    field = "/replay_cost";
    out += `,"replay_cost":${writeNullableU64(o.replay_cost ?? null, "/replay_cost")}`;
    field = "/interrupt_latency_ms";
    out += `,"interrupt_latency_ms":${writeNullableU64(o.interrupt_latency_ms ?? null, "/interrupt_latency_ms")}}`;
  } catch (err) {
    throw tooLongForAString(err, i < 0 ? field : `${field}/${i}`, out.length, STREAMING_HINT) ?? err;
  }
  return out;
}
