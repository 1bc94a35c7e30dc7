import type { SchemaDecoder } from "@oris/kernel-types";
import { createSchemaDecoder } from "@oris/kernel-types/codec";
import type { ExecutionCheckpointView } from "./ExecutionCheckpointView.js";
import { formatRfc3339 } from "./formatRfc3339.js";
import { EXECUTION_CHECKPOINT_VIEW_FIELDS } from "./generated/executionCheckpointViewSchema.js";
import {
  executionCheckpointViewDecoderSchema,
  validateExecutionCheckpointView,
} from "./generated/validateExecutionCheckpointView.js";
import { parseRfc3339 } from "./parseRfc3339.js";
import { rememberCreatedAt } from "./readCreatedAt.js";
import type { Rfc3339Instant } from "./Rfc3339Instant.js";

/**
 * What createSchemaDecoder hands the build step: `checkpoint_id` null when
 * absent, strings checked, and `created_at` (`"format": "date-time"`)
 * already read by chrono's rules.
 */
interface ValidView {
  readonly checkpoint_id: string | null;
  readonly created_at: Rfc3339Instant;
}

/** The schema's `date-time` format, read as chrono reads a `DateTime<Utc>`. */
const readDateTime = (text: string): unknown => {
  const r = parseRfc3339(text);
  return r.ok ? r.value : r.error;
};

/**
 * Reads an {@link ExecutionCheckpointView} from a parsed JSON value, as serde
 * reads the Rust struct: `checkpoint_id` missing or `null` is `null`;
 * `created_at` must be a string that chrono 0.4.23 reads as a date-time
 * (see {@link parseRfc3339}: any offset, a space for `T`, leap seconds,
 * signed years…), and comes back in chrono's canonical UTC form; unknown
 * keys (`__proto__` included) are ignored and not copied. Like serde, it
 * also reads the struct's array form, `[checkpoint_id, created_at]`.
 *
 * Never throws. A `created_at` chrono refuses gives a DecodeError at
 * `/created_at` that quotes chrono's message.
 *
 * @param value - a parsed JSON value (untrusted).
 * @returns the view, or where and why it was refused.
 *
 * @example
 * ```ts
 * const r = decodeExecutionCheckpointView(JSON.parse('{"created_at":"2023-11-14 22:13:20.5+01:00"}'));
 * if (r.ok) r.value; // { checkpoint_id: null, created_at: "2023-11-14T21:13:20.500Z" }
 * else console.error(r.error.message); // e.g. "/created_at: expected …"
 * ```
 */
export const decodeExecutionCheckpointView: SchemaDecoder<ExecutionCheckpointView> = createSchemaDecoder(
  validateExecutionCheckpointView,
  executionCheckpointViewDecoderSchema,
  (v: ValidView): ExecutionCheckpointView => {
    const view = { checkpoint_id: v.checkpoint_id, created_at: formatRfc3339(v.created_at) };
    // fromCheckpointHistory and checkpointHistoryToTrace take the instant from here instead of parsing again.
    rememberCreatedAt(view, v.created_at);
    return view;
  },
  { structFields: EXECUTION_CHECKPOINT_VIEW_FIELDS, formats: { "date-time": readDateTime } },
);
