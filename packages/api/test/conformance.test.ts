import { encodeExecutionCheckpointView } from "@oris/checkpoint-bridge";
import { encodeKernelObservability, type KernelObservability } from "@oris/observability";
import { describe, expect, it } from "vitest";
import {
  checkObservability,
  checkpointHistoryOf,
  decodeJobDetailEnvelope,
  decodeJobHistoryEnvelope,
  decodeJobTimelineEnvelope,
  decodeTimelineExportEnvelope,
  type CheckpointResponse,
} from "../src/index.js";
import { checkpointCases, readJson, serverEnvelopes, type CheckpointCase } from "./fixtures.js";

const unwrap = <T>(r: { ok: true; value: T } | { ok: false; error: Error }): T => {
  if (!r.ok) throw r.error;
  return r.value;
};

/** Every response built from one history, decoded: their data. */
function decodedResponses(
  runId: string,
  history: CheckpointCase["history"],
  observability: unknown,
): Record<string, CheckpointResponse> {
  // Through JSON text, as a client receives them.
  const e = JSON.parse(JSON.stringify(serverEnvelopes(runId, history, observability))) as ReturnType<
    typeof serverEnvelopes
  >;
  return {
    history: unwrap(decodeJobHistoryEnvelope(e.history)).data,
    timeline: unwrap(decodeJobTimelineEnvelope(e.timeline)).data,
    export: unwrap(decodeTimelineExportEnvelope(e.export)).data,
    detail: unwrap(decodeJobDetailEnvelope(e.detail)).data,
  };
}

