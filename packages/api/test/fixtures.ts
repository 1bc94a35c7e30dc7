/** Test-only access to the fixtures the tests share with the other packages (fixtures/ at the repository root). */
import { readFileSync } from "node:fs";

export const ROOT = new URL("../../../", import.meta.url);

export function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(new URL(path, ROOT), "utf8")) as T;
}

export interface Contract {
  readonly endpoints: readonly {
    readonly method: string;
    readonly path: string;
    readonly response_schema: string | null;
    readonly response_content_type: string;
  }[];
  readonly schemas: Readonly<Record<string, Record<string, unknown>>>;
}

/** The Oris 0.3 execution server's published API contract (docs/runtime-api-contract.json upstream). */
export const contract = (): Contract => readJson<Contract>("fixtures/conformance/oris-0.3-runtime-api-contract.json");

export interface CheckpointCase {
  readonly name: string;
  readonly run_id: string;
  readonly history: readonly { readonly checkpoint_id: string | null; readonly created_at: string }[];
  readonly lease_graph: readonly (readonly [string, string])[] | null;
  readonly seed: Record<string, unknown>;
  readonly seed_json: string;
  readonly upstream_0_3: Record<string, unknown>;
  readonly upstream_0_3_json: string;
}

/** The Rust runtime's `from_checkpoint_history` (seed) and 0.3 results, per history. */
export const checkpointCases = (): readonly CheckpointCase[] =>
  readJson<{ cases: CheckpointCase[] }>("fixtures/conformance/checkpoints.json").cases;

/** chrono's `to_rfc3339()` of a UTC instant written in `Z` form: the execution server's `created_at` text. */
export const serverCreatedAt = (z: string): string => z.replace(/Z$/, "+00:00");

/**
 * The envelopes the execution server writes for a run's checkpoint history
 * (as its handlers build them: `seq` from 1, `event_type` `checkpoint_saved`,
 * `created_at` by `to_rfc3339()`, `observability` left out when none), in
 * the Rust structs' field order.
 */
export function serverEnvelopes(runId: string, history: CheckpointCase["history"], observability: unknown) {
  const meta = { status: "ok", api_version: "v1" };
  const items = history.map((h) => ({ checkpoint_id: h.checkpoint_id, created_at: serverCreatedAt(h.created_at) }));
  const timeline = history.map((h, i) => ({
    seq: i + 1,
    event_type: "checkpoint_saved",
    checkpoint_id: h.checkpoint_id,
    created_at: serverCreatedAt(h.created_at),
  }));
  const obs = observability === null ? {} : { observability };
  return {
    history: { meta, request_id: "req-history", data: { thread_id: runId, history: items } },
    timeline: { meta, request_id: "req-timeline", data: { thread_id: runId, timeline, ...obs } },
    export: { meta, request_id: "req-export", data: { thread_id: runId, timeline, history: items, ...obs } },
    detail: {
      meta,
      request_id: "req-detail",
      data: {
        thread_id: runId,
        status: "running",
        checkpoint_id: history.at(-1)?.checkpoint_id ?? null,
        values: { messages: [{ role: "user", content: "hi" }] },
        history: items,
        timeline,
        pending_interrupt: null,
        trace: null,
        ...obs,
      },
    },
  };
}
