import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  decodeKernelEventJson,
  decodeKernelTraceEvent,
  encodeKernelTraceEvent,
  KERNEL_EVENT_KINDS,
  KERNEL_EVENT_VARIANTS,
  kernelEventKind,
  kernelEventToTraceEvent,
  type KernelEvent,
} from "./index.js";

/** serde_json's text of an event (the Value fields, held as JSON text, written in place). */
const serdeText = (e: KernelEvent): string => {
  if (typeof e === "string") return '"Completed"';
  const [variant, fields] = Object.entries(e)[0] as [string, Record<string, string | null>];
  const body = Object.entries(fields).map(
    ([k, v]) => `"${k}":${["payload", "output", "value"].includes(k) ? v : JSON.stringify(v)}`,
  );
  return `{"${variant}":{${body.join(",")}}}`;
};

const event = fc.oneof(
  fc.constant<KernelEvent>("Completed"),
  fc
    .record({ step_id: fc.option(fc.string({ unit: "binary" })), payload: fc.json() })
    .map((StateUpdated): KernelEvent => ({ StateUpdated })),
  fc
    .record({ action_id: fc.string({ unit: "binary" }), payload: fc.json() })
    .map((ActionRequested): KernelEvent => ({ ActionRequested })),
  fc
    .record({ action_id: fc.string({ unit: "binary" }), output: fc.json() })
    .map((ActionSucceeded): KernelEvent => ({ ActionSucceeded })),
  fc
    .record({ action_id: fc.string({ unit: "binary" }), error: fc.string({ unit: "binary" }) })
    .map((ActionFailed): KernelEvent => ({ ActionFailed })),
  fc.record({ value: fc.json() }).map((Interrupted): KernelEvent => ({ Interrupted })),
  fc.record({ value: fc.json() }).map((Resumed): KernelEvent => ({ Resumed })),
);

describe("kernelEventToTraceEvent (the runtime's to_trace_event)", () => {
  it("takes step_id from StateUpdated, action_id from the Action variants, kind from the variant", () => {
    expect(kernelEventToTraceEvent({ StateUpdated: { step_id: "plan", payload: "{}" } }, "r1", 3)).toEqual({
      run_id: "r1",
      seq: 3,
      step_id: "plan",
      action_id: null,
      kind: "StateUpdated",
    });
    expect(kernelEventToTraceEvent({ StateUpdated: { step_id: null, payload: "1" } }, "r1", 1).step_id).toBeNull();
    for (const v of ["ActionRequested", "ActionSucceeded", "ActionFailed"] as const) {
      const e = { [v]: { action_id: "a7", payload: "1", output: "1", error: "e" } } as unknown as KernelEvent;
      expect(kernelEventToTraceEvent(e, "r", 2)).toEqual({
        run_id: "r",
        seq: 2,
        step_id: null,
        action_id: "a7",
        kind: v,
      });
    }
    expect(kernelEventToTraceEvent({ Interrupted: { value: "null" } }, "r", 4)).toEqual({
      run_id: "r",
      seq: 4,
      step_id: null,
      action_id: null,
      kind: "Interrupted",
    });
    expect(kernelEventToTraceEvent({ Resumed: { value: "null" } }, "r", 5).kind).toBe("Resumed");
    expect(kernelEventToTraceEvent("Completed", "r", 6)).toEqual({
      run_id: "r",
      seq: 6,
      step_id: null,
      action_id: null,
      kind: "Completed",
    });
  });

  it("writes serde's key order, with timestamp_ms only when given", () => {
    const e = decodeKernelEventJson('{"ActionFailed":{"error":"boom","action_id":"a1"}}');
    expect(e.ok).toBe(true);
    expect(Object.keys(kernelEventToTraceEvent(e.value!, "r", 1))).toEqual([
      "run_id",
      "seq",
      "step_id",
      "action_id",
      "kind",
    ]);
    const stamped = kernelEventToTraceEvent(e.value!, "r", 1, 1700000000123);
    expect(Object.keys(stamped)).toEqual(["run_id", "seq", "step_id", "action_id", "kind", "timestamp_ms"]);
    expect(encodeKernelTraceEvent(stamped)).toBe(
      '{"run_id":"r","seq":1,"step_id":null,"action_id":"a1","kind":"ActionFailed","timestamp_ms":1700000000123}',
    );
    expect("timestamp_ms" in kernelEventToTraceEvent("Completed", "r", 2, undefined)).toBe(false);
  });

  it("gives a trace event the trace decoder reads back unchanged, for any event", () => {
    fc.assert(
      fc.property(
        event,
        fc.string({ unit: "binary" }),
        fc.nat(),
        fc.option(fc.integer(), { nil: undefined }),
        (e, runId, seq, ts) => {
          const t = kernelEventToTraceEvent(e, runId, seq, ts);
          expect(t.kind).toBe(kernelEventKind(e));
          expect(KERNEL_EVENT_KINDS).toContain(t.kind);
          const back = decodeKernelTraceEvent(JSON.parse(encodeKernelTraceEvent(t)));
          expect(back).toEqual({ ok: true, value: t });
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("maps the event decodeKernelEventJson reads back from serde's text of any event", () => {
    fc.assert(
      fc.property(event, (e) => {
        const r = decodeKernelEventJson(serdeText(e));
        if (!r.ok) throw r.error;
        expect(r.value).toEqual(e);
        expect(kernelEventToTraceEvent(r.value, "r", 1)).toEqual(kernelEventToTraceEvent(e, "r", 1));
      }),
      { numRuns: 1000 },
    );
  });
});

describe("kernelEventKind", () => {
  it("names the variant of every event", () => {
    const samples: KernelEvent[] = [
      { StateUpdated: { step_id: null, payload: "1" } },
      { ActionRequested: { action_id: "a", payload: "1" } },
      { ActionSucceeded: { action_id: "a", output: "1" } },
      { ActionFailed: { action_id: "a", error: "e" } },
      { Interrupted: { value: "1" } },
      { Resumed: { value: "1" } },
      "Completed",
    ];
    expect(samples.map(kernelEventKind)).toEqual([...KERNEL_EVENT_VARIANTS]);
  });
});
