#!/usr/bin/env node
// Deterministic generator of a realistic Oris SQLite file, in the Rust
// runtime's own layout (the CREATE TABLE statements of Oris 0.4, as in
// fixtures/stores/oris.sqlite3), for the database benchmarks.
//
//   node src/generate-db.mjs --out traces/1m.sqlite3 [--runs 10000] [--events 1000000] [--seed 1]
//
// What a live deployment's file looks like after a day of work:
//
// - kernel_events: `--events` rows in `--runs` runs (20–180 events each, about
//   100 on average; the lengths are adjusted so that the total is exact).
//   Runs start one after another (a few seconds apart) and take minutes, so
//   at any time a few dozen are in flight: rows are inserted in creation
//   order, and one run's rows are spread over the whole table, as the event
//   store appends them. Each run walks graph steps: a StateUpdated with the
//   graph's state (message history, plan, retrieved documents), tool calls
//   (ActionRequested, then ActionSucceeded or, 6 %, ActionFailed), now and
//   then a human in the loop (Interrupted, Resumed seconds to minutes later),
//   and Completed; 2 % of the runs are still in flight (no Completed yet) and
//   1 % stopped on a failed action. `event_json` is what serde_json writes
//   for the kernel `Event`: compact, struct fields in declaration order,
//   payload maps in sorted key order (serde_json::Value), non-ASCII text raw,
//   `"`, `\` and control characters escaped. Rows average about 400 bytes.
// - checkpoints: a few per run (at some state updates and at every
//   interrupt), chained by parent_checkpoint_id, `created_at` as chrono's
//   to_rfc3339 (`+00:00`, 0/3/6/9 fractional digits), the state as a JSON BLOB.
// - runtime_attempts: one per run, two or three for the 8 % that were
//   retried; runtime_leases: the lease of each in-flight run's attempt.
//
// Every run of the checkpoints and attempts has kernel events, so reading
// either table set gives the same runs. Run ids are mostly UUIDs; 1 in 500
// has non-ASCII characters and 1 in 2,000 a space and quotes.
//
// The file is written with better-sqlite3 in transactions of 50,000 rows, in
// journal_mode=WAL like a live runtime (the WAL is checkpointed into the file
// on close). The same arguments always give the same rows (a seeded PRNG, no
// clock, no Math.random). 1M events make a file of about 500 MB.
import Database from "better-sqlite3";
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from "node:fs";
import { dirname } from "node:path";
import { parseArgs } from "node:util";

/** Oris 0.4's own statements (from fixtures/stores/oris.sqlite3's .schema). */
export const SCHEMA = `
CREATE TABLE kernel_events (
            run_id TEXT NOT NULL,
            seq INTEGER NOT NULL,
            event_json TEXT NOT NULL,
            created_at_ms INTEGER NOT NULL,
            PRIMARY KEY (run_id, seq)
        );
CREATE INDEX idx_kernel_events_run_seq ON kernel_events (run_id, seq);
CREATE TABLE checkpoints (
            thread_id TEXT NOT NULL,
            checkpoint_id TEXT PRIMARY KEY,
            checkpoint_ns TEXT,
            parent_checkpoint_id TEXT,
            state_values BLOB NOT NULL,
            next_nodes TEXT NOT NULL,
            metadata TEXT NOT NULL,
            created_at TEXT NOT NULL,
            at_seq INTEGER
        );
CREATE INDEX idx_thread_id ON checkpoints(thread_id);
CREATE INDEX idx_created_at ON checkpoints(created_at);
CREATE TABLE runtime_attempts (
          attempt_id TEXT PRIMARY KEY,
          run_id TEXT NOT NULL,
          attempt_no INTEGER NOT NULL,
          status TEXT NOT NULL,
          retry_at_ms INTEGER NULL
        );
CREATE TABLE runtime_leases (
          lease_id TEXT PRIMARY KEY,
          attempt_id TEXT NOT NULL UNIQUE,
          worker_id TEXT NOT NULL,
          lease_expires_at_ms INTEGER NOT NULL,
          heartbeat_at_ms INTEGER NOT NULL,
          version INTEGER NOT NULL
        );
`;

/** sfc32, seeded: deterministic across runs and Node versions. */
function rng(seed) {
  let a = 0x9e3779b9;
  let b = 0x243f6a88;
  let c = 0xb7e15162;
  let d = seed >>> 0;
  const next = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 16; i++) next();
  return next;
}

