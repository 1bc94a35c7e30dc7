/**
 * `oris-observe --api`: against a stand-in for the Oris execution server on
 * 127.0.0.1 (Node's http module; the Rust server cannot be built here) that
 * serves the checkpoint conformance vectors as the server writes them. The
 * expected records are the Rust runtime's results for those histories.
 */
import { existsSync, readdirSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkpoints, runBin, tempDir } from "./helpers.js";

const KEY = "k3y-Sup3r-s3cret";
/** The runs the stand-in serves: a few named cases (the empty history first) and random ones, each under its own id. */
const CASES = [...checkpoints.slice(0, 7), ...checkpoints.slice(7, 12)].map((c, i) => ({
  ...c,
  id: `run-${i}`,
  history: JSON.parse(c.history_json) as { checkpoint_id: string | null; created_at: string }[],
}));
const byId = new Map(CASES.map((c) => [c.id, c]));
const meta = { status: "ok", api_version: "v1" };

interface StandIn {
  url: string;
  requests: { url: string; apiKey: string | undefined }[];
  /** How the next requests are answered; the default serves the vectors. */
  override: ((req: IncomingMessage, res: ServerResponse) => boolean) | null;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

async function startStandIn(): Promise<StandIn> {
  const sockets = new Set<Socket>();
  const state: StandIn = { url: "", requests: [], override: null, close: async () => {} };
  const server: Server = createServer((req, res) => {
    const apiKey = req.headers["x-api-key"] as string | undefined;
    state.requests.push({ url: req.url ?? "", apiKey });
    if (state.override?.(req, res) === true) return;
    if (apiKey !== KEY)
      return send(res, 401, {
        request_id: "r",
        error: { code: "unauthorized", message: "missing or invalid credentials", details: null },
      });
    const m = /^\/v1\/jobs\/([^/]+)\/(history|timeline)$/.exec(req.url ?? "");
    const c = m === null ? undefined : byId.get(decodeURIComponent(m[1] as string));
    if (m === null || c === undefined)
      return send(res, 404, {
        request_id: "r",
        error: { code: "not_found", message: `no route ${req.url}`, details: null },
      });
    // As the server writes them: created_at by chrono's to_rfc3339 (+00:00).
    const items = c.history.map((h) => ({
      checkpoint_id: h.checkpoint_id,
      created_at: h.created_at.replace(/Z$/, "+00:00"),
    }));
    if (m[2] === "history") return send(res, 200, { meta, request_id: "r", data: { thread_id: c.id, history: items } });
    if (items.length === 0)
      return send(res, 404, {
        request_id: "r",
        error: { code: "not_found", message: `No timeline found for thread: ${c.id}`, details: null },
      });
    const timeline = items.map((h, i) => ({ seq: i + 1, event_type: "checkpoint_saved", ...h }));
    return send(res, 200, {
      meta,
      request_id: "r",
      data: { thread_id: c.id, timeline, observability: JSON.parse(c.upstream_0_3_json) },
    });
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  return state;
}

let server: StandIn;
beforeAll(async () => {
  server = await startStandIn();
});
afterAll(() => server.close());

const env = { PATH: process.env["PATH"] ?? "", ORIS_KEY: KEY };
/** Given in reverse, one twice: each run is fetched once and written in byte order of the ids, as --db does. */
const runArgs = [...CASES]
  .reverse()
  .flatMap((c) => ["--run-id", c.id])
  .concat(["--run-id", "run-3"]);
const SORTED = [...CASES].sort((a, b) => (a.id < b.id ? -1 : 1));
const record = (id: string, json: string | null) =>
  `{"run_id":${JSON.stringify(id)},"observability":${json ?? "null"}}`;

describe("oris-observe --api URL --run-id ID...", () => {
  it("0.2 (default): one record per run, once each in byte order of the ids, the Rust seed's bytes; the key from --api-key-env", async () => {
    server.requests.length = 0;
    server.override = null;
    const r = await runBin(["--api", server.url, ...runArgs, "--api-key-env", "ORIS_KEY"], { env });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout.split("\n").slice(0, -1)).toEqual(
      SORTED.map((c) => record(c.id, c.history.length === 0 ? null : c.seed_json)),
    );
    // Only the history endpoint under 0.2, with the key as a header.
    expect(server.requests.map((q) => q.url)).toEqual(SORTED.map((c) => `/v1/jobs/${c.id}/history`));
    expect(server.requests.every((q) => q.apiKey === KEY)).toBe(true);
  });

  it("0.3: the execution server's field, with the lease graph the server reports", async () => {
    server.override = null;
    const r = await runBin(["--api", `${server.url}/`, ...runArgs, "--api-key-env", "ORIS_KEY", "--profile", "0.3"], {
      env,
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.split("\n").slice(0, -1)).toEqual(
      SORTED.map((c) => record(c.id, c.history.length === 0 ? null : c.upstream_0_3_json)),
    );
  });

  it("--format pretty: the same records, serde_json's to_string_pretty", async () => {
    const r = await runBin(
      ["--api", server.url, ...runArgs, "--api-key-env", "ORIS_KEY", "-p", "0.3", "--format", "pretty"],
      { env },
    );
    expect(r.status, r.stderr).toBe(0);
    const want = SORTED.map(
      (c) =>
        `${JSON.stringify(JSON.parse(record(c.id, c.history.length === 0 ? null : c.upstream_0_3_json)), null, 2)}\n`,
    ).join("");
    expect(r.stdout).toBe(want);
  });

  it("--format summary: one block per run", async () => {
    const r = await runBin(
      [
        "--api",
        server.url,
        "--run-id",
        "run-0",
        "--run-id",
        "run-1",
        "--api-key-env",
        "ORIS_KEY",
        "-p",
        "0.3",
        "-f",
        "summary",
      ],
      { env },
    );
    expect(r.status, r.stderr).toBe(0);
    const one = JSON.parse(CASES[1]!.upstream_0_3_json) as {
      interrupt_latency_ms: number;
      lease_graph: [string, string][];
    };
    expect(r.stdout).toContain(
      'run                "run-0"\nobservability      none (no checkpoints: the server sends no field)',
    );
    expect(r.stdout).toContain('run                "run-1"\n');
    expect(r.stdout).toContain(
      `${one.interrupt_latency_ms.toLocaleString("en-US")} ms, the largest gap between consecutive checkpoints`,
    );
    expect(r.stdout).toContain(`${one.lease_graph[0]![0]} → ${one.lease_graph[0]![1]}`);
    expect(r.stdout).toContain(`input              ${server.url} (execution server`);
  });

  it("--format html: one self-contained page with every run", async () => {
    const tmp = tempDir();
    try {
      const out = tmp.path("report.html");
      const r = await runBin(
        ["--api", server.url, ...runArgs, "--api-key-env", "ORIS_KEY", "-p", "0.3", "-f", "html", "-o", out],
        { env },
      );
      expect(r.status, r.stderr).toBe(0);
      const page = tmp.read("report.html");
      expect(page.startsWith("<!DOCTYPE html>") || page.startsWith("<!doctype html>")).toBe(true);
      for (const c of CASES) expect(page).toContain(c.id);
    } finally {
      tmp.dispose();
    }
  });

  it("a run the server answers with an error status gets an error record; the others are written; exit 65", async () => {
    server.override = (req, res) => {
      if (req.url !== "/v1/jobs/run-2/history") return false;
      send(res, 500, {
        request_id: "r",
        error: { code: "internal", message: "history failed: database is locked", details: null },
      });
      return true;
    };
    const r = await runBin(
      ["--api", server.url, "--run-id", "run-1", "--run-id", "run-2", "--run-id", "nope", "--api-key-env", "ORIS_KEY"],
      { env },
    );
    server.override = null;
    expect(r.status).toBe(65);
    const lines = r.stdout.split("\n").slice(0, -1);
    // In byte order of the ids: "nope" < "run-1" < "run-2".
    expect(JSON.parse(lines[0]!).error).toContain("HTTP 404 Not Found: not_found: no route /v1/jobs/nope/history");
    expect(lines[1]).toBe(record("run-1", CASES[1]!.seed_json));
    expect(JSON.parse(lines[2]!)).toEqual({
      run_id: "run-2",
      error: `GET ${server.url}/v1/jobs/run-2/history: HTTP 500 Internal Server Error: internal: history failed: database is locked`,
    });
    expect(r.stderr).toContain("oris-observe: 2 of 3 runs could not be derived (error records written)");
  });

  it("the server's words reach the terminal without their control sequences", async () => {
    server.override = (_req, res) => {
      send(res, 500, { request_id: "r", error: { code: "internal", message: "boom\u001b[2J\u0007", details: null } });
      return true;
    };
    const r = await runBin(["--api", server.url, "--run-id", "run-1"], { env });
    server.override = null;
    expect(r.status).toBe(65);
    expect(r.stderr).toContain("internal: boom\\u001b[2J\\u0007");
    expect(r.stderr).not.toContain("\u001b");
    // The record itself keeps the text, as JSON escapes it.
    expect(JSON.parse(r.stdout).error).toContain("boom\u001b[2J\u0007");
  });

  it("a response that breaks the contract: an error record with the JSON pointer", async () => {
    server.override = (req, res) => {
      send(res, 200, {
        meta,
        request_id: "r",
        data: { thread_id: "run-1", history: [{ checkpoint_id: "cp", created_at: "yesterday" }] },
      });
      return req.url !== undefined;
    };
    const r = await runBin(["--api", server.url, "--run-id", "run-1"], { env });
    server.override = null;
    expect(r.status).toBe(65);
    expect(JSON.parse(r.stdout).error).toMatch(
      /the response is not the endpoint's envelope: \/data\/history\/0\/created_at: expected .*RFC 3339/,
    );
  });

  it("without the key, or with a wrong one: exit 66, and the key appears nowhere", async () => {
    const none = await runBin(["--api", server.url, "--run-id", "run-1"], { env });
    expect(none.status).toBe(66);
    expect(none.stderr).toContain(
      `oris-observe: the Oris server refused the credentials: GET ${server.url}/v1/jobs/run-1/history: HTTP 401 Unauthorized: unauthorized`,
    );
    const wrong = await runBin(["--api", server.url, "--run-id", "run-1", "--api-key-env", "WRONG"], {
      env: { ...env, WRONG: "not-it" },
    });
    expect(wrong.status).toBe(66);
    expect(wrong.stderr).not.toContain("not-it");
    expect(wrong.stdout).toBe("");
  });

  it("an --api-key-env variable that is not set is a usage error", async () => {
    const r = await runBin(["--api", server.url, "--run-id", "run-1", "--api-key-env", "NOT_SET_HERE"], { env });
    expect(r.status).toBe(64);
    expect(r.stderr).toContain("--api-key-env NOT_SET_HERE: the environment variable NOT_SET_HERE is not set or empty");
  });

  it("refuses a key on the command line (other users can read it), without printing it", async () => {
    for (const args of [
      ["--api", server.url, "--run-id", "run-1", "--api-key", KEY],
      ["--api", server.url, "--run-id", "run-1", `--api-key=${KEY}`],
      ["--api", server.url.replace("http://", `http://me:${KEY}@`), "--run-id", "run-1"],
    ]) {
      server.requests.length = 0;
      const r = await runBin(args, { env });
      expect(r.status, r.stderr).toBe(64);
      expect(r.stderr).not.toContain(KEY);
      expect(r.stderr).toMatch(/--api-key-env NAME/);
      expect(server.requests.length).toBe(0);
    }
  });

  it("a server that cannot be reached: exit 69, naming the URL, not the key", async () => {
    const dead = createServer();
    await new Promise<void>((resolve) => dead.listen(0, "127.0.0.1", resolve));
    const port = (dead.address() as AddressInfo).port;
    await new Promise<void>((resolve) => dead.close(() => resolve()));
    const r = await runBin(["--api", `http://127.0.0.1:${port}`, "--run-id", "run-1", "--api-key-env", "ORIS_KEY"], {
      env,
    });
    expect(r.status).toBe(69);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(
      `oris-observe: cannot reach the Oris server: GET http://127.0.0.1:${port}/v1/jobs/run-1/history: no response: ECONNREFUSED`,
    );
    expect(r.stderr).not.toContain(KEY);
  });

  it("a server that goes away part-way: exit 69, and no --output file is left behind", async () => {
    const tmp = tempDir();
    try {
      server.override = (req) => {
        if (req.url !== "/v1/jobs/run-2/history") return false;
        req.socket.destroy();
        return true;
      };
      const out = tmp.path("records.ndjson");
      const r = await runBin(
        ["--api", server.url, "--run-id", "run-1", "--run-id", "run-2", "--api-key-env", "ORIS_KEY", "-o", out],
        { env },
      );
      server.override = null;
      expect(r.status).toBe(69);
      expect(r.stderr).toContain(`GET ${server.url}/v1/jobs/run-2/history: no response`);
      expect(existsSync(out)).toBe(false);
      expect(readdirSync(tmp.dir)).toEqual([]);
    } finally {
      server.override = null;
      tmp.dispose();
    }
  });

  it("a server that does not answer within --timeout: exit 69", async () => {
    server.override = () => true; // never answers
    const r = await runBin(["--api", server.url, "--run-id", "run-1", "--timeout", "200"], { env });
    server.override = null;
    expect(r.status).toBe(69);
    expect(r.stderr).toContain(`GET ${server.url}/v1/jobs/run-1/history: no complete response within 200 ms`);
  });

  it("usage: --api needs --run-id, and goes with no FILE, --db, --checkpoints or --lease", async () => {
    for (const [args, message] of [
      [["--api", "http://127.0.0.1:1"], "--api needs --run-id ID (repeatable): the runs to fetch"],
      [
        ["--api", "http://127.0.0.1:1", "--run-id", "r", "t.ndjson"],
        "--api fetches the runs from the server: give no trace FILE",
      ],
      [["--api", "http://127.0.0.1:1", "--run-id", "r", "--db", "x.sqlite3"], "--api and --db do not go together"],
      [
        ["--api", "http://127.0.0.1:1", "--run-id", "r", "-p", "0.3", "--lease", "a=w"],
        "with --api the lease graph comes from the server",
      ],
      [["--api", "ftp://host", "--run-id", "r"], "--api takes an http:// or https:// URL"],
      [["--api-key-env", "K", "t.ndjson"], "--api-key-env goes with --api"],
      [["--api", "http://127.0.0.1:1", "--run-id", "r", "--timeout", "soon"], "--timeout takes milliseconds"],
    ] as const) {
      const r = await runBin([...args], { env });
      expect(r.status, args.join(" ")).toBe(64);
      expect(r.stderr).toContain(message);
    }
  });
});

describe("oris-observe --checkpoints FILE: a saved history or timeline response, as well as a bare array", () => {
  const leaseArgs = (g: readonly (readonly [string, string])[] | null) =>
    (g ?? []).flatMap(([a, w]) => ["--lease", `${a}=${w}`]);

  it("gives what the bare array gives: the Rust runtime's bytes, 0.2 and 0.3", async () => {
    const tmp = tempDir();
    try {
      for (const c of CASES.filter((x) => x.history.length > 0)) {
        const items = c.history.map((h) => ({
          checkpoint_id: h.checkpoint_id,
          created_at: h.created_at.replace(/Z$/, "+00:00"),
        }));
        const timeline = items.map((h, i) => ({ seq: i + 1, event_type: "checkpoint_saved", ...h }));
        const files = {
          history: tmp.write(
            `${c.id}-history.json`,
            JSON.stringify({ meta, request_id: "r", data: { thread_id: c.id, history: items } }, null, 2),
          ),
          timeline: tmp.write(
            `${c.id}-timeline.json`,
            `\ufeff${JSON.stringify({ meta, request_id: "r", data: { thread_id: c.id, timeline, observability: JSON.parse(c.upstream_0_3_json) } })}\n`,
          ),
          export: tmp.write(
            `${c.id}-export.json`,
            JSON.stringify({ meta, request_id: "r", data: { thread_id: c.id, timeline, history: items } }),
          ),
        };
        for (const [kind, file] of Object.entries(files)) {
          const seed = await runBin(["--checkpoints", file, "--run-id", c.id]);
          expect(seed.status, `${c.name} ${kind}: ${seed.stderr}`).toBe(0);
          expect(seed.stdout, `${c.name} ${kind}`).toBe(`${c.seed_json}\n`);
          const upstream = await runBin([
            "--checkpoints",
            file,
            "--run-id",
            c.id,
            "-p",
            "0.3",
            ...leaseArgs(c.lease_graph),
          ]);
          expect(upstream.stdout, `${c.name} ${kind}`).toBe(`${c.upstream_0_3_json}\n`);
        }
      }
    } finally {
      tmp.dispose();
    }
  });

  it("an envelope for another run, or one that breaks the contract: exit 65, saying where", async () => {
    const good = {
      meta,
      request_id: "r",
      data: { thread_id: "run-1", history: [{ checkpoint_id: "cp-1", created_at: "2023-11-14T22:13:20+00:00" }] },
    };
    const other = await runBin(["--checkpoints", "-", "--run-id", "run-2"], { stdin: JSON.stringify(good) });
    expect(other.status).toBe(65);
    expect(other.stderr).toBe('oris-observe: <stdin>: the response is for run "run-1", not --run-id "run-2"\n');
    const bad = structuredClone(good) as { data: { history: { created_at: unknown }[] } };
    bad.data.history[0]!.created_at = 5;
    const r = await runBin(["--checkpoints", "-", "--run-id", "run-1"], { stdin: JSON.stringify(bad) });
    expect(r.status).toBe(65);
    expect(r.stderr).toContain(
      "<stdin>: not a saved job history response of the Oris API (nor a JSON array of checkpoints): /data/history/0/created_at: expected a string (got the number 5)",
    );
    const timeline = await runBin(["--checkpoints", "-", "--run-id", "run-1"], {
      stdin: '{"meta":{"status":"ok","api_version":"v1"},"request_id":"r","data":{"thread_id":"run-1"}}',
    });
    expect(timeline.status).toBe(65);
    expect(timeline.stderr).toContain("/data/timeline: expected an array");
    const notJson = await runBin(["--checkpoints", "-", "--run-id", "run-1"], { stdin: '{"meta":' });
    expect(notJson.status).toBe(65);
    expect(notJson.stderr).toContain("<stdin>: an object that is not JSON");
  });
});
