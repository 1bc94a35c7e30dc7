import { tooLongForAString } from "@oris/kernel-types/codec";
import type { KernelObservability } from "./KernelObservability.js";
import {
  encodeTimelineEntry,
  kernelObservabilityJsonPieces,
  STREAMING_HINT,
  writeClosing,
  type JsonLayout,
} from "./observabilityJsonWriter.js";

/** Options of {@link encodeKernelObservability}. */
export interface EncodeKernelObservabilityOptions {
  /** `"json"` (the default): serde_json's `to_string`; `"pretty"`: its `to_string_pretty`. */
  readonly layout?: JsonLayout;
}

/**
 * Writes a {@link KernelObservability} exactly as serde_json writes the Rust
 * struct: all four keys in order, `null` for none — with no whitespace
 * (`to_string`, the default), or with `layout: "pretty"` as
 * `to_string_pretty` writes it (two-space indent, `"key": value`, each entry
 * on its own line, `[]` for an empty vec). No newline at the end.
 *
 * Throws `EncodeError` (from `@oris/kernel-types`) for a value the Rust side
 * could not read back, and for one whose JSON text is too long for one
 * JavaScript string (V8's limit: 2^29−24 UTF-16 code units, a timeline of
 * some 20 million entries like `"StateUpdated#1234567"`); its `path` then
 * names the entry being written when the limit was passed. Write a timeline
 * that long in pieces: `createObservabilityJsonWriter()` writes the same
 * text entry by entry, `createObservabilityStream()` hands out one entry per
 * event, and `@oris/trace-reader`'s `ObservabilityEncoder` writes the JSON as
 * bytes.
 *
 * @example
 * ```ts
 * encodeKernelObservability(withReplayCost(emptyObservability(), 2));
 * // '{"reasoning_timeline":null,"lease_graph":null,"replay_cost":2,"interrupt_latency_ms":null}'
 * encodeKernelObservability(withReplayCost(emptyObservability(), 2), { layout: "pretty" });
 * // '{\n  "reasoning_timeline": null,\n  "lease_graph": null,\n  "replay_cost": 2,\n  "interrupt_latency_ms": null\n}'
 * ```
 */
export function encodeKernelObservability(o: KernelObservability, options?: EncodeKernelObservabilityOptions): string {
  const pieces = kernelObservabilityJsonPieces(options?.layout ?? "json");
  const timeline = o.reasoning_timeline ?? null;
  // The entries as createObservabilityJsonWriter() writes them, appended to
  // one string (the separator on its own, so that a text too long for one
  // string is reported after the last piece that fitted).
  let out = "";
  let i = -1;
  if (timeline !== null && timeline.length > 0) {
    try {
      out = pieces.opening;
      const between = pieces.between;
      for (i = 0; i < timeline.length; i++) {
        if (i > 0) out += between;
        out += encodeTimelineEntry(timeline[i] as string, i);
      }
    } catch (err) {
      throw tooLongForAString(err, `/reasoning_timeline/${i}`, out.length, STREAMING_HINT) ?? err;
    }
  }
  return writeClosing(out, o, timeline === null ? null : timeline.length, pieces.layout === "pretty");
}
