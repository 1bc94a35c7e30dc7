import { copyFileSync, readFileSync, statSync, writeFileSync } from "node:fs";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { expectedRecord, STORE_FIXTURES, STORE_MODES, storeRuns } from "../../../fixtures/stores.js";
import { runBin, tempDir } from "./helpers.js";

const runs = storeRuns();
const DB = STORE_FIXTURES.sqlite;

function modeArgs(mode: (typeof STORE_MODES)[number]): string[] {
  return [
    "--source",
    mode.from,
    "--profile",
    mode.profile,
    ...(mode.timestamps === null ? [] : ["--timestamps", mode.timestamps]),
  ];
}

describe("oris-observe --db FILE (SQLite, the real driver, the fixture database)", () => {
  for (const mode of STORE_MODES) {
    it(`${mode.name}: one record per run, byte-equal to the runtime, in byte order; failed runs named, exit 65`, async () => {
      const r = await runBin(["--db", DB, ...modeArgs(mode)]);
      const lines = r.stdout.split("\n");
      expect(lines.pop()).toBe("");
      expect(lines).toHaveLength(runs.length);
      let failures = 0;
      runs.forEach((run, i) => {
        const want = expectedRecord(run, mode);
        const line = lines[i] as string;
        if ("record" in want) {
          expect(line).toBe(want.record);
          return;
        }
        failures++;
        const record = JSON.parse(line) as { run_id: string; error: string };
        expect(Object.keys(record)).toEqual(["run_id", "error"]);
        expect(record.run_id).toBe(run.run_id);
        expect(record.error).toContain(
          "seq" in want
            ? `kernel_events seq ${want.seq}: `
            : `checkpoints checkpoint_id ${JSON.stringify(want.checkpointId)}: `,
        );
        expect(r.stderr).toContain(`oris-observe: run ${JSON.stringify(run.run_id)}: ${record.error}`);
      });
      expect(r.status).toBe(failures > 0 ? 65 : 0);
      if (failures > 0) expect(r.stderr).toContain(`${failures} of ${runs.length} runs could not be derived`);
    });
  }

  it("--run-id (repeatable) picks runs; one in no table gets an error record", async () => {
    const r = await runBin(["--db", DB, "--run-id", "run-0003-4615", "--run-id", "nope 'x'", "--run-id", "5"]);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines.map((l) => (JSON.parse(l) as { run_id: string }).run_id)).toEqual(["5", "nope 'x'", "run-0003-4615"]);
    const five = expectedRecord(
      runs.find((x) => x.run_id === "5")!,
      STORE_MODES[0],
    );
    expect(lines[0]).toBe("record" in five ? five.record : "");
    expect(lines[1]).toBe(
      `{"run_id":"nope 'x'","error":"no such run: it has no row in kernel_events, checkpoints, runtime_attempts"}`,
    );
    expect(r.status).toBe(65);
  });

  it("--format pretty writes serde's to_string_pretty of each record", async () => {
    const r = await runBin(["--db", DB, "--run-id", "run-0003-4615", "--format", "pretty", "--profile", "0.3"]);
    const want = expectedRecord(
      runs.find((x) => x.run_id === "run-0003-4615")!,
      STORE_MODES[1],
    );
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`${JSON.stringify(JSON.parse("record" in want ? want.record : "null"), null, 2)}\n`);
    expect(
      r.stdout.startsWith('{\n  "run_id": "run-0003-4615",\n  "observability": {\n    "reasoning_timeline": [\n'),
    ).toBe(true);
  });

  it("--format summary tells each run", async () => {
    const r = await runBin([
      "--db",
      DB,
      "--run-id",
      "run-0003-4615",
      "--run-id",
      "run-0001-70217",
      "--format",
      "summary",
      "--source",
      "checkpoints",
      "--profile",
      "0.3",
    ]);
    expect(r.stdout).toContain('run                "run-0001-70217"');
    expect(r.stdout).toContain('run                "run-0003-4615"');
    expect(r.stdout).toMatch(/lease graph/);
  });

  it("reads without changing the file, and never blocks a live writer in WAL mode", async () => {
    const t = tempDir();
    try {
      const path = t.path("live.sqlite3");
      copyFileSync(DB, path);
      const writer = new Database(path);
      writer.pragma("journal_mode = WAL");
      writer.exec("BEGIN IMMEDIATE");
      writer
        .prepare(
          "INSERT INTO kernel_events (run_id, seq, event_json, created_at_ms) VALUES ('zz-live', 1, '\"Completed\"', 0)",
        )
        .run();
      // A writer holds its write transaction open: the reader still reads (the committed snapshot).
      const during = await runBin(["--db", path, "--run-id", "5"]);
      expect(during.status).toBe(0);
      writer.exec("COMMIT");
      const after = await runBin(["--db", path, "--run-id", "zz-live"]);
      expect(after.stdout).toBe(
        '{"run_id":"zz-live","observability":{"reasoning_timeline":["Completed#1"],"lease_graph":null,"replay_cost":1,"interrupt_latency_ms":null}}\n',
      );
      writer.close();
      const before = readFileSync(path);
      const mtime = statSync(path).mtimeMs;
      const again = await runBin(["--db", path]);
      expect(again.stdout.split("\n")).toHaveLength(82);
      expect(statSync(path).mtimeMs).toBe(mtime);
      expect(readFileSync(path).equals(before)).toBe(true);
    } finally {
      t.dispose();
    }
  });

  it("a database locked by a writer (rollback journal) is reported as busy, exit 74", async () => {
    const t = tempDir();
    try {
      const path = t.path("locked.sqlite3");
      copyFileSync(DB, path);
      const writer = new Database(path);
      writer.exec("BEGIN EXCLUSIVE");
      writer.prepare("DELETE FROM kernel_events WHERE run_id = '5'").run();
      const r = await runBin(["--db", path, "--busy-timeout", "200"]);
      writer.exec("ROLLBACK");
      writer.close();
      expect(r.status).toBe(74);
      expect(r.stderr).toMatch(/locked\.sqlite3: the database stayed locked by a writer for 200 ms .*try again/);
      expect(r.stdout).toBe("");
    } finally {
      t.dispose();
    }
  });

  describe("bad databases: a clear message and a status", () => {
    it("a missing file: 66", async () => {
      const r = await runBin(["--db", "/nonexistent/oris.sqlite3"]);
      expect(r.status).toBe(66);
      expect(r.stderr).toBe(
        "oris-observe: /nonexistent/oris.sqlite3: no such file (give the path of the Oris SQLite database)\n",
      );
    });
    it("a directory: 66", async () => {
      const t = tempDir();
      try {
        const r = await runBin(["--db", t.dir]);
        expect(r.status).toBe(66);
        expect(r.stderr).toContain("is a directory, not a SQLite database file");
      } finally {
        t.dispose();
      }
    });
    it("a file that is not SQLite: 66", async () => {
      const t = tempDir();
      try {
        const path = t.write("trace.ndjson", '{"run_id":"r","seq":1,"kind":"Completed"}\n'.repeat(200));
        const r = await runBin(["--db", path]);
        expect(r.status).toBe(66);
        expect(r.stderr).toContain("trace.ndjson: not a SQLite database");
      } finally {
        t.dispose();
      }
    });
    it("a corrupt file: 65", async () => {
      const t = tempDir();
      try {
        const bytes = readFileSync(DB);
        bytes.fill(0x5a, 4096 * 2, 4096 * 40); // damage pages past the header and schema
        const path = t.write("corrupt.sqlite3", bytes);
        const r = await runBin(["--db", path]);
        expect(r.status).toBe(65);
        expect(r.stderr).toContain("corrupt.sqlite3: the database file is damaged");
      } finally {
        t.dispose();
      }
    });
    it("a SQLite file without Oris tables names the tables looked for: 66", async () => {
      const t = tempDir();
      try {
        const path = t.path("other.sqlite3");
        const other = new Database(path);
        other.exec("CREATE TABLE users (id INTEGER)");
        other.close();
        const r = await runBin(["--db", path]);
        expect(r.status).toBe(66);
        expect(r.stderr).toContain(
          "no Oris table found (looked for kernel_events, checkpoints, runtime_attempts, runtime_leases)",
        );
      } finally {
        t.dispose();
      }
    });
    it("a missing table: reads what exists, says what is missing", async () => {
      const t = tempDir();
      try {
        const path = t.path("partial.sqlite3");
        copyFileSync(DB, path);
        const db = new Database(path);
        db.exec("DROP TABLE runtime_leases; DROP TABLE checkpoints");
        db.close();
        const events = await runBin(["--db", path, "--run-id", "5"]);
        expect(events.status).toBe(0);
        expect(events.stderr).toContain("warning: " + path + ": no checkpoints table");
        const cps = await runBin(["--db", path, "--source", "checkpoints"]);
        expect(cps.status).toBe(66);
        expect(cps.stderr).toContain(
          "no checkpoints table, which the checkpoint history is read from (the database has kernel_events, runtime_attempts)",
        );
      } finally {
        t.dispose();
      }
    });
  });

  describe("usage", () => {
    const cases: [string[], string][] = [
      [["--db", DB, "trace.ndjson"], "--db reads the database instead of trace files: give no FILE"],
      [["--db", DB, "--schema", "oris"], "--schema is for a PostgreSQL --db"],
      [["--db", "postgres://127.0.0.1:1/x", "--schema", "a;drop"], "--schema takes ASCII letters, digits and _ only"],
      [["--db", DB, "--source", "rows"], '--source must be events or checkpoints (got "rows")'],
      [
        ["--db", DB, "--source", "checkpoints", "--timestamps", "created_at"],
        "--timestamps created_at goes with --source events",
      ],
      [["--db", DB, "--timestamps", "now"], '--timestamps takes created_at (got "now")'],
      [["--source", "events", "trace.ndjson"], "--source goes with --db"],
      [["--db", DB, "--by-run"], "--by-run is for trace files"],
      [["--db", DB, "--skip-invalid"], "--skip-invalid is for trace files"],
    ];
    for (const [args, message] of cases) {
      it(`${args.join(" ")}: 64`, async () => {
        const r = await runBin(args);
        expect(r.status).toBe(64);
        expect(r.stderr).toContain(message);
      });
    }
  });

  it("--output writes all records or nothing", async () => {
    const t = tempDir();
    try {
      const out = t.path("runs.ndjson");
      writeFileSync(out, "old\n");
      const r = await runBin(["--db", DB, "--output", out, "--profile", "0.3"]);
      expect(r.status).toBe(65); // the fixture has runs serde refuses
      expect(readFileSync(out, "utf8").split("\n")).toHaveLength(81);
    } finally {
      t.dispose();
    }
  });
});
