import type { SchemaDecoder } from "./standardSchema.js";
import { KERNEL_TRACE_EVENT_FIELDS } from "./generated/kernelTraceEventSchema.js";
import { validateKernelTraceEvent, kernelTraceEventDecoderSchema } from "./generated/validateKernelTraceEvent.js";
import type { KernelTraceEvent } from "./KernelTraceEvent.js";
import { createSchemaDecoder } from "./schemaDecoder.js";

/** What createSchemaDecoder hands the build step: every field, absent ones null, strings and integers checked. */
interface ValidEvent {
  readonly run_id: string;
  readonly seq: number;
  readonly step_id: string | null;
  readonly action_id: string | null;
  readonly kind: string;
  readonly timestamp_ms: number | null;
}

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
export const decodeKernelTraceEvent: SchemaDecoder<KernelTraceEvent> = createSchemaDecoder(
  validateKernelTraceEvent,
  kernelTraceEventDecoderSchema,
  (v: ValidEvent): KernelTraceEvent =>
    v.timestamp_ms === null
      ? { run_id: v.run_id, seq: v.seq, step_id: v.step_id, action_id: v.action_id, kind: v.kind }
      : {
          run_id: v.run_id,
          seq: v.seq,
          step_id: v.step_id,
          action_id: v.action_id,
          kind: v.kind,
          timestamp_ms: v.timestamp_ms,
        },
  { structFields: KERNEL_TRACE_EVENT_FIELDS },
);
