import type {} from "@oris/pg-server/vitest";
import { describe, expect, inject, it } from "vitest";
import { expectedRecord, STORE_MODES, storeRuns } from "../../../fixtures/stores.js";
import { runBin } from "./helpers.js";

const pg = inject("pgServer");
const runs = storeRuns().filter((r) => r.in_postgres);

describe("oris-observe --db postgres://… (a real PostgreSQL server, the fixture loaded)", () => {
  for (const mode of STORE_MODES) {
    it(`${mode.name}: every run postgres.sql holds, byte-equal to the runtime`, async () => {
      const r = await runBin([
        "--db",
        pg.url,
        "--source",
        mode.from,
        "--profile",
        mode.profile,
        ...(mode.timestamps === null ? [] : ["--timestamps", mode.timestamps]),
      ]);
      const lines = r.stdout.split("\n");
      expect(lines.pop()).toBe("");
      expect(lines).toHaveLength(runs.length);
      let failures = 0;
      runs.forEach((run, i) => {
        const want = expectedRecord(run, mode);
        if ("record" in want) expect(lines[i]).toBe(want.record);
        else {
          failures++;
          const record = JSON.parse(lines[i] as string) as { run_id: string; error: string };
          expect(record.run_id).toBe(run.run_id);
          expect(record.error).toContain(
            "seq" in want ? `kernel_events seq ${want.seq}: ` : `checkpoint_id ${JSON.stringify(want.checkpointId)}`,
          );
        }
      });
      expect(r.status).toBe(failures > 0 ? 65 : 0);
      expect(r.stderr).not.toContain(pg.password);
    });
  }

  it("--run-id and --schema", async () => {
    const r = await runBin(["--db", pg.url, "--schema", "public", "--run-id", "run-0003-4615"]);
    const want = expectedRecord(
      runs.find((x) => x.run_id === "run-0003-4615")!,
      STORE_MODES[0],
    );
    expect(r.stdout).toBe(`${"record" in want ? want.record : ""}\n`);
    expect(r.status).toBe(0);
  });

  it("a missing schema: 66", async () => {
    const r = await runBin(["--db", pg.url, "--schema", "nope"]);
    expect(r.status).toBe(66);
    expect(r.stderr).toBe(
      `oris-observe: postgresql://127.0.0.1:${pg.port}/oris: no schema "nope" (give the schema the Oris runtime was configured with)\n`,
    );
  });

  it("wrong credentials: 66, and the password appears nowhere", async () => {
    const url = pg.url.replace(`:${pg.password}@`, ":Wr0ngPassw0rd@");
    const r = await runBin(["--db", url]);
    expect(r.status).toBe(66);
    expect(r.stderr).toContain("the server refused the credentials");
    expect(r.stderr + r.stdout).not.toContain("Wr0ngPassw0rd");
  });

  it("a server that cannot be reached: 69, and the password appears nowhere", async () => {
    const r = await runBin(["--db", "postgresql://oris:Sekr1t@127.0.0.1:1/oris"]);
    expect(r.status).toBe(69);
    expect(r.stderr).toBe(
      "oris-observe: postgresql://127.0.0.1:1/oris: the PostgreSQL server cannot be reached (ECONNREFUSED); is it running, and are host and port right?\n",
    );
  });

  it("the password can come from PGPASSWORD, off the command line", async () => {
    const url = pg.url.replace(`:${pg.password}@`, "@");
    const r = await runBin(["--db", url, "--run-id", "5"], {
      env: { PATH: process.env["PATH"] ?? "", PGPASSWORD: pg.password },
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^\{"run_id":"5","observability":/);
  });
});
