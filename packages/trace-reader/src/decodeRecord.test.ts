import { decodeKernelTraceEvent } from "@oris/kernel-types";
import { describe, expect, it } from "vitest";
import { decodeRecordText } from "./decodeRecord.js";
import { KERNEL_TRACE_EVENT } from "./serdeRawText.js";

describe("decodeRecordText", () => {
  // With --skip-invalid or --check a trace may hold millions of bad records:
  // capturing a stack trace for each error cost more than all the rest.
  it("makes a refused record's error without a stack trace, and leaves Error.stackTraceLimit as it was", () => {
    const before = Error.stackTraceLimit;
    const r = decodeRecordText('{"run_id":"r","seq":"1","kind":"K"}', decodeKernelTraceEvent, KERNEL_TRACE_EVENT);
    expect(r.ok).toBe(false);
    if (r.ok || !("error" in r)) throw new Error("expected a decode error");
    expect(r.error.message).toBe('/seq: expected an integer from 0 to 9007199254740991 (got the string "1")');
    expect(r.error.stack).not.toMatch(/\n\s+at /);
    const raw = decodeRecordText(
      '{"run_id":"r","seq":1,"seq":2,"kind":"K"}',
      decodeKernelTraceEvent,
      KERNEL_TRACE_EVENT,
    );
    if (raw.ok || !("error" in raw)) throw new Error("expected a decode error");
    expect(raw.error.stack).not.toMatch(/\n\s+at /);
    expect(Error.stackTraceLimit).toBe(before);
    expect(new Error("x").stack).toMatch(/\n\s+at /);
  });
});
