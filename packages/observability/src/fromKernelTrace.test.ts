import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { fromKernelTrace, encodeKernelObservability } from "./index.js";
import { decodeKernelTraceEvent, type KernelTraceEvent } from "@oris/kernel-types";

const traces = JSON.parse(readFileSync(new URL("../../../fixtures/conformance/traces.json", import.meta.url), "utf8"));
describe("smoke", () => {
  it("seed case", () => {
    for (const c of traces.cases) {
      const events = (c.trace_ndjson as string[]).map((l) => {
        const r = decodeKernelTraceEvent(JSON.parse(l));
        if (!r.ok) throw r.error;
        return r.value as KernelTraceEvent;
      });
      expect(encodeKernelObservability(fromKernelTrace(events))).toBe(c.seed_json);
      expect(encodeKernelObservability(fromKernelTrace(events, { profile: "0.3" }))).toBe(c.upstream_0_3_json);
    }
  });
});
