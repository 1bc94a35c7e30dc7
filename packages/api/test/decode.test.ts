import { describe, expect, it } from "vitest";
import {
  decodeApiErrorEnvelope,
  decodeApiMeta,
  decodeJobDetailEnvelope,
  decodeJobHistoryEnvelope,
  decodeJobTimelineEnvelope,
  decodeTimelineExportEnvelope,
} from "../src/index.js";
import { serverEnvelopes } from "./fixtures.js";

const HISTORY = [
  { checkpoint_id: "cp-1", created_at: "2023-11-14T22:13:20Z" },
  { checkpoint_id: null, created_at: "2023-11-14T22:13:21.500Z" },
];
const OBS = {
  reasoning_timeline: ["CheckpointSaved#1(cp-1)", "CheckpointSaved#2"],
  lease_graph: [["attempt-1", "worker-1"]],
  replay_cost: 2,
  interrupt_latency_ms: 1500,
};
const fresh = () => structuredClone(serverEnvelopes("run-1", HISTORY, OBS));

describe("decoders: what a refusal says", () => {
  const cases: readonly [
    string,
    (value: unknown) => { ok: boolean; error?: { path: string; expected: string; message: string } },
    (e: ReturnType<typeof fresh>) => unknown,
    string,
    RegExp,
  ][] = [
    [
      "history item created_at chrono refuses",
      decodeJobHistoryEnvelope,
      (e) => (((e.history.data.history[1] as { created_at: string }).created_at = "2023-11-14 22:13:21"), e.history),
      "/data/history/1/created_at",
      /RFC 3339/,
    ],
    [
      "history item created_at not a string",
      decodeJobHistoryEnvelope,
      (e) => (((e.history.data.history[0] as unknown as Record<string, unknown>)["created_at"] = 1), e.history),
      "/data/history/0/created_at",
      /^a string$/,
    ],
    [
      "history missing",
      decodeJobHistoryEnvelope,
      (e) => (delete (e.history.data as Partial<typeof e.history.data>).history, e.history),
      "/data/history",
      /array/,
    ],
    [
      "thread_id a number",
      decodeJobTimelineEnvelope,
      (e) => (((e.timeline.data as Record<string, unknown>)["thread_id"] = 5), e.timeline),
      "/data/thread_id",
      /^a string$/,
    ],
    [
      "timeline seq negative",
      decodeJobTimelineEnvelope,
      (e) => (((e.timeline.data.timeline[0] as { seq: number }).seq = -1), e.timeline),
      "/data/timeline/0/seq",
      /integer from 0/,
    ],
    [
      "timeline seq past 2^53−1",
      decodeTimelineExportEnvelope,
      (e) => (((e.export.data.timeline[1] as { seq: number }).seq = 2 ** 53), e.export),
      "/data/timeline/1/seq",
      /2\^53−1/,
    ],
    [
      "observability a string",
      decodeJobTimelineEnvelope,
      (e) => (((e.timeline.data as Record<string, unknown>)["observability"] = "x"), e.timeline),
      "/data/observability",
      /^an object or null$/,
    ],
    [
      "observability lease edge of one string",
      decodeTimelineExportEnvelope,
      (e) => (
        ((e.export.data as Record<string, unknown>)["observability"] = { ...OBS, lease_graph: [["a"]] }),
        e.export
      ),
      "/data/observability/lease_graph/0",
      /2-element array/,
    ],
    [
      "observability replay_cost -0",
      decodeJobDetailEnvelope,
      (e) => (((e.detail.data as Record<string, unknown>)["observability"] = { ...OBS, replay_cost: -0 }), e.detail),
      "/data/observability/replay_cost",
      /-0/,
    ],
    [
      "detail values with a lone surrogate",
      decodeJobDetailEnvelope,
      (e) => (((e.detail.data as Record<string, unknown>)["values"] = { k: ["\ud800"] }), e.detail),
      "/data/values/k/0",
      /lone surrogate/,
    ],
    [
      "detail status missing",
      decodeJobDetailEnvelope,
      (e) => (delete (e.detail.data as Record<string, unknown>)["status"], e.detail),
      "/data/status",
      /^a string$/,
    ],
    [
      "meta missing",
      decodeJobHistoryEnvelope,
      (e) => (delete (e.history as Record<string, unknown>)["meta"], e.history),
      "/meta",
      /object/,
    ],
    [
      "request_id null",
      decodeJobHistoryEnvelope,
      (e) => (((e.history as Record<string, unknown>)["request_id"] = null), e.history),
      "/request_id",
      /^a string$/,
    ],
    ["the bare history array (not an envelope)", decodeJobHistoryEnvelope, () => HISTORY, "", /^an object$/],
  ];
  for (const [name, decode, mutate, path, expected] of cases) {
    it(`${name}: ${path}`, () => {
      const r = decode(mutate(fresh()));
      expect(r.ok).toBe(false);
      expect(r.error?.path).toBe(path);
      expect(r.error?.expected).toMatch(expected);
      expect(r.error?.message.startsWith(`${path === "" ? "(root)" : path}: expected `)).toBe(true);
    });
  }
});