// ------------------------------------------------------------------ text

const WORDS = (
  "the a of to and in for on with from by about as at this that order invoice refund customer account " +
  "shipping delivery address payment card balance report quarterly revenue summary draft email reply " +
  "meeting schedule tomorrow today next week please could you check find search results document page " +
  "policy contract clause section table query database rows latency error retry timeout request " +
  "response model tokens prompt context plan step tool call output input value status pending done " +
  "approved rejected review update create delete list show compare explain why how when where which " +
  "price discount product stock warehouse ticket priority high low urgent note follow-up"
).split(" ");
// Non-ASCII words real traffic carries: accents, CJK, Cyrillic, Arabic, emoji (4-byte UTF-8).
const RARE = [
  "résumé",
  "naïve",
  "café",
  "Straße",
  "Größe",
  "délai",
  "東京",
  "検索結果",
  "データ",
  "привет",
  "заказ",
  "مرحبا",
  "🚀",
  "✅",
  "—",
  "…",
  "€",
  "½",
];
const TOOLS = ["web_search", "sql_query", "send_email", "http_get", "calculator", "vector_search", "llm", "read_file"];
const NODES = [
  "router",
  "plan",
  "retrieve",
  "call_tools",
  "draft",
  "review",
  "respond",
  "summarize",
  "human_review",
  "guardrails",
];
const RARE_NODES = ["検索", "résumé", "überprüfen"];
const ROLES = ["user", "assistant", "tool", "system"];
const ERRORS = [
  (t, r) => `tool "${t}" timed out after ${(5 + r(55)) * 1000} ms`,
  () => "HTTP 503 Service Unavailable: upstream connect error\nretry-after: 30",
  () => "rate limited (429): Too Many Requests",
  (t, r) => `invalid arguments for ${t}: missing field \`query\` at line 1 column ${r(120)}`,
  () => `permission denied: C:\\agents\\data\\secrets.json`,
  () => 'SQL error: relation "orders_2024" does not exist',
];

/**
 * The kernel Event's JSON as serde_json writes it: `fields` in the struct's
 * declaration order (an array of [key, value]), payload values with their
 * object keys sorted (serde_json::Value is a BTreeMap) — ASCII keys here, so
 * JavaScript's sort is the byte order.
 */
