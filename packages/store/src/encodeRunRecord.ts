import { EncodeError } from "@oris/kernel-types";
import { encodeKernelObservability } from "@oris/observability";
import type { RunRecord } from "./RunRecord.js";

/**
 * One run's NDJSON record, key order as written:
 * `{"run_id":"…","observability":{…}}` with serde_json's exact bytes for the
 * KernelObservability (or `null`), or `{"run_id":"…","error":"…"}`.
 * `"pretty"` writes serde_json's `to_string_pretty` of the same record (two-space indent).
 * No newline is added. Throws EncodeError for a run id with a lone surrogate.
 *
 * @example
 * ```ts
 * encodeRunRecord({ runId: "r", observability: null }); // '{"run_id":"r","observability":null}'
 * ```
 */
export function encodeRunRecord(record: RunRecord, layout: "json" | "pretty" = "json"): string {
  if (typeof record.runId !== "string" || !record.runId.isWellFormed()) {
    throw new EncodeError(
      "/run_id",
      "a string of well-formed UTF-16 (no lone surrogate)",
      JSON.stringify(String(record.runId).toWellFormed()),
    );
  }
  const runId = JSON.stringify(record.runId);
  const compact =
    "error" in record
      ? `{"run_id":${runId},"error":${JSON.stringify(record.error.message.toWellFormed())}}`
      : `{"run_id":${runId},"observability":${record.observability === null ? "null" : encodeKernelObservability(record.observability)}}`;
  // serde_json's to_string_pretty and JSON.stringify's two-space form agree
  // on these values (strings, safe integers, nulls, arrays, objects).
  return layout === "json" ? compact : JSON.stringify(JSON.parse(compact), null, 2);
}