describe("decoders: what they accept", () => {
  it("unknown keys are ignored, a missing observability or trace is null, created_at comes back in canonical UTC form", () => {
    const e = fresh().timeline as Record<string, unknown>;
    e["extra"] = 1;
    (e["data"] as Record<string, unknown>)["__proto__"] = { polluted: true };
    delete (e["data"] as Record<string, unknown>)["observability"];
    const r = decodeJobTimelineEnvelope(JSON.parse(JSON.stringify(e)));
    expect(r.ok).toBe(true);
    expect(r.value?.data.observability).toBeNull();
    expect(r.value?.data.trace).toBeNull();
    expect(r.value?.data.timeline.map((t) => t.created_at)).toEqual([
      "2023-11-14T22:13:20Z",
      "2023-11-14T22:13:21.500Z",
    ]);
    expect(Object.keys(r.value ?? {})).toEqual(["meta", "request_id", "data"]);
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  });

  it("the error envelope of the Rust server, with details or without", () => {
    expect(
      decodeApiErrorEnvelope(
        JSON.parse(
          '{"request_id":"r1","error":{"code":"not_found","message":"No timeline found for thread: x","details":null}}',
        ),
      ),
    ).toEqual({
      ok: true,
      value: {
        request_id: "r1",
        error: { code: "not_found", message: "No timeline found for thread: x", details: null },
      },
    });
    expect(
      decodeApiErrorEnvelope({ request_id: "r1", error: { code: "conflict", message: "m", details: { field: "x" } } })
        .value?.error.details,
    ).toEqual({ field: "x" });
    expect(
      decodeApiErrorEnvelope({ request_id: "r1", error: { code: "internal", message: "m" } }).value?.error.details,
    ).toBeNull();
    expect(decodeApiErrorEnvelope({ request_id: "r1", error: "nope" }).error?.path).toBe("/error");
  });

  it("ApiMeta", () => {
    expect(decodeApiMeta({ status: "ok", api_version: "v1", extra: 1 })).toEqual({
      ok: true,
      value: { status: "ok", api_version: "v1" },
    });
    expect(decodeApiMeta({ status: "ok" }).error?.message).toBe(
      "/api_version: expected a string (got nothing: the key is missing)",
    );
  });
});

describe("decoders: Standard Schema, and every problem at once", () => {
  it("validate through ~standard, with a path of keys and indices", () => {
    const ok = decodeJobHistoryEnvelope["~standard"].validate(fresh().history);
    expect("value" in ok && ok.value !== undefined).toBe(true);
    const e = fresh().history as { data: { history: { created_at: unknown }[] } };
    e.data.history[1]!.created_at = 7;
    const bad = decodeJobHistoryEnvelope["~standard"].validate(e) as {
      issues?: readonly { path?: readonly unknown[]; message: string }[];
    };
    expect(bad.issues?.[0]?.path).toEqual(["data", "history", 1, "created_at"]);
    expect(bad.issues?.[0]?.message).toContain("expected a string");
  });

  it("{ allErrors: true } gives every problem in issues, the usual first error among them", () => {
    const e = fresh().timeline as { request_id: unknown; data: { timeline: { seq: unknown }[] } };
    e.request_id = 1;
    e.data.timeline[1]!.seq = -1;
    const r = decodeJobTimelineEnvelope(e, { allErrors: true });
    if (r.ok) throw new Error("expected a refusal");
    expect(r.error.path).toBe("/data/timeline/1/seq");
    expect((r.issues ?? []).map((i) => i.path).sort()).toEqual(["/data/timeline/1/seq", "/request_id"]);
  });
});