function value(v) {
  if (v === null || typeof v !== "object") return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(value).join(",")}]`;
  const keys = Object.keys(v).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${value(v[k])}`).join(",")}}`;
}

function makeText(random) {
  const int = (n) => Math.floor(random() * n);
  /** n words, a rare one now and then, sometimes a line break, a quote, a tab. */
  return (n) => {
    let s = "";
    for (let i = 0; i < n; i++) {
      const w = random() < 0.04 ? RARE[int(RARE.length)] : WORDS[int(WORDS.length)];
      s +=
        i === 0 ? w : random() < 0.03 ? `\n${w}` : random() < 0.02 ? ` "${w}"` : random() < 0.005 ? `\t${w}` : ` ${w}`;
    }
    return s;
  };
}

function uuid(random) {
  const h = (n) => {
    let s = "";
    for (let i = 0; i < n; i++) s += "0123456789abcdef"[Math.floor(random() * 16)];
    return s;
  };
  return `${h(8)}-${h(4)}-4${h(3)}-${"89ab"[Math.floor(random() * 4)]}${h(3)}-${h(12)}`;
}

/** chrono's `to_rfc3339()` of a UTC time: AutoSi fractional digits, `+00:00`. */
function rfc3339(ms, subMsNanos) {
  const iso = new Date(ms).toISOString(); // 2024-05-01T10:02:30.233Z
  const nanos = (ms % 1000) * 1_000_000 + subMsNanos;
  let frac = "";
  if (nanos !== 0) {
    const nine = String(nanos).padStart(9, "0");
    frac = nanos % 1_000_000 === 0 ? `.${nine.slice(0, 3)}` : nanos % 1000 === 0 ? `.${nine.slice(0, 6)}` : `.${nine}`;
  }
  return `${iso.slice(0, 19)}${frac}+00:00`;
}

// ------------------------------------------------------------------ runs

/**
 * One run's events, lazily: yields { delayMs, json, kind, state? } where
 * `delayMs` is the time since the run's previous event. `length` events in
 * all; `end` is "completed", "in-flight" or "failed".
 */
function* runEvents(random, length, end) {
  const int = (n) => Math.floor(random() * n);
  const text = makeText(random);
  const messages = [];
  let seq = 0;
  let actionNo = 0;
  let stepNo = 0;
  const last = end === "completed" ? length - 1 : length; // Completed takes the last one
  const left = () => last - seq;
  const emit = (json, kind, delayMs, state) => {
    seq++;
    return { json, kind, delayMs, state };
  };
  while (seq < last) {
    stepNo++;
    const node = random() < 0.01 ? RARE_NODES[int(RARE_NODES.length)] : NODES[int(NODES.length)];
    // The graph's state after the step: the last messages, the plan, what was retrieved.
    if (messages.length === 0 || random() < 0.5) {
      messages.push({ content: text(6 + int(34)), role: ROLES[messages.length === 0 ? 0 : 1 + int(2)] });
      if (messages.length > 4) messages.shift();
    }
    const state = {
      messages: messages.slice(-1 - int(4)),
      step: stepNo,
      ...(random() < 0.5 ? { plan: Array.from({ length: 1 + int(3) }, () => text(2 + int(5))) } : {}),
      ...(random() < 0.4
        ? {
            retrieved: Array.from({ length: 1 + int(3) }, () => ({
              doc_id: `doc-${int(100000)}`,
              score: (1 + int(998)) / 1000,
            })),
          }
        : {}),
      ...(random() < 0.2 ? { flags: { needs_review: random() < 0.3, retries: int(3) } } : {}),
      // Now and then a whole document in the state (a few kB).
      ...(random() < 0.02 ? { document: { text: text(200 + int(400)), title: text(3 + int(6)) } } : {}),
    };
    const stepId = random() < 0.05 ? "null" : JSON.stringify(node);
    yield emit(
      `{"StateUpdated":{"step_id":${stepId},"payload":${value(state)}}}`,
      "StateUpdated",
      20 + int(400),
      state,
    );
    // Tool calls.
    const calls = int(4);
    for (let a = 0; a < calls && left() >= 2; a++) {
      const actionId = `${node}-${stepNo}-${actionNo++}`;
      const tool = TOOLS[int(TOOLS.length)];
      const args =
        tool === "llm"
          ? { model: "oris-large-2", messages: messages.slice(-2), temperature: (5 + 10 * int(10)) / 100 }
          : tool === "send_email"
            ? { to: `user${int(5000)}@example.com`, subject: text(3 + int(5)), body: text(10 + int(30)) }
            : tool === "sql_query"
              ? { sql: `SELECT id, status FROM orders WHERE customer_id = ${int(99999)} AND note LIKE '%${text(1)}%'` }
              : { query: text(4 + int(14)), limit: 5 + int(20) };
      yield emit(
        `{"ActionRequested":{"action_id":${JSON.stringify(actionId)},"payload":${value({ args, tool })}}}`,
        "ActionRequested",
        5 + int(60),
      );
      const failLast = end === "failed" && left() === 1;
      if (failLast || random() < 0.06) {
        const error = ERRORS[int(ERRORS.length)](tool, int);
        yield emit(
          `{"ActionFailed":{"action_id":${JSON.stringify(actionId)},"error":${JSON.stringify(error)}}}`,
          "ActionFailed",
          100 + int(5000),
        );
        if (failLast) return;
      } else {
        const r = random();
        const output =
          r < 0.5
            ? {
                results: Array.from({ length: 1 + int(3) }, () => ({
                  snippet: text(12 + int(28)),
                  title: text(2 + int(6)),
                  url: `https://example.com/${text(1).replace(/[^a-z]/g, "") || "p"}/${int(10000)}`,
                })),
                took_ms: 20 + int(2000),
              }
            : r < 0.8
              ? {
                  completion: text(10 + int(60)),
                  usage: { completion_tokens: 10 + int(500), prompt_tokens: 100 + int(4000) },
                }
              : r < 0.9
                ? { rows: Array.from({ length: int(4) }, () => [int(100000), random() < 0.5 ? "shipped" : "pending"]) }
                : r < 0.95
                  ? text(3 + int(10))
                  : null;
        yield emit(
          `{"ActionSucceeded":{"action_id":${JSON.stringify(actionId)},"output":${value(output)}}}`,
          "ActionSucceeded",
          200 + int(3000),
        );
      }
    }
    // A human in the loop.
    if (random() < 0.04 && left() >= 2) {
      const draft = messages[messages.length - 1];
      yield emit(
        `{"Interrupted":{"value":${value({ draft: draft.content, kind: "approval", prompt: `Approve the reply for step ${stepNo}?` })}}}`,
        "Interrupted",
        10 + int(100),
        state,
      );
      const resume =
        random() < 0.7
          ? { approved: true, by: `reviewer${int(40)}@example.com` }
          : { approved: false, by: `reviewer${int(40)}@example.com`, comment: text(4 + int(12)) };
      yield emit(`{"Resumed":{"value":${value(resume)}}}`, "Resumed", 5_000 + int(600_000));
    }
  }
  if (end === "completed" && seq < length) yield emit(`"Completed"`, "Completed", 5 + int(50));
}

