import { spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startPgServer, type PgServer } from "../src/index.js";
import { expectedCounts, FIXTURE, TABLES } from "./fixture.js";

const isRoot = process.getuid?.() === 0;

function portOpen(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.once("connect", () => (socket.destroy(), done(true)));
    socket.once("error", () => done(false));
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function eventually(check: () => Promise<boolean> | boolean, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms: ${check.toString()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Asserts that nothing of the server is left: no postmaster, no listener, no directory. */
async function expectGone(s: { pid: number; port: number; dir: string }): Promise<void> {
  await eventually(() => !alive(s.pid) && !existsSync(s.dir));
  expect(alive(s.pid)).toBe(false);
  expect(existsSync(s.dir)).toBe(false);
  expect(await portOpen(s.port)).toBe(false);
}

describe("startPgServer", () => {
  let server: PgServer;

  beforeAll(async () => {
    server = await startPgServer();
    const t = server.timings;
    console.info(
      `PostgreSQL ready on port ${server.port}: binaries ${t.binariesMs.toFixed(0)} ms, initdb ${t.initdbMs.toFixed(0)} ms, start ${t.startMs.toFixed(0)} ms`,
    );
  });
  afterAll(() => server?.stop());

  test("is PostgreSQL 15 on 127.0.0.1 only, run by nobody when the tests run as root", async () => {
    expect(await server.psql({ sql: "SHOW server_version" })).toMatch(/^15\.\d+/);
    expect(await server.psql({ sql: "SHOW listen_addresses" })).toBe("127.0.0.1");
    expect(await server.psql({ sql: "SHOW fsync" })).toBe("off");
    const uid = /^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${server.pid}/status`, "utf8"))?.[1];
    if (isRoot) expect(uid).not.toBe("0");
    else expect(uid).toBe(String(process.getuid!()));
    expect(server.url()).toBe(`postgres://oris:${server.password}@127.0.0.1:${server.port}/postgres`);
  });

  test("loads the store fixture into a new database", async () => {
    await server.createDatabase("fixture");
    expect(await server.psql({ file: FIXTURE, database: "fixture" })).toBe("");
    const expected = expectedCounts();
    for (const table of TABLES) expect(expected[table], table).toBeGreaterThan(0);
    const counts = await server.psql({
      database: "fixture",
      sql: `SELECT ${TABLES.map((t) => `(SELECT count(*) FROM ${t})`).join(", ")}`,
    });
    expect(counts).toBe(TABLES.map((t) => expected[t]).join("|"));

    // What the store package will do: the postgres driver on url().
    const sql = postgres(server.url({ database: "fixture" }), { max: 1, onnotice: () => {} });
    try {
      const rows = await sql`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`;
      expect(rows.map((r) => r.table_name)).toEqual([...TABLES].sort());
      const [lease] = await sql`SELECT count(*)::int AS n FROM runtime_leases`;
      expect(lease!.n).toBe(expected.runtime_leases);
    } finally {
      await sql.end();
    }
  });

  test("refuses a wrong password and an unknown user", async () => {
    for (const url of [server.url({ password: "wrong" }), server.url({ user: "postgres" })]) {
      const sql = postgres(url, { max: 1, connect_timeout: 10 });
      try {
        await expect(sql`SELECT 1`).rejects.toMatchObject({ code: "28P01" });
      } finally {
        await sql.end();
      }
    }
  });

  test("psql prints rows like psql -A -t and stops at the first error", async () => {
    expect(
      await server.psql({ sql: "SELECT 1 AS a, NULL AS a, 'x|y', true; SELECT 2; SELECT '{\"k\": [1]}'::jsonb" }),
    ).toBe('1||x|y|t\n2\n{"k": [1]}');
    const failing = server.psql({
      sql: "CREATE TABLE before_error (x int);\nSELECT 1/0;\nCREATE TABLE after_error (x int);",
    });
    await expect(failing).rejects.toMatchObject({ code: "22012", message: expect.stringMatching(/division by zero/) });
    // One implicit transaction: the table before the error is rolled back too.
    expect(
      await server.psql({ sql: "SELECT to_regclass('before_error') IS NULL, to_regclass('after_error') IS NULL" }),
    ).toBe("t|t");
    await expect(server.psql({ sql: "SELECT '😀😀😀😀😀😀😀😀';\n\nSELEC 2;" })).rejects.toThrow(
      /42601.*line 3: SELEC 2;/,
    );
  });

  test("stop() shuts the server down and removes its directory", async () => {
    const { pid, port, dir } = server;
    expect(alive(pid)).toBe(true);
    expect(await portOpen(port)).toBe(true);
    await Promise.all([server.stop(), server.stop()]);
    await expectGone({ pid, port, dir });
    await server.stop();
  });
});

describe("several servers", () => {
  test("run side by side, each on its own port", async () => {
    const servers = await Promise.all([startPgServer(), startPgServer()]);
    try {
      expect(servers[0].port).not.toBe(servers[1].port);
      for (const s of servers) expect(await s.psql({ sql: "SELECT current_user" })).toBe("oris");
    } finally {
      await Promise.all(servers.map((s) => s.stop()));
    }
    for (const s of servers) await expectGone(s);
  });
});

describe("a server that cannot start in time", () => {
  test("fails with the reason and leaves nothing behind", async () => {
    await expect(startPgServer({ timeoutMs: 50 })).rejects.toThrow(/initdb did not finish within 50 ms/);
    // The other tests of this file have stopped their servers: no directory of this process is left.
    const ours = new RegExp(`^oris-pg-(bin-)?${process.pid}-`);
    await eventually(() => readdirSync(tmpdir()).every((name) => !ours.test(name)));
  });
});

describe("a test process that dies", () => {
  let work: string;

  beforeAll(async () => {
    // A plain Node process with the sources bundled (Node 20 does not run TypeScript), inside
    // this package so that postgres and the binaries package resolve from its node_modules.
    const here = fileURLToPath(new URL(".", import.meta.url));
    work = mkdtempSync(join(here, "..", "node_modules", ".oris-pg-test-"));
    await build({
      entryPoints: [join(here, "..", "src", "index.ts")],
      outfile: join(work, "index.js"),
      bundle: true,
      packages: "external",
      platform: "node",
      format: "esm",
      logLevel: "error",
    });
    copyFileSync(join(here, "..", "src", "supervisor.js"), join(work, "supervisor.js"));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  test.each(["SIGKILL", "SIGTERM"] as const)("takes its server with it (%s)", async (signal) => {
    const child = spawn(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `import { startPgServer } from ${JSON.stringify(join(work, "index.js"))};
         const s = await startPgServer();
         console.log(JSON.stringify({ pid: s.pid, port: s.port, dir: s.dir }));
         setInterval(() => {}, 1000);`,
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    const line = await new Promise<string>((done, fail) => {
      createInterface({ input: child.stdout }).once("line", done);
      child.once("exit", (code) => fail(new Error(`the child exited (${code}) before starting the server`)));
    });
    const info = JSON.parse(line) as { pid: number; port: number; dir: string };
    expect(alive(info.pid)).toBe(true);
    expect(await portOpen(info.port)).toBe(true);
    child.kill(signal);
    await expectGone(info);
  });
});
