import { EncodeError } from "@oris/kernel-types";
import { describeValue, writeNullableString, writeString } from "@oris/kernel-types/codec";
import type { ExecutionCheckpointView } from "./ExecutionCheckpointView.js";
import { formatRfc3339 } from "./formatRfc3339.js";
import { parseRfc3339 } from "./parseRfc3339.js";

/**
 * Writes an {@link ExecutionCheckpointView} exactly as serde_json writes the
 * Rust struct: keys `checkpoint_id, created_at` in that order, `null` for no
 * id, no whitespace, and `created_at` in chrono's canonical UTC form
 * (re-formatted, so `"2023-11-14T23:13:20+01:00"` is written
 * `"2023-11-14T22:13:20Z"`). Unknown properties are never written.
 *
 * Throws `EncodeError` (from `@oris/kernel-types`) for a `created_at` that
 * chrono would not read, or an id with a lone surrogate.
 *
 * @param view - the view to write.
 * @returns serde_json's exact bytes.
 *
 * @example
 * ```ts
 * encodeExecutionCheckpointView({ checkpoint_id: null, created_at: "2023-11-14T22:13:20.100Z" });
 * // '{"checkpoint_id":null,"created_at":"2023-11-14T22:13:20.100Z"}'
 * ```
 */
export function encodeExecutionCheckpointView(view: ExecutionCheckpointView): string {
  const id = writeNullableString(view.checkpoint_id ?? null, "/checkpoint_id");
  const text: unknown = view.created_at;
  if (typeof text !== "string") {
    throw new EncodeError("/created_at", "an RFC 3339 date-time string", describeValue(text));
  }
  const instant = parseRfc3339(text);
  if (!instant.ok) throw new EncodeError("/created_at", instant.error.expected, instant.error.got);
  return `{"checkpoint_id":${id},"created_at":${writeString(formatRfc3339(instant.value), "/created_at")}}`;
}
