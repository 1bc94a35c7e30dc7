import type { SchemaDecoder } from "@oris/kernel-types";
import { createSchemaDecoder } from "@oris/kernel-types/codec";
import { KERNEL_OBSERVABILITY_FIELDS } from "./generated/kernelObservabilitySchema.js";
import {
  kernelObservabilityDecoderSchema,
  validateKernelObservability,
} from "./generated/validateKernelObservability.js";
import type { KernelObservability, LeaseEdge } from "./KernelObservability.js";

/** What createSchemaDecoder hands the build step: a fresh copy, every field present (absent ones null), strings and integers checked. */
interface ValidObservability {
  readonly reasoning_timeline: string[] | null;
  readonly lease_graph: LeaseEdge[] | null;
  readonly replay_cost: number | null;
  readonly interrupt_latency_ms: number | null;
}

/**
 * Reads a {@link KernelObservability} from a parsed JSON value, as serde
 * reads the Rust struct: a missing key is `null`, unknown keys are ignored,
 * a lease edge is a 2-element array of strings. Like serde, it also reads
 * the struct's array form (exactly four elements, in field order).
 *
 * Never throws: any value gives a `DecodeResult`. One that throws while it is
 * read (a getter, a Proxy trap, a revoked Proxy; parsed JSON never does) is
 * refused with a `DecodeError` at the pointer of the value that threw
 * (at `/reasoning_timeline/3`: "expected a value that can be read without
 * an exception, … (got an exception while reading it: Error: …)"). Only the
 * engine's own failures escape: out of memory, or a call stack the caller has
 * already all but used up.
 *
 * @example
 * ```ts
 * decodeKernelObservability(JSON.parse('{"replay_cost":2}'));
 * // { ok: true, value: { reasoning_timeline: null, lease_graph: null, replay_cost: 2, interrupt_latency_ms: null } }
 * ```
 */
export const decodeKernelObservability: SchemaDecoder<KernelObservability> = createSchemaDecoder(
  validateKernelObservability,
  kernelObservabilityDecoderSchema,
  (v: ValidObservability): KernelObservability => ({
    reasoning_timeline: v.reasoning_timeline,
    lease_graph: v.lease_graph,
    replay_cost: v.replay_cost,
    interrupt_latency_ms: v.interrupt_latency_ms,
  }),
  { structFields: KERNEL_OBSERVABILITY_FIELDS },
);
