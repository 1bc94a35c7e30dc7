import type { DecodeResult } from "@oris/kernel-types";
import { checkWellFormed, createSchemaDecoder } from "@oris/kernel-types/internal";
import type { ExecutionCheckpointView } from "./ExecutionCheckpointView.js";
import { formatRfc3339 } from "./formatRfc3339.js";
import {
  executionCheckpointViewDecoderSchema,
  validateExecutionCheckpointView,
} from "./generated/validateExecutionCheckpointView.js";
import { parseRfc3339 } from "./parseRfc3339.js";

interface ValidView {
  checkpoint_id?: string | null;
  created_at: string;
}

const hasOwn = Object.prototype.hasOwnProperty;

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
export const decodeExecutionCheckpointView: (value: unknown) => DecodeResult<ExecutionCheckpointView> =
  createSchemaDecoder(validateExecutionCheckpointView, executionCheckpointViewDecoderSchema, (v: ValidView) => {
    const checkpoint_id = hasOwn.call(v, "checkpoint_id") ? (v.checkpoint_id ?? null) : null;
    const created_at = v.created_at;
    const bad =
      (checkpoint_id === null ? undefined : checkWellFormed(checkpoint_id, "/checkpoint_id")) ??
      checkWellFormed(created_at, "/created_at");
    if (bad !== undefined) return bad;
    const instant = parseRfc3339(created_at);
    if (!instant.ok) return instant.error.under("/created_at");
    return { checkpoint_id, created_at: formatRfc3339(instant.value) };
  }, { structFields: ["checkpoint_id", "created_at"] });
