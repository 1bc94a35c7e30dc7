import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { BIN, ROOT, runBin, tempDir, traces } from "./helpers.js";

const tmp = tempDir();
afterAll(() => tmp.dispose());

/** A private TMPDIR per run, to see that the spill files are gone afterwards. */
let tmpdirs = 0;
function privateTmpdir(): string {
  const dir = tmp.path(`tmpdir-${tmpdirs++}`);
  mkdirSync(dir);
  return dir;
}
/** The environment of a run with the spill budget set to `bytes` and TMPDIR set to `dir`. */
const spillEnv = (bytes: number, dir: string): NodeJS.ProcessEnv => ({
  PATH: process.env["PATH"] ?? "",
  TMPDIR: dir,
  ORIS_OBSERVE_BY_RUN_MEMORY: String(bytes),
});

/** Deterministic pseudo-random numbers in [0, 1). */
function random(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
}

/** Byte order of the UTF-8 of two strings, computed on the bytes themselves. */
const utf8Order = (a: string, b: string): number => Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));

/** `line` (serde's layout, `{"run_id":"…",…`) with its run_id replaced by `id`. */
function withRunId(line: string, id: string): string {
  const m = /^\{"run_id":"(?:[^"\\]|\\.)*"/.exec(line);
  if (m === null) throw new Error(`not in serde's layout: ${line}`);
  return `{"run_id":${JSON.stringify(id)}${line.slice(m[0].length)}`;
}

/** Interleaves the runs' lines at random, keeping each run's own order. */
function interleave(runs: readonly (readonly string[])[], seed: number): string[] {
  const next = random(seed);
  const cursors = runs.map(() => 0);
  const live = runs.map((_, i) => i).filter((i) => (runs[i] as readonly string[]).length > 0);
  const out: string[] = [];
  while (live.length > 0) {
    const k = Math.floor(next() * live.length);
    const i = live[k] as number;
    const run = runs[i] as readonly string[];
    out.push(run[cursors[i]!++] as string);
    if (cursors[i] === run.length) live.splice(k, 1);
  }
  return out;
}

/** Run ids for the conformance cases: ASCII, non-ASCII, astral, quotes, escapes, U+E000–U+FFFF against astral. */
const SPECIAL_IDS = [
  "",
  "a",
  "A",
  "b",
  "é",
  "\u00ff",
  "\u0100",
  "\uE000",
  "\uFFFF",
  "\uFF01",
  "\u{10000}",
  "\u{1F600}",
  "\u{1F600}x",
  'q"uote',
  "back\\slash",
  "\u2028",
  "tab\t",
  "\u0001ctl",
  "日本",
  "ß",
];
const CASES = traces.filter((c) => c.trace_ndjson.length > 0);
const IDS = CASES.map(
  (_, i) => SPECIAL_IDS[i] ?? `run-${String(i).padStart(3, "0")}-${i % 3 === 0 ? "é" : i % 3 === 1 ? "\u{1F680}" : ""}`,
);
const RUNS = CASES.map((c, i) => c.trace_ndjson.map((l) => withRunId(l, IDS[i] as string)));
const MIXED = `${interleave(RUNS, 7).join("\n")}\n`;

/** The expected output: one record per case, in byte order of the ids. */
function expected(profile: "0.2" | "0.3", layout: "json" | "pretty" = "json"): string {
  const order = CASES.map((_, i) => i).sort((i, j) => utf8Order(IDS[i] as string, IDS[j] as string));
  return order
    .map((i) => {
      const c = CASES[i]!;
      const record = `{"run_id":${JSON.stringify(IDS[i])},"observability":${profile === "0.2" ? c.seed_json : c.upstream_0_3_json}}`;
      return `${layout === "json" ? record : JSON.stringify(JSON.parse(record), null, 2)}\n`;
    })
    .join("");
}

const ev = (run: string, seq: number, kind = "StateUpdated", extra = "") =>
  `{"run_id":${JSON.stringify(run)},"seq":${seq},"step_id":"s","action_id":null,"kind":"${kind}"${extra}}`;