/** A min-heap of [time, tie, run] by time, then tie. */
class Heap {
  items = [];
  push(x) {
    const a = this.items;
    a.push(x);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (less(a[p], a[i])) break;
      [a[p], a[i]] = [a[i], a[p]];
      i = p;
    }
  }
  pop() {
    const a = this.items;
    const top = a[0];
    const x = a.pop();
    if (a.length > 0) {
      a[0] = x;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && less(a[l], a[m])) m = l;
        if (r < a.length && less(a[r], a[m])) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i], a[m]];
        i = m;
      }
    }
    return top;
  }
  get size() {
    return this.items.length;
  }
}
const less = (x, y) => x[0] < y[0] || (x[0] === y[0] && x[1] < y[1]);

/**
 * Writes the database. Returns counts of what it wrote.
 * @param {{ out: string, runs: number, events: number, seed?: number }} o
 */
export function generateDb({ out, runs, events, seed = 1 }) {
  if (!(runs > 0) || events < runs * 5) throw new Error("need at least one run and 5 events per run");
  const random = rng(seed);
  const int = (n) => Math.floor(random() * n);

  // Run lengths: 20–180, then nudged so that they add up to exactly `events`.
  const lengths = Array.from({ length: runs }, () => 20 + int(161));
  let diff = events - lengths.reduce((s, n) => s + n, 0);
  while (diff !== 0) {
    const i = int(runs);
    if (diff > 0) {
      lengths[i]++;
      diff--;
    } else if (lengths[i] > 5) {
      lengths[i]--;
      diff++;
    }
  }
  const ids = new Set();
  const runIds = lengths.map(() => {
    for (;;) {
      const r = random();
      const u = uuid(random);
      const id = r < 0.002 ? `résumé-batch-${u.slice(0, 8)}` : r < 0.0025 ? `nightly "report" ${u.slice(0, 8)}` : u;
      if (!ids.has(id)) {
        ids.add(id);
        return id;
      }
    }
  });

  const tmp = `${out}.tmp`;
  mkdirSync(dirname(out), { recursive: true });
  for (const f of [tmp, `${tmp}-wal`, `${tmp}-shm`]) rmSync(f, { force: true });
  const db = new Database(tmp);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = OFF");
  db.pragma("cache_size = -262144");
  db.exec(SCHEMA);
  const insEvent = db.prepare("INSERT INTO kernel_events (run_id, seq, event_json, created_at_ms) VALUES (?, ?, ?, ?)");
  const insCheckpoint = db.prepare(
    "INSERT INTO checkpoints (thread_id, checkpoint_id, checkpoint_ns, parent_checkpoint_id, state_values, next_nodes, metadata, created_at, at_seq) VALUES (?, ?, NULL, ?, ?, ?, ?, ?, ?)",
  );
  const insAttempt = db.prepare(
    "INSERT INTO runtime_attempts (attempt_id, run_id, attempt_no, status, retry_at_ms) VALUES (?, ?, ?, ?, ?)",
  );
  const insLease = db.prepare(
    "INSERT INTO runtime_leases (lease_id, attempt_id, worker_id, lease_expires_at_ms, heartbeat_at_ms, version) VALUES (?, ?, ?, ?, ?, ?)",
  );

  const counts = { runs, events: 0, checkpoints: 0, attempts: 0, leases: 0, eventJsonBytes: 0, kinds: {} };
  let pending = 0;
  db.exec("BEGIN");
  const tick = () => {
    if (++pending >= 50_000) {
      db.exec("COMMIT");
      db.exec("BEGIN");
      pending = 0;
    }
  };

  // The runs start a few seconds apart and run concurrently: events are
  // written in the order of their creation time, as the event store appends
  // them. A run's first turn in the heap is its start; it schedules the next
  // run's start, so that times never go backwards.
  const heap = new Heap();
  let nextStart = 1_714_550_400_000; // 2024-05-01T08:00:00Z
  let started = 0;
  const live = new Map(); // run index -> { it, seq, end, parent, attempt }
  const startRun = () => {
    const i = started++;
    const r = random();
    const end = r < 0.02 ? "in-flight" : r < 0.03 ? "failed" : "completed";
    live.set(i, { it: runEvents(random, lengths[i], end), seq: 0, end, parent: null, attempt: null });
    heap.push([nextStart, i, i]);
    nextStart += 200 + int(5_800);
  };
  startRun();
  while (heap.size > 0) {
    const [time, , i] = heap.pop();
    const run = live.get(i);
    const runId = runIds[i];
    if (run.seq === 0) {
      if (started < runs) startRun();
      // The run's attempts: 8 % were retried after a failed first attempt.
      const tries = random() < 0.08 ? 2 + int(2) : 1;
      for (let n = 1; n <= tries; n++) {
        const final = n === tries;
        const status = !final
          ? "failed"
          : run.end === "completed"
            ? "completed"
            : run.end === "failed"
              ? "failed"
              : "leased";
        const attemptId = `attempt-${uuid(random)}`;
        insAttempt.run(attemptId, runId, n, status, final ? null : time + n * 30_000);
        counts.attempts++;
        tick();
        if (final) run.attempt = attemptId;
      }
      if (run.end === "in-flight") {
        insLease.run(
          `lease-${uuid(random)}`,
          run.attempt,
          `worker-${int(16)}`,
          time + 3_600_000,
          time + 600_000,
          1 + int(50),
        );
        counts.leases++;
        tick();
      }
    }
    const next = run.it.next();
    if (next.done) {
      live.delete(i);
      continue;
    }
    const { json, kind, state } = next.value;
    run.seq++;
    insEvent.run(runId, run.seq, json, time);
    counts.events++;
    counts.eventJsonBytes += Buffer.byteLength(json);
    counts.kinds[kind] = (counts.kinds[kind] ?? 0) + 1;
    tick();
    // A checkpoint at some state updates and at every interrupt.
    if (state !== undefined && (kind === "Interrupted" || run.parent === null || random() < 0.12)) {
      const id = uuid(random);
      const sub = random() < 0.8 ? int(1_000_000) : random() < 0.5 ? int(1000) * 1000 : 0;
      const stateValues = Buffer.from(value({ ...state, seq: run.seq }));
      const nextNodes = JSON.stringify(kind === "Interrupted" ? ["human_review"] : [NODES[int(NODES.length)]]);
      const metadata = value({ source: kind === "Interrupted" ? "interrupt" : "loop", step: state.step, writes: null });
      insCheckpoint.run(
        runId,
        id,
        run.parent,
        stateValues,
        nextNodes,
        metadata,
        rfc3339(time + 1 + int(5), sub),
        run.seq,
      );
      run.parent = id;
      counts.checkpoints++;
      tick();
    }
    heap.push([time + next.value.delayMs, i, i]);
  }
  if (counts.events !== events) throw new Error(`wrote ${counts.events} events, not ${events}`);
  db.exec("COMMIT");
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.close();
  for (const f of [`${tmp}-wal`, `${tmp}-shm`]) if (existsSync(f)) rmSync(f);
  renameSync(tmp, out);
  return { ...counts, bytes: statSync(out).size };
}

function main() {
  const { values } = parseArgs({
    options: {
      out: { type: "string" },
      runs: { type: "string", default: "10000" },
      events: { type: "string", default: "1000000" },
      seed: { type: "string", default: "1" },
    },
  });
  const runs = Number(values.runs);
  const events = Number(values.events);
  if (values.out === undefined || !Number.isSafeInteger(runs) || !Number.isSafeInteger(events)) {
    console.error("usage: generate-db.mjs --out FILE [--runs 10000] [--events 1000000] [--seed 1]");
    process.exit(64);
  }
  const t = performance.now();
  const counts = generateDb({ out: values.out, runs, events, seed: Number(values.seed) });
  console.error(`${values.out}: ${JSON.stringify(counts)} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