describe("responses built from the checkpoint conformance vectors (fixtures/conformance/checkpoints.json)", () => {
  const cases = checkpointCases();

  it("decode to the history the Rust side wrote, in canonical UTC form, and the server's observability byte for byte", () => {
    for (const c of cases) {
      const server = c.history.length === 0 ? null : JSON.parse(c.upstream_0_3_json);
      for (const [endpoint, data] of Object.entries(decodedResponses(c.run_id, c.history, server))) {
        expect(data.thread_id).toBe(c.run_id);
        expect(
          checkpointHistoryOf(data).map((v) => encodeExecutionCheckpointView(v)),
          `${c.name} ${endpoint}`,
        ).toEqual(c.history.map((h) => JSON.stringify({ checkpoint_id: h.checkpoint_id, created_at: h.created_at })));
        if ("observability" in data) {
          expect(
            data.observability === null ? "null" : encodeKernelObservability(data.observability),
            `${c.name} ${endpoint}`,
          ).toBe(server === null ? "null" : c.upstream_0_3_json);
        }
      }
    }
  });

  it("checkObservability agrees with a server that sends the Rust 0.3 result, for every endpoint", () => {
    let checked = 0;
    for (const c of cases) {
      const server = c.history.length === 0 ? null : (JSON.parse(c.upstream_0_3_json) as KernelObservability);
      const data = decodedResponses(c.run_id, c.history, server);
      for (const [endpoint, d] of Object.entries(data)) {
        const report = checkObservability(d, endpoint === "history" ? { observability: server } : {});
        expect(report.agrees, `${c.name} ${endpoint}: ${JSON.stringify(report.fields.filter((f) => !f.agrees))}`).toBe(
          true,
        );
        expect(report.expected === null ? "null" : encodeKernelObservability(report.expected)).toBe(
          server === null ? "null" : c.upstream_0_3_json,
        );
        expect(report.fields[1].fromServer).toBe(true);
        checked++;
      }
    }
    expect(checked).toBe(cases.length * 4);
  });

  it("with profile 0.2, agrees with an Oris 0.2.12 server (the seed's from_checkpoint_history)", () => {
    for (const c of cases) {
      const server = c.history.length === 0 ? null : (JSON.parse(c.seed_json) as KernelObservability);
      const report = checkObservability(
        decodedResponses(c.run_id, c.history, server)["timeline"] as CheckpointResponse,
        { profile: "0.2" },
      );
      expect(report.agrees, c.name).toBe(true);
      expect(report.fields[1].fromServer).toBe(false);
    }
  });

  it("names the field that disagrees, and only that one", () => {
    const c = cases.find(
      (x) => x.history.length >= 2 && JSON.parse(x.upstream_0_3_json).interrupt_latency_ms !== null,
    ) as CheckpointCase;
    const good = JSON.parse(c.upstream_0_3_json) as KernelObservability;
    const wrong: readonly [keyof KernelObservability, KernelObservability][] = [
      [
        "reasoning_timeline",
        { ...good, reasoning_timeline: [...(good.reasoning_timeline ?? []), "CheckpointSaved#99"] },
      ],
      ["replay_cost", { ...good, replay_cost: (good.replay_cost ?? 0) + 1 }],
      ["interrupt_latency_ms", { ...good, interrupt_latency_ms: (good.interrupt_latency_ms ?? 0) + 1 }],
    ];
    for (const [field, server] of wrong) {
      const report = checkObservability(decodedResponses(c.run_id, c.history, server)["export"] as CheckpointResponse);
      expect(report.agrees).toBe(false);
      expect(report.presenceAgrees).toBe(true);
      expect(report.fields.filter((f) => !f.agrees).map((f) => f.field)).toEqual([field]);
    }
    // The 0.2 rules on a 0.3 server: the timeline format and the latency differ, the lease graph is not taken from the server.
    const as02 = checkObservability(decodedResponses(c.run_id, c.history, good)["timeline"] as CheckpointResponse, {
      profile: "0.2",
    });
    expect(as02.agrees).toBe(false);
    expect(as02.fields.filter((f) => !f.agrees).map((f) => f.field)).toContain("reasoning_timeline");
  });

  it("an observability field that should not be there, or is missing, is a disagreement of presence", () => {
    const empty = cases.find((x) => x.history.length === 0) as CheckpointCase;
    const some = cases.find((x) => x.history.length > 0) as CheckpointCase;
    const extra = checkObservability(
      decodedResponses(empty.run_id, empty.history, JSON.parse(empty.upstream_0_3_json))[
        "detail"
      ] as CheckpointResponse,
    );
    expect([extra.agrees, extra.presenceAgrees, extra.expected]).toEqual([false, false, null]);
    const missing = checkObservability(
      decodedResponses(some.run_id, some.history, null)["detail"] as CheckpointResponse,
    );
    expect([missing.agrees, missing.presenceAgrees, missing.actual]).toEqual([false, false, null]);
  });
});

interface StoreRun {
  readonly run_id: string;
  readonly checkpoints: {
    readonly history?: CheckpointCase["history"];
    readonly server?: unknown;
    readonly server_json?: string;
    readonly error?: string;
  };
}

describe("responses built from the store vectors' server fields (fixtures/stores/expected.json)", () => {
  it("checkObservability agrees with the execution server's field of every run the runtime could derive", () => {
    const runs = readJson<{ runs: StoreRun[] }>("fixtures/stores/expected.json").runs.filter(
      (r) => r.checkpoints.error === undefined && r.checkpoints.history !== undefined,
    );
    expect(runs.length).toBeGreaterThan(20);
    for (const run of runs) {
      const history = run.checkpoints.history as CheckpointCase["history"];
      const server = JSON.parse(run.checkpoints.server_json as string) as KernelObservability | null;
      const data = decodedResponses(run.run_id, history, server)["export"] as CheckpointResponse;
      const report = checkObservability(data);
      expect(report.agrees, `${run.run_id}: ${JSON.stringify(report.fields.filter((f) => !f.agrees))}`).toBe(true);
      expect(report.expected === null ? "null" : encodeKernelObservability(report.expected)).toBe(
        run.checkpoints.server_json,
      );
    }
  });
});
