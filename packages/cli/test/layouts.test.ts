import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { chunked, ndjson, runBin, runInProcess, tempDir, traces } from "./helpers.js";

// The same conformance traces in every layout the CLI reads must give the
// same bytes: JSON arrays (compact and pretty), gzip, CRLF, blank lines,
// serde's array form of each record, several files, any chunking.

const nonEmpty = traces.filter((c) => c.trace_ndjson.length > 0);
const sample = nonEmpty.filter((c, i) => !c.name.startsWith("random") || i % 25 === 0);
const tmp = tempDir();
afterAll(() => tmp.dispose());

/** serde's array form of a KernelTraceEvent: its six fields in order. */
function arrayForm(line: string): string {
  const e = JSON.parse(line);
  return JSON.stringify([e.run_id, e.seq, e.step_id, e.action_id, e.kind, e.timestamp_ms ?? null]);
}

const layouts: Record<string, (lines: readonly string[]) => string> = {
  "a compact JSON array": (lines) => `[${lines.join(",")}]`,
  "a pretty JSON array": (lines) =>
    `${JSON.stringify(
      lines.map((l) => JSON.parse(l)),
      null,
      2,
    )}\n`,
  "NDJSON with CRLF line ends": (lines) => lines.map((l) => `${l}\r\n`).join(""),
  "NDJSON with blank lines and no final newline": (lines) => `\n  \n${lines.join("\n\n \t\n")}`,
  "NDJSON with leading whitespace and spaces in records": (lines) =>
    lines.map((l) => ` ${l.replace(/,"/g, ', "')} \n`).join(""),
  "NDJSON of serde's array form": (lines) => lines.map((l) => `${arrayForm(l)}\n`).join(""),
  "a JSON array of serde's array form": (lines) => `[${lines.map(arrayForm).join(",\n")}]\n`,
};

describe.each(Object.entries(layouts))("%s", (_layout, write) => {
  it.each(nonEmpty.map((c) => [c.name, c] as const))(
    "%s (in process, whole, then in pieces of 1-9 bytes)",
    async (_name, c) => {
      const text = write(c.trace_ndjson);
      const seed = await runInProcess([], text);
      expect(seed.stderr).toBe("");
      expect(seed.stdout).toBe(`${c.seed_json}\n`);
      const upstream = await runInProcess(["-p", "0.3"], chunked(text, 9, 7));
      expect(upstream.stdout).toBe(`${c.upstream_0_3_json}\n`);
    },
  );
});

describe("the built binary", () => {
  it.each(sample.map((c) => [c.name, c] as const))(
    "reads %s as a .gz file, gzip on stdin, and a JSON array",
    async (_name, c) => {
      const expected = `${c.seed_json}\n`;
      const gz = tmp.write(`${c.name.replace(/\W/g, "_")}.ndjson.gz`, gzipSync(ndjson(c)));
      expect((await runBin([gz])).stdout).toBe(expected);
      expect((await runBin([], { stdin: gzipSync(ndjson(c)) })).stdout).toBe(expected); // by its magic bytes
      const array = tmp.write(`${c.name.replace(/\W/g, "_")}.json`, layouts["a pretty JSON array"]!(c.trace_ndjson));
      expect((await runBin([array])).stdout).toBe(expected);
    },
  );

  it("reads several files, in several layouts, as one trace in the order given", async () => {
    const c = nonEmpty.find((x) => x.trace_ndjson.length >= 6)!;
    const lines = c.trace_ndjson;
    const a = tmp.write(
      "part-a.ndjson",
      lines
        .slice(0, 2)
        .map((l) => `${l}\n`)
        .join(""),
    );
    const b = tmp.write("part-b.json.gz", gzipSync(`[${lines.slice(2, 4).join(",")}]`));
    const rest = lines
      .slice(4)
      .map((l) => `${l}\n`)
      .join("");
    const r = await runBin(["-p", "0.3", a, b, "-"], { stdin: rest });
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(`${c.upstream_0_3_json}\n`);
    // Another order is another trace.
    const swapped = await runBin(["-p", "0.3", b, a, "-"], { stdin: rest });
    expect(swapped.stdout).not.toBe(`${c.upstream_0_3_json}\n`);
  });

  it("writes the empty trace's result for an empty JSON array", async () => {
    const r = await runBin([], { stdin: " [ ]\n" });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(
      '{"reasoning_timeline":null,"lease_graph":null,"replay_cost":null,"interrupt_latency_ms":null}\n',
    );
  });
});
