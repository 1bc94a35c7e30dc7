import fc from "fast-check";
import { describeSchemaContract } from "../../../fixtures/schemaContract.js";
import { KERNEL_OBSERVABILITY_FIELDS } from "./generated/kernelObservabilitySchema.js";
import {
  decodeKernelObservability,
  decodeRejectionReason,
  encodeKernelObservability,
  encodeRejectionReason,
  kernelObservabilitySchema,
  RejectionReason,
  rejectionReasonSchema,
} from "./index.js";

const packageDir = new URL("../", import.meta.url);
const text = fc.string({ maxLength: 4 });

describeSchemaContract({
  name: "KernelObservability",
  packageDir,
  exported: kernelObservabilitySchema,
  decode: decodeKernelObservability,
  structFields: KERNEL_OBSERVABILITY_FIELDS,
  valid: fc
    .record({
      reasoning_timeline: fc.option(fc.array(text, { maxLength: 3 }), { nil: null }),
      lease_graph: fc.option(fc.array(fc.tuple(text, text), { maxLength: 3 }), { nil: null }),
      replay_cost: fc.option(fc.maxSafeNat(), { nil: null }),
      interrupt_latency_ms: fc.option(fc.maxSafeNat(), { nil: null }),
    })
    .map((o) => JSON.parse(encodeKernelObservability(o)) as unknown),
});

describeSchemaContract({
  name: "RejectionReason",
  packageDir,
  exported: rejectionReasonSchema,
  decode: decodeRejectionReason,
  valid: fc
    .oneof(
      fc.option(text, { nil: null }).map((d) => RejectionReason.tenantLimit(d)),
      fc.option(text, { nil: null }).map((d) => RejectionReason.capacityLimit(d)),
      text.map((d) => RejectionReason.other(d)),
    )
    .map((r) => JSON.parse(encodeRejectionReason(r)) as unknown),
});
