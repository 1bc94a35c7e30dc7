import { encodeRunRecord, readRuns, type RunRecord } from "@oris/store";
import { describe, expect, it } from "vitest";
import { expectedRecord, STORE_FIXTURES, STORE_MODES, storeRuns } from "../../../fixtures/stores.js";
import { openSqliteStore } from "../src/index.js";

const runs = storeRuns();

async function readAll(options: Parameters<typeof readRuns>[1]): Promise<RunRecord[]> {
  const store = openSqliteStore(STORE_FIXTURES.sqlite);
  try {
    const out: RunRecord[] = [];
    for await (const record of readRuns(store, options)) out.push(record);
    return out;
  } finally {
    await store.close();
  }
}

describe("the fixture database, through the real better-sqlite3, against the Rust runtime's results", () => {
  it("has the 80 runs the runtime lists, in byte order", async () => {
    const records = await readAll({});
    expect(records.map((r) => r.runId)).toEqual(runs.map((r) => r.run_id));
    expect(records).toHaveLength(80);
  });

  for (const mode of STORE_MODES) {
    it(`${mode.name}: every run byte-equal, every refused row named`, async () => {
      const records = await readAll({ from: mode.from, profile: mode.profile, timestamps: mode.timestamps });
      expect(records).toHaveLength(runs.length);
      let compared = 0;
      runs.forEach((run, i) => {
        const record = records[i] as RunRecord;
        expect(record.runId).toBe(run.run_id);
        const want = expectedRecord(run, mode);
        if ("record" in want) {
          expect("error" in record ? record.error.message : encodeRunRecord(record), run.run_id).toBe(want.record);
        } else if ("seq" in want) {
          expect("error" in record, run.run_id).toBe(true);
          if ("error" in record) {
            expect(record.error.seq).toBe(String(want.seq));
            expect(record.error.source).toBe("kernel_events");
            expect(encodeRunRecord(record)).toMatch(
              new RegExp(
                `^\\{"run_id":${JSON.stringify(JSON.stringify(run.run_id)).slice(1, -1)},"error":"kernel_events seq ${want.seq}: `,
              ),
            );
          }
        } else {
          expect("error" in record, run.run_id).toBe(true);
          if ("error" in record) {
            expect(record.error.checkpointId).toBe(want.checkpointId);
            expect(record.error.source).toBe("checkpoints");
          }
        }
        compared++;
      });
      expect(compared).toBe(80);
    });
  }

  it("names the runs asked for, in byte order, each once; a run in no table is an error record", async () => {
    const pick = ["run-0003-4615", "5", "no-such-run", "run-0003-4615", "run/with/slashes16"];
    const records = await readAll({ runIds: pick, profile: "0.3" });
    expect(records.map((r) => r.runId)).toEqual(["5", "no-such-run", "run-0003-4615", "run/with/slashes16"]);
    const missing = records[1] as RunRecord;
    expect("error" in missing && missing.error.message).toBe(
      "no such run: it has no row in kernel_events, checkpoints, runtime_attempts",
    );
    for (const record of [records[0], records[2], records[3]] as RunRecord[]) {
      const run = runs.find((r) => r.run_id === record.runId);
      const want = expectedRecord(run!, STORE_MODES[1]);
      expect(encodeRunRecord(record)).toBe("record" in want ? want.record : "");
    }
  });

  it("takes run ids with quotes, spaces and non-ASCII as data, never as SQL", async () => {
    const pick = [`x' OR '1'='1`, `"); DROP TABLE kernel_events; --`, "ünï côdé 😀", ""];
    const records = await readAll({ runIds: pick });
    expect(records.every((r) => "error" in r && r.error.message.startsWith("no such run"))).toBe(true);
    expect(records.map((r) => r.runId)).toEqual([
      "",
      `"); DROP TABLE kernel_events; --`,
      `x' OR '1'='1`,
      "ünï côdé 😀",
    ]);
    expect(await readAll({})).toHaveLength(80);
  });
});
