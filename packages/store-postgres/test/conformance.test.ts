import { encodeRunRecord, isStoreError, readRuns, type RunRecord } from "@oris/store";
import type {} from "@oris/pg-server/vitest";
import postgres from "postgres";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { expectedRecord, STORE_MODES, storeRuns } from "../../../fixtures/stores.js";
import { openPostgresStore } from "../src/index.js";

const pg = inject("pgServer");
const runs = storeRuns().filter((r) => r.in_postgres);

async function readAll(
  options: Parameters<typeof readRuns>[1],
  storeOptions: Parameters<typeof openPostgresStore>[1] = {},
): Promise<RunRecord[]> {
  const store = await openPostgresStore(pg.url, storeOptions);
  try {
    const out: RunRecord[] = [];
    for await (const record of readRuns(store, options)) out.push(record);
    return out;
  } finally {
    await store.close();
  }
}

async function failure(promise: Promise<unknown>): Promise<{ kind: string; message: string }> {
  try {
    await promise;
  } catch (err) {
    if (isStoreError(err)) return { kind: err.kind, message: err.message };
    throw err;
  }
  throw new Error("expected a StoreError");
}

describe("a real PostgreSQL server with the fixture loaded, against the Rust runtime's results", () => {
  it("lists the runs postgres.sql holds, in byte order", async () => {
    const records = await readAll({});
    expect(records.map((r) => r.runId)).toEqual(runs.map((r) => r.run_id));
    expect(records.length).toBe(72);
  });

  for (const mode of STORE_MODES) {
    it(`${mode.name}: every run marked in_postgres byte-equal, every refused row named`, async () => {
      const records = await readAll(
        { from: mode.from, profile: mode.profile, timestamps: mode.timestamps },
        { batchSize: 7 },
      );
      expect(records.map((r) => r.runId)).toEqual(runs.map((r) => r.run_id));
      runs.forEach((run, i) => {
        const record = records[i] as RunRecord;
        const want = expectedRecord(run, mode);
        if ("record" in want)
          expect("error" in record ? record.error.message : encodeRunRecord(record), run.run_id).toBe(want.record);
        else if ("seq" in want) expect("error" in record && record.error.seq, run.run_id).toBe(String(want.seq));
        else expect("error" in record && record.error.checkpointId, run.run_id).toBe(want.checkpointId);
      });
    });
  }

  it("reads the runs asked for, with ids as data", async () => {
    const records = await readAll({ runIds: ["run-0003-4615", `x'); DROP TABLE kernel_events; --`, "5"] });
    expect(records.map((r) => r.runId)).toEqual(["5", "run-0003-4615", `x'); DROP TABLE kernel_events; --`]);
    expect("error" in records[2]! && records[2].error.message).toMatch(/^no such run/);
    expect(await readAll({})).toHaveLength(72);
  });

  describe("another schema", () => {
    beforeAll(async () => {
      const sql = postgres(pg.url, { max: 1, onnotice: () => {} });
      try {
        await sql.unsafe(`DROP SCHEMA IF EXISTS oris_alt CASCADE; CREATE SCHEMA oris_alt;
          CREATE TABLE oris_alt.kernel_events AS SELECT * FROM public.kernel_events WHERE run_id < 'run-0010';
          CREATE TABLE oris_alt.graph_checkpoints AS SELECT * FROM public.graph_checkpoints WHERE thread_id < 'run-0010';`);
      } finally {
        await sql.end();
      }
    });

    it("--schema reads there, and a missing table there is named", async () => {
      const store = await openPostgresStore(pg.url, { schema: "oris_alt" });
      try {
        expect(store.tables).toEqual({
          kernelEvents: true,
          checkpoints: true,
          runtimeAttempts: false,
          runtimeLeases: false,
        });
        const ids: string[] = [];
        for await (const r of readRuns(store)) ids.push(r.runId);
        // Runs with events or checkpoints (the copy has no runtime_attempts to list the others).
        const hasRows = (r: (typeof runs)[number]) =>
          "error" in r.kernel_events ||
          r.kernel_events.events.length > 0 ||
          "error" in r.checkpoints ||
          r.checkpoints.history.length > 0;
        expect(ids).toEqual(runs.filter((r) => r.run_id < "run-0010" && hasRows(r)).map((r) => r.run_id));
        expect(ids.length).toBeGreaterThan(5);
      } finally {
        await store.close();
      }
    });

    it("a schema that does not exist", async () => {
      expect(await failure(openPostgresStore(pg.url, { schema: "nope" }))).toEqual({
        kind: "not-found",
        message: `postgresql://127.0.0.1:${pg.port}/oris: no schema "nope" (give the schema the Oris runtime was configured with)`,
      });
    });

    it("a schema name that is not [A-Za-z0-9_]+ is refused before any SQL", async () => {
      const f = await failure(openPostgresStore("postgres://u:p@127.0.0.1:1/db", { schema: 'x"; DROP TABLE y; --' }));
      expect(f.kind).toBe("bad-option");
      expect(f.message).toContain("expected ASCII letters, digits and _ only");
    });
  });

  describe("faults: clear errors, never the credentials", () => {
    it("wrong password", async () => {
      const url = pg.url.replace(`:${pg.password}@`, ":s3cret-wrong@");
      const f = await failure(openPostgresStore(url));
      expect(f.kind).toBe("denied");
      expect(f.message).toContain(`postgresql://127.0.0.1:${pg.port}/oris: the server refused the credentials`);
      expect(f.message).not.toContain("s3cret-wrong");
      expect(f.message).not.toContain(pg.password);
    });

    it("a database that does not exist", async () => {
      const f = await failure(openPostgresStore(pg.url.replace(/\/oris$/, "/nope")));
      expect(f.kind).toBe("not-found");
      expect(f.message).toContain("/nope: no such database");
      expect(f.message).not.toContain(pg.password);
    });

    it("a server that refuses the connection", async () => {
      const f = await failure(
        openPostgresStore(`postgres://oris:hunter2@127.0.0.1:1/oris`, { connectTimeoutSeconds: 5 }),
      );
      expect(f).toEqual({
        kind: "unreachable",
        message:
          "postgresql://127.0.0.1:1/oris: the PostgreSQL server cannot be reached (ECONNREFUSED); is it running, and are host and port right?",
      });
    });

    it("a URL that does not parse is not repeated", async () => {
      const f = await failure(openPostgresStore("postgres://oris:hunter2@[bad/oris"));
      expect(f.kind).toBe("bad-option");
      expect(f.message).not.toContain("hunter2");
    });

    it("reads one snapshot in a read-only transaction, and never blocks a writer", async () => {
      const store = await openPostgresStore(pg.url);
      const sql = postgres(pg.url, { max: 1, onnotice: () => {} });
      try {
        // A writer commits while the store's transaction is open: not blocked, and not seen.
        await sql`INSERT INTO kernel_events (run_id, seq, event_json) VALUES ('zz-new', 1, '"Completed"')`;
        const ids: string[] = [];
        for await (const r of readRuns(store)) ids.push(r.runId);
        expect(ids).toHaveLength(72);
        expect(ids).not.toContain("zz-new");
        const [session] = await sql`SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE datname = 'oris' AND pid <> pg_backend_pid() AND state = 'idle in transaction' AND backend_xid IS NULL`;
        expect(session!["n"]).toBe(1); // the store's session: in its transaction, no transaction id (it wrote nothing)
      } finally {
        await store.close();
        await sql`DELETE FROM kernel_events WHERE run_id = 'zz-new'`;
        await sql.end();
      }
    });
  });
});
