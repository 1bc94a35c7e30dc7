import fc from "fast-check";
import { describeSchemaContract } from "../../../fixtures/schemaContract.js";
import {
  decodeKernelTraceEvent,
  encodeKernelTraceEvent,
  KERNEL_TRACE_EVENT_FIELDS,
  kernelTraceEventSchema,
} from "./index.js";

describeSchemaContract({
  name: "KernelTraceEvent",
  packageDir: new URL("../", import.meta.url),
  exported: kernelTraceEventSchema,
  decode: decodeKernelTraceEvent,
  structFields: KERNEL_TRACE_EVENT_FIELDS,
  valid: fc
    .record({
      run_id: fc.string({ maxLength: 5 }),
      seq: fc.maxSafeNat(),
      step_id: fc.option(fc.string({ maxLength: 5 }), { nil: null }),
      action_id: fc.option(fc.string({ maxLength: 5 }), { nil: null }),
      kind: fc.constantFrom("Interrupted", "Resumed", "Completed"),
    })
    .map((e) => JSON.parse(encodeKernelTraceEvent(e)) as unknown),
});
