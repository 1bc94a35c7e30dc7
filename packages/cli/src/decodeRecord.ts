import type { DecodeError, DecodeResult } from "@oris/kernel-types";
import { checkRawRecord, type RecordShape } from "./serdeRawText.js";

/** Why a record was refused: the decoder's error, or JSON.parse's. */
export type RecordFailure = { readonly ok: false; readonly error: DecodeError } | { readonly ok: false; readonly syntax: string };

/** A decoded value, or why the record was refused. */
export type RecordResult<T> = { readonly ok: true; readonly value: T } | RecordFailure;

/**
 * The general path for one record's text: `JSON.parse`, then the text is
 * checked for what serde_json refuses and `JSON.parse` hides (a repeated
 * field, a float literal for an integer field; see serdeRawText.ts), then
 * one of the library's decoders (`decodeKernelTraceEvent`,
 * `decodeExecutionCheckpointView`) with its struct's `shape`.
 */
export function decodeRecordText<T>(text: string, decode: (value: unknown) => DecodeResult<T>, shape: RecordShape): RecordResult<T> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { ok: false, syntax: err instanceof Error ? err.message : String(err) };
  }
  const refused = checkRawRecord(text, shape);
  if (refused !== null) return { ok: false, error: refused };
  const r = decode(value);
  return r.ok ? { ok: true, value: r.value } : { ok: false, error: r.error };
}

/**
 * The message for a refused record: `/seq: expected … (got …)`, with the
 * pointer placed under `prefix` (`/3` for the fourth element of a JSON array).
 */
export function describeFailure(failure: RecordFailure, prefix = ""): string {
  if ("error" in failure) return prefix === "" ? failure.error.message : failure.error.under(prefix).message;
  return `${prefix === "" ? "" : `${prefix}: `}not valid JSON: ${failure.syntax}`;
}

/** JSON whitespace only (a blank NDJSON line, skipped). */
export function isBlank(text: string): boolean {
  return /^[ \t\r\n]*$/.test(text);
}