describe("--by-run: one record per run_id, each run's events in file order", () => {
  it("has test data worth the name: many runs, interleaved, with ids that JavaScript's < orders otherwise", () => {
    expect(CASES.length).toBeGreaterThan(150);
    expect(new Set(IDS).size).toBe(IDS.length);
    const jsOrder = [...IDS].sort();
    const byteOrder = [...IDS].sort(utf8Order);
    expect(jsOrder).not.toEqual(byteOrder);
    expect(MIXED).not.toBe(`${RUNS.flat().join("\n")}\n`);
    expect(
      MIXED.split("\n")
        .slice(0, 50)
        .map((l) => /^\{"run_id":("(?:[^"\\]|\\.)*")/.exec(l)?.[1])
        .filter((id, i, all) => id !== all[i - 1]).length,
    ).toBeGreaterThan(30);
  });

  for (const profile of ["0.2", "0.3"] as const) {
    it(`profile ${profile}: each run's record is {"run_id":…,"observability":<the Rust bytes>}, byte for byte, in UTF-8 byte order of the ids`, async () => {
      const file = tmp.write(`mixed-${profile}.ndjson`, MIXED);
      const r = await runBin(["--by-run", "--profile", profile, file]);
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
      expect(r.stdout).toBe(expected(profile));
    });
  }

  it("--format pretty writes serde_json's to_string_pretty of each record", async () => {
    const r = await runBin(["--by-run", "-p", "0.3", "-f", "pretty", "-"], { stdin: MIXED });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(expected("0.3", "pretty"));
    expect(r.stdout.startsWith('{\n  "run_id": "",\n  "observability": {\n    "reasoning_timeline": [\n      "')).toBe(
      true,
    );
  });

  it("orders runs by the bytes of their UTF-8: U+FF01 and U+E000 before astral characters, a prefix first", async () => {
    const ids = ["\u{1F600}", "\uFF01", "z", "\u{1F600}a", "é", "\uE000", "Z", "", "\u{10FFFF}", "\u0080"];
    const lines = interleave(
      ids.map((id) => [ev(id, 1), ev(id, 2, "Completed")]),
      3,
    );
    const r = await runBin(["--by-run"], { stdin: `${lines.join("\n")}\n` });
    expect(r.status).toBe(0);
    const got = r.stdout
      .trimEnd()
      .split("\n")
      .map((l) => (JSON.parse(l) as { run_id: string }).run_id);
    expect(got).toEqual(["", "Z", "z", "\u0080", "é", "\uE000", "\uFF01", "\u{1F600}", "\u{1F600}a", "\u{10FFFF}"]);
    expect(got).toEqual([...ids].sort(utf8Order));
    expect(r.stdout.split("\n")[0]).toBe(
      '{"run_id":"","observability":{"reasoning_timeline":["StateUpdated#1","Completed#2"],"lease_graph":null,"replay_cost":2,"interrupt_latency_ms":null}}',
    );
  });

  it("reads several FILEs as one stream: a run split across files keeps file order", async () => {
    const a = tmp.write("part1.ndjson", [ev("r2", 1), ev("r1", 1), ev("r2", 2)].join("\n"));
    const b = tmp.write(
      "part2.json",
      `[${[ev("r1", 2, "Interrupted"), ev("r2", 3), ev("r1", 3, "Resumed")].join(",\n")}]`,
    );
    const r = await runBin(["--by-run", a, b]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(
      '{"run_id":"r1","observability":{"reasoning_timeline":["StateUpdated#1","Interrupted#2","Resumed#3"],"lease_graph":null,"replay_cost":3,"interrupt_latency_ms":1}}\n' +
        '{"run_id":"r2","observability":{"reasoning_timeline":["StateUpdated#1","StateUpdated#2","StateUpdated#3"],"lease_graph":null,"replay_cost":3,"interrupt_latency_ms":null}}\n',
    );
  });

  it("reads gzip input (by suffix and by magic bytes)", async () => {
    const gz = tmp.write("mixed.ndjson.gz", gzipSync(MIXED));
    const r = await runBin(["--by-run", "-p", "0.3", gz]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(expected("0.3"));
    const piped = await runBin(["--by-run"], { stdin: gzipSync(MIXED) });
    expect(piped.stdout).toBe(expected("0.2"));
  });

  it("an input without events gives no record", async () => {
    const r = await runBin(["--by-run"], { stdin: "[]" });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe("");
  });

  it("--format summary: one block per run, headed by its id", async () => {
    const r = await runBin(["--by-run", "-f", "summary", "-"], {
      stdin: [ev("b\u001b[31m", 1), ev("a", 1), ev("b\u001b[31m", 2, "Completed")].join("\n"),
    });
    expect(r.status).toBe(0);
    const blocks = r.stdout.split("\n\n");
    expect(blocks.pop()).toBe("");
    expect(blocks).toHaveLength(2);
    expect(blocks[0]).toMatch(/^run {16}"a"\ninput {14}<stdin> \(NDJSON\)\n/);
    expect(blocks[0]).toContain("\nevents             1\n");
    expect(blocks[1]).toMatch(/^run {16}"b\\u001b\[31m"\n/);
    expect(blocks[1]).toContain("\nevents             2\n");
    expect(blocks[1]).toContain("\nby kind            StateUpdated 1, Completed 1\n");
  });

  it("a run whose 0.3 interrupt latency passes 2^53−1 ms gets an error record, the others are written, exit 65", async () => {
    const lines = [
      ev("ok-1", 1),
      ev("huge", 1, "Interrupted", ',"timestamp_ms":-9007199254740991'),
      ev("ok-2", 1),
      ev("huge", 2, "Resumed", ',"timestamp_ms":9007199254740991'),
      ev("ok-1", 2, "Completed"),
    ];
    const r = await runBin(["--by-run", "-p", "0.3"], { stdin: lines.join("\n") });
    expect(r.status).toBe(65);
    const out = r.stdout.trimEnd().split("\n");
    expect(out).toHaveLength(3);
    expect(out[0]).toBe(
      '{"run_id":"huge","error":"interrupt_latency_ms is 18014398509481982 ms, beyond 2^53−1: a JavaScript number cannot hold it exactly"}',
    );
    expect(out[1]).toMatch(
      /^\{"run_id":"ok-1","observability":\{"reasoning_timeline":\["StateUpdated#1\(s\)","Completed#2\(s\)"\]/,
    );
    expect(out[2]).toMatch(/^\{"run_id":"ok-2","observability":/);
    expect(r.stderr).toBe(
      'oris-observe: run "huge": interrupt_latency_ms is 18014398509481982 ms, beyond 2^53−1: a JavaScript number cannot hold it exactly\n' +
        "oris-observe: 1 of 3 runs could not be derived (error records written)\n",
    );
    // Under 0.2 the latency is an index distance: nothing fails.
    const seed = await runBin(["--by-run", "-p", "0.2"], { stdin: lines.join("\n") });
    expect(seed.status).toBe(0);
    expect(seed.stdout.split("\n")[0]).toBe(
      '{"run_id":"huge","observability":{"reasoning_timeline":["Interrupted#1","Resumed#2"],"lease_graph":null,"replay_cost":2,"interrupt_latency_ms":1}}',
    );
  });
});

describe("--by-run in bounded memory: past the budget, timelines spill to temporary files", () => {
  // With a budget of a few hundred bytes the trace spills dozens of times
  // (more than the 16 spools that are merged into one), and runs are spread
  // over many spools and memory.
  for (const budget of [0, 200, 5000]) {
    it(`a budget of ${budget} bytes gives the same bytes as no spill, and leaves nothing in TMPDIR`, async () => {
      const dir = privateTmpdir();
      for (const [profile, layout] of [
        ["0.2", "json"],
        ["0.3", "pretty"],
      ] as const) {
        const r = await runBin(["--by-run", "-p", profile, "-f", layout], { stdin: MIXED, env: spillEnv(budget, dir) });
        expect(r.stderr).toBe("");
        expect(r.status).toBe(0);
        expect(r.stdout).toBe(expected(profile, layout));
      }
      expect(readdirSync(dir)).toEqual([]);
    });
  }

  it("a long run (one timeline over many spools and blocks), non-ASCII entries cut anywhere, stays exact", async () => {
    const lines: string[] = [];
    for (let i = 1; i <= 20_000; i++)
      lines.push(ev(i % 7 === 0 ? "short" : "long", i, i % 5 === 0 ? "Résumé\u{1F600}" : "StateUpdated"));
    const want = await runBin(["--by-run", "-p", "0.3"], { stdin: `${lines.join("\n")}\n` });
    const dir = privateTmpdir();
    const got = await runBin(["--by-run", "-p", "0.3"], { stdin: `${lines.join("\n")}\n`, env: spillEnv(1000, dir) });
    expect(got.status).toBe(0);
    expect(got.stdoutBytes.equals(want.stdoutBytes)).toBe(true);
    expect(want.stdout.split("\n")[0]).toContain('"Résumé\u{1F600}#5(s)"');
    expect(readdirSync(dir)).toEqual([]);
  });

  it("a failing run removes its spill files too", async () => {
    const dir = privateTmpdir();
    const r = await runBin(["--by-run"], {
      stdin: `${MIXED}{"run_id":"r","seq":-1,"kind":"K"}\n`,
      env: spillEnv(100, dir),
    });
    expect(r.status).toBe(65);
    expect(r.stdout).toBe("");
    expect(readdirSync(dir)).toEqual([]);
  });

  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    it(`${signal} removes the spill files and the --output temporary file, and the process dies of it`, async () => {
      const dir = privateTmpdir();
      const outDir = privateTmpdir();
      const out = `${outDir}/result.ndjson`;
      const child = spawn(process.execPath, [BIN, "--by-run", "--output", out], {
        cwd: ROOT,
        stdio: ["pipe", "ignore", "ignore"],
        env: spillEnv(0, dir),
      });
      // Stdin stays open: the run waits for more, with its spill directory and output file open.
      child.stdin.write(MIXED);
      while (readdirSync(dir).length === 0 || readdirSync(outDir).length === 0)
        await new Promise((r) => setTimeout(r, 20));
      expect(readdirSync(dir)[0]).toMatch(/^oris-observe-/);
      const ended = new Promise<NodeJS.Signals | null>((resolve) => child.on("close", (_code, s) => resolve(s)));
      child.kill(signal);
      expect(await ended).toBe(signal);
      expect(readdirSync(dir)).toEqual([]);
      expect(readdirSync(outDir)).toEqual([]);
    });
  }
});

describe("--by-run: bad records, --check, --output", () => {
  const good = [ev("r1", 1), ev("r2", 1), ev("r1", 2, "Completed")];
  const withBad = [good[0], good[1], '{"run_id":"r2","seq":"2","kind":"K"}', good[2]].join("\n");

  it("stops at the first bad record by default: exit 65, FILE:LINE, no record", async () => {
    const file = tmp.write("bad.ndjson", withBad);
    const r = await runBin(["--by-run", file]);
    expect(r.status).toBe(65);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      `${file}:3: /seq: expected an integer from 0 to 9007199254740991 (got the string "2")\n` +
        "oris-observe: stopped at the first bad record, with no result (--skip-invalid leaves bad records out, --check lists them all)\n",
    );
  });

  it("--skip-invalid leaves it out and goes on", async () => {
    const r = await runBin(["--by-run", "--skip-invalid"], { stdin: withBad });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(
      '{"run_id":"r1","observability":{"reasoning_timeline":["StateUpdated#1","Completed#2"],"lease_graph":null,"replay_cost":2,"interrupt_latency_ms":null}}\n' +
        '{"run_id":"r2","observability":{"reasoning_timeline":["StateUpdated#1"],"lease_graph":null,"replay_cost":1,"interrupt_latency_ms":null}}\n',
    );
    expect(r.stderr).toBe(
      '<stdin>:3: /seq: expected an integer from 0 to 9007199254740991 (got the string "2")\noris-observe: skipped 1 bad record of 4\n',
    );
  });

  it("--check lists every bad record and writes nothing", async () => {
    const bad = await runBin(["--by-run", "--check"], { stdin: `${withBad}\n{"seq":1}\n` });
    expect(bad.status).toBe(65);
    expect(bad.stdout).toBe("");
    expect(bad.stderr).toMatch(/^<stdin>:3: .*\n<stdin>:5: .*\noris-observe: 2 of 5 records are bad\n$/);
    const ok = await runBin(["--by-run", "--check"], { stdin: MIXED });
    expect(ok.status).toBe(0);
    expect(ok.stderr).toBe(`oris-observe: ${RUNS.flat().length} records, all valid\n`);
  });

  it("--output writes all or nothing", async () => {
    const out = tmp.write("by-run-result.ndjson", "previous\n");
    const failed = await runBin(["--by-run", "--output", out, "-"], { stdin: withBad });
    expect(failed.status).toBe(65);
    expect(readFileSync(out, "utf8")).toBe("previous\n");
    expect(readdirSync(tmp.dir).filter((f) => f.includes("by-run-result"))).toEqual(["by-run-result.ndjson"]);
    const dir = privateTmpdir();
    const r = await runBin(["--by-run", "-p", "0.3", "--output", out, "-"], { stdin: MIXED, env: spillEnv(300, dir) });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("");
    expect(readFileSync(out, "utf8")).toBe(expected("0.3"));
    expect(readdirSync(tmp.dir).filter((f) => f.includes("by-run-result"))).toEqual(["by-run-result.ndjson"]);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("is refused with --db and with --checkpoints", async () => {
    const db = await runBin(["--by-run", "--db", "x.sqlite3"]);
    expect(db.status).toBe(64);
    expect(db.stderr).toBe(
      "oris-observe: --db already writes one record per run: --by-run is for trace files\nTry 'oris-observe --help' for usage.\n",
    );
    const cp = await runBin(["--by-run", "--checkpoints", "h.json", "--run-id", "r"]);
    expect(cp.status).toBe(64);
    expect(cp.stderr).toBe(
      "oris-observe: --by-run is for trace files, not --checkpoints\nTry 'oris-observe --help' for usage.\n",
    );
  });
});

describe("without --by-run, a trace of more than one run_id gets a warning", () => {
  const WARNING =
    /^oris-observe: warning: the trace holds (.+) runs \((.*)\); the result mixes them — use --by-run for one record per run$/m;

  it("not for one run (the example)", async () => {
    for (const format of ["json", "pretty", "summary"]) {
      const r = await runBin(["-f", format, "examples/run.ndjson"]);
      expect(r.status).toBe(0);
      expect(r.stderr).toBe("");
    }
  });

  it("once, with the count and the first two ids, JSON-escaped; the result and exit status as before", async () => {
    const lines = [
      ev("first", 1),
      ev("first", 2),
      ev("sec\u001b]0;ond\u0007", 3),
      ev("third", 4),
      ev("first", 5),
      ev("third", 6),
    ];
    for (const format of ["json", "pretty", "summary"]) {
      const r = await runBin(["-f", format], { stdin: lines.join("\n") });
      expect(r.status).toBe(0);
      expect(r.stderr).toBe(
        'oris-observe: warning: the trace holds 3 runs ("first", "sec\\u001b]0;ond\\u0007", …); the result mixes them — use --by-run for one record per run\n',
      );
      if (format === "json") {
        expect(r.stdout).toBe(
          '{"reasoning_timeline":["StateUpdated#1","StateUpdated#2","StateUpdated#3","StateUpdated#4","StateUpdated#5","StateUpdated#6"],"lease_graph":null,"replay_cost":6,"interrupt_latency_ms":null}\n',
        );
      }
    }
    const two = await runBin([], { stdin: [ev("a", 1), ev("b", 2)].join("\n") });
    expect(two.stderr).toBe(
      'oris-observe: warning: the trace holds 2 runs ("a", "b"); the result mixes them — use --by-run for one record per run\n',
    );
  });

  it("counts up to 1,000 distinct ids, then says more than 1,000", async () => {
    const many = (n: number) => Array.from({ length: n }, (_, i) => ev(`r${i}`, i + 1)).join("\n");
    const exactly = await runBin([], { stdin: many(1000) });
    expect(WARNING.exec(exactly.stderr)?.[1]).toBe("1,000");
    const more = await runBin([], { stdin: many(1001) });
    expect(WARNING.exec(more.stderr)?.slice(1)).toEqual(["more than 1,000", '"r0", "r1", …']);
  });

  it("comes before the closing lines of --skip-invalid, and not with --check (no result) or --by-run", async () => {
    const lines = [ev("a", 1), "nope", ev("b", 2)].join("\n");
    const skip = await runBin(["--skip-invalid"], { stdin: lines });
    expect(skip.status).toBe(0);
    expect(skip.stderr.split("\n").slice(1)).toEqual([
      'oris-observe: warning: the trace holds 2 runs ("a", "b"); the result mixes them — use --by-run for one record per run',
      "oris-observe: skipped 1 bad record of 3",
      "",
    ]);
    const check = await runBin(["--check"], { stdin: [ev("a", 1), ev("b", 2)].join("\n") });
    expect(check.stderr).toBe("oris-observe: 2 records, all valid\n");
    const byRun = await runBin(["--by-run"], { stdin: MIXED });
    expect(byRun.stderr).toBe("");
  });

  it("conformance traces whose events all share one run_id get none", async () => {
    const single = traces.filter(
      (c) =>
        c.trace_ndjson.length > 0 &&
        new Set(c.trace_ndjson.map((l) => /^\{"run_id":"((?:[^"\\]|\\.)*)"/.exec(l)?.[1])).size === 1,
    );
    expect(single.length).toBeGreaterThan(100);
    const c = single[single.length - 1]!;
    const r = await runBin([], { stdin: c.trace_ndjson.join("\n") });
    expect(r.stdout).toBe(`${c.seed_json}\n`);
    expect(r.stderr).toBe("");
    expect(existsSync(BIN)).toBe(true);
  });
});
