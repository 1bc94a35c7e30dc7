import type { DecodeResult } from "./DecodeError.js";
import { validateKernelTraceEvent, kernelTraceEventDecoderSchema } from "./generated/validateKernelTraceEvent.js";
import { checkNotNegativeZero, checkWellFormed } from "./json.js";
import type { KernelTraceEvent } from "./KernelTraceEvent.js";
import { createSchemaDecoder } from "./schemaDecoder.js";

interface ValidEvent {
  run_id: string;
  seq: number;
  step_id?: string | null;
  action_id?: string | null;
  kind: string;
  timestamp_ms?: number | null;
}

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * Reads a {@link KernelTraceEvent} from a parsed JSON value, as serde reads
 * `oris_kernel::KernelTraceEvent`: `step_id`/`action_id` may be missing or
 * `null`; `timestamp_ms` `null` or missing means absent; unknown keys
 * (`__proto__` included) are ignored and not copied. Like serde, it also
 * reads the struct's array form, `["r",1,null,null,"Interrupted",null]`
 * (exactly six elements, in field order).
 *
 * Integers must be safe integers (see the README).
 *
 * Never throws: any value gives a {@link DecodeResult}. One that throws while
 * it is read (a getter, a Proxy trap, a revoked Proxy; parsed JSON never
 * does) is refused with a {@link DecodeError} at the pointer of the value
 * that threw, e.g. at `/seq`: "expected a value that can be read without
 * an exception, as parsed JSON always can (got an exception while reading
 * it: Error: …)". Only the engine's own failures escape: out of memory, or a
 * call stack the caller has already all but used up.
 *
 * @example
 * ```ts
 * const r = decodeKernelTraceEvent(JSON.parse('{"run_id":"r","seq":1,"kind":"Interrupted"}'));
 * if (r.ok) r.value; // { run_id: "r", seq: 1, step_id: null, action_id: null, kind: "Interrupted" }
 * else r.error.message;
 * ```
 */
export const decodeKernelTraceEvent: (value: unknown) => DecodeResult<KernelTraceEvent> = createSchemaDecoder(
  validateKernelTraceEvent,
  kernelTraceEventDecoderSchema,
  (v: ValidEvent) => {
    const step_id = hasOwn.call(v, "step_id") ? (v.step_id ?? null) : null;
    const action_id = hasOwn.call(v, "action_id") ? (v.action_id ?? null) : null;
    const bad =
      checkWellFormed(v.run_id, "/run_id") ??
      (step_id === null ? undefined : checkWellFormed(step_id, "/step_id")) ??
      (action_id === null ? undefined : checkWellFormed(action_id, "/action_id")) ??
      checkWellFormed(v.kind, "/kind");
    if (bad !== undefined) return bad;
    const timestamp_ms = hasOwn.call(v, "timestamp_ms") ? v.timestamp_ms : null;
    const negativeZero =
      checkNotNegativeZero(v.seq, "/seq") ?? (typeof timestamp_ms === "number" ? checkNotNegativeZero(timestamp_ms, "/timestamp_ms") : undefined);
    if (negativeZero !== undefined) return negativeZero;
    return timestamp_ms === null || timestamp_ms === undefined
      ? { run_id: v.run_id, seq: v.seq, step_id, action_id, kind: v.kind }
      : { run_id: v.run_id, seq: v.seq, step_id, action_id, kind: v.kind, timestamp_ms };
  },
  { structFields: ["run_id", "seq", "step_id", "action_id", "kind", "timestamp_ms"] },
);
