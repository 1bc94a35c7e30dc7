#!/usr/bin/env node
// Writes examples/oris.sqlite3: a small Oris SQLite database in the runtime's
// own table layouts (see fixtures/stores/), holding the example run of
// run.ndjson and checkpoints.json as the runtime stores it, plus two more
// runs: one still waiting on a human (interrupted, never resumed) and one that
// failed. Run it again after changing the examples: node examples/make-example-db.mjs
import { readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(new URL("../packages/store-sqlite/package.json", import.meta.url));
const Database = require("better-sqlite3");
const path = new URL("./oris.sqlite3", import.meta.url).pathname;
rmSync(path, { force: true });
const db = new Database(path);
db.exec(`
CREATE TABLE kernel_events (run_id TEXT NOT NULL, seq INTEGER NOT NULL, event_json TEXT NOT NULL, created_at_ms INTEGER NOT NULL, PRIMARY KEY (run_id, seq));
CREATE INDEX idx_kernel_events_run_seq ON kernel_events (run_id, seq);
CREATE TABLE checkpoints (thread_id TEXT NOT NULL, checkpoint_id TEXT PRIMARY KEY, checkpoint_ns TEXT, parent_checkpoint_id TEXT, state_values BLOB NOT NULL, next_nodes TEXT NOT NULL, metadata TEXT NOT NULL, created_at TEXT NOT NULL, at_seq INTEGER);
CREATE INDEX idx_thread_id ON checkpoints(thread_id);
CREATE INDEX idx_created_at ON checkpoints(created_at);
CREATE TABLE runtime_attempts (attempt_id TEXT PRIMARY KEY, run_id TEXT NOT NULL, attempt_no INTEGER NOT NULL, status TEXT NOT NULL, retry_at_ms INTEGER NULL);
CREATE TABLE runtime_leases (lease_id TEXT PRIMARY KEY, attempt_id TEXT NOT NULL UNIQUE, worker_id TEXT NOT NULL, lease_expires_at_ms INTEGER NOT NULL, heartbeat_at_ms INTEGER NOT NULL, version INTEGER NOT NULL);
`);

/** The kernel Event the runtime stores for a trace event (payloads made up, as a run would carry them). */
function eventJson(e) {
  switch (e.kind) {
    case "StateUpdated":
      return { StateUpdated: { step_id: e.step_id, payload: { node: e.step_id, state: { messages: [{ role: "assistant", content: `step ${e.seq}` }] } } } };
    case "ActionRequested":
      return { ActionRequested: { action_id: e.action_id, payload: { tool: e.action_id.replace(/-\d+$/, ""), input: { q: "oris observability" } } } };
    case "ActionSucceeded":
      return { ActionSucceeded: { action_id: e.action_id, output: { ok: true, tokens: 812 } } };
    case "ActionFailed":
      return { ActionFailed: { action_id: e.action_id, error: "timeout: tool did not answer in 30 s" } };
    case "Interrupted":
      return { Interrupted: { value: { reason: "approval", prompt: "Publish the summary?" } } };
    case "Resumed":
      return { Resumed: { value: { approved: true, by: "reviewer@example.com" } } };
    default:
      return e.kind;
  }
}

const insertEvent = db.prepare("INSERT INTO kernel_events VALUES (?, ?, ?, ?)");
const insertCheckpoint = db.prepare("INSERT INTO checkpoints (thread_id, checkpoint_id, state_values, next_nodes, metadata, created_at, at_seq) VALUES (?, ?, ?, '[]', '{}', ?, ?)");
const insertAttempt = db.prepare("INSERT INTO runtime_attempts VALUES (?, ?, ?, ?, NULL)");
const insertLease = db.prepare("INSERT INTO runtime_leases VALUES (?, ?, ?, ?, ?, 1)");

/** chrono's to_rfc3339() of a UTC instant: +00:00, nanosecond digits as written. */
const rfc3339 = (iso) => iso.replace(/Z$/, "+00:00");

db.transaction(() => {
  const trace = readFileSync(new URL("./run.ndjson", import.meta.url), "utf8").trim().split("\n").map((l) => JSON.parse(l));
  for (const e of trace) insertEvent.run(e.run_id, e.seq, JSON.stringify(eventJson(e)), e.timestamp_ms);
  const history = JSON.parse(readFileSync(new URL("./checkpoints.json", import.meta.url), "utf8"));
  history.forEach((c, i) => insertCheckpoint.run("run-7f3a9c", c.checkpoint_id, Buffer.from("{}"), rfc3339(c.created_at), i));
  insertAttempt.run("attempt-1", "run-7f3a9c", 1, "completed");
  insertLease.run("lease-1", "attempt-1", "worker-a", 1714557800000, 1714557700000);

  // A run waiting on a human: interrupted, not yet resumed.
  const waiting = [
    ["StateUpdated", "draft", null],
    ["ActionRequested", null, "llm-call-1"],
    ["ActionSucceeded", null, "llm-call-1"],
    ["Interrupted", null, null],
  ];
  waiting.forEach(([kind, step, action], i) =>
    insertEvent.run("run-8b21d0", i + 1, JSON.stringify(eventJson({ kind, step_id: step, action_id: action, seq: i + 1 })), 1714561200000 + i * 1500),
  );
  insertCheckpoint.run("run-8b21d0", "cp-1-draft", Buffer.from("{}"), "2024-05-01T11:00:01.512000000+00:00", 0);
  insertAttempt.run("attempt-2", "run-8b21d0", 1, "leased");
  insertLease.run("lease-2", "attempt-2", "worker-b", 1714561300000, 1714561206000);

  // A run whose tool failed twice, retried on another worker.
  const failing = [
    ["StateUpdated", "fetch", null],
    ["ActionRequested", null, "http-get-1"],
    ["ActionFailed", null, "http-get-1"],
    ["ActionRequested", null, "http-get-2"],
    ["ActionFailed", null, "http-get-2"],
  ];
  failing.forEach(([kind, step, action], i) =>
    insertEvent.run("run-c40e77", i + 1, JSON.stringify(eventJson({ kind, step_id: step, action_id: action, seq: i + 1 })), 1714564800000 + i * 31000),
  );
  insertAttempt.run("attempt-3", "run-c40e77", 1, "failed");
  insertAttempt.run("attempt-4", "run-c40e77", 2, "leased");
  insertLease.run("lease-4", "attempt-4", "worker-c", 1714565000000, 1714564950000);
})();
db.close();
