#!/usr/bin/env node
// `pnpm bench`: every figure of BENCHMARKS.md, each in a process of its own.
//
//   node src/run.mjs [--runs 5] [--large 10000000] [--no-large] [--keep] [--write]
//                    [--only traces|mixed|db|html[,…]] [--no-db] [--no-postgres] [--class-runs 7]
//
// 1. the library's reducer in memory, profiles 0.2 and 0.3 (src/reducer.mjs)
// 2. decodeKernelTraceEvent against zod 4, as a ratio (src/decoder.mjs)
// 3. oris-observe end to end on generated traces (src/generate-trace.mjs):
//    1M events as NDJSON (both profiles), gzip and a JSON array, and 10M as
//    NDJSON; wall time, events/s, MB/s of input and peak RSS, measured with
//    GNU time. The result goes to a file, as a real run's would.
// 4. reading an Oris database (src/db.mjs): oris-observe --db beside the Rust
//    runtime's own read path (shared/rust-reference, built here) on generated
//    SQLite files of 100k and 1M events, outputs checked byte for byte; then
//    the same rows in a real PostgreSQL server.
// 5. traces as Oris writes them (src/traces.mjs, issue 8): oris-observe
//    beside the Rust reference's `reduce` on the friendly trace and on the
//    mixed one (src/generate-mixed.mjs: every line class serde_json writes),
//    1M events both profiles, 10M and gzip, one 100k-line file per line
//    class, and the reducer in memory on both traces beside the Rust
//    reference's from_kernel_trace in memory (bench/rust-inmem).
// 6. the HTML report (src/html-report.mjs, issue 12): --format html on 100k
//    events (one run, and --by-run over many), the file's size, and the time
//    to first render in Debian's chromium (playwright-core).
//
// Traces are generated into bench/traces/ (git-ignored) when missing; the
// 10M trace (about 1 GB) is deleted afterwards unless --keep. --write puts
// the figures into BENCHMARKS.md between its "figures" markers (1–3), its
// "db-figures" markers (4), its "mixed-figures" markers (5) and its
// "html-figures" markers (6), each only when measured: --only takes a comma
// list of traces (1–3 and 5), mixed (5 only), db (4) and html (6).
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { createRequire } from "node:module";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "5" },
    large: { type: "string", default: "10000000" },
    "no-large": { type: "boolean", default: false },
    keep: { type: "boolean", default: false },
    write: { type: "boolean", default: false },
    only: { type: "string" },
    "no-db": { type: "boolean", default: false },
    "no-postgres": { type: "boolean", default: false },
    "class-runs": { type: "string", default: "7" },
  },
});
const only = values.only === undefined ? null : values.only.split(",");
if (only !== null && only.some((o) => !["traces", "mixed", "db", "html"].includes(o)))
  throw new Error("--only takes a comma list of traces, mixed, db and html");
const measureTraces = only === null || only.includes("traces");
const measureMixed = only === null || only.includes("traces") || only.includes("mixed");
const measureDb = (only === null || only.includes("db")) && !values["no-db"];
const measureHtml = only === null || only.includes("html");
const here = dirname(fileURLToPath(import.meta.url));
const benchDir = join(here, "..");
const traces = join(benchDir, "traces");
const runs = Number(values.runs);
const require = createRequire(import.meta.url);
const bin = join(dirname(require.resolve("@oris/cli/package.json")), "dist", "bin.js");
const TIME = "/usr/bin/time";
if (!existsSync(bin)) throw new Error(`${bin} is missing: build first (pnpm bench at the root does)`);
if (!existsSync(TIME)) throw new Error("GNU time (/usr/bin/time) is needed for wall time and peak RSS");
mkdirSync(traces, { recursive: true });

const log = (s) => process.stderr.write(`${s}\n`);
const node = (script, args) =>
  JSON.parse(execFileSync(process.execPath, [join(here, script), ...args], { encoding: "utf8" }));

/** Generates a trace unless it is already there. */
function trace(name, events, flags = []) {
  const file = join(traces, name);
  if (!existsSync(file)) {
    log(`generating ${name} (${events.toLocaleString("en-US")} events)…`);
    execFileSync(
      process.execPath,
      [join(here, "generate-trace.mjs"), "--events", String(events), "--out", file, ...flags],
      { stdio: "inherit" },
    );
  }
  return file;
}

/** Runs oris-observe `runs` times under GNU time: min and median wall, max peak RSS. */
function cli(label, file, events, args, n = runs) {
  const out = join(traces, "out.json");
  const timing = join(traces, "time.txt");
  const walls = [];
  let rss = 0;
  for (let i = 0; i < n; i++) {
    const r = spawnSync(TIME, ["-f", "%e %M", "-o", timing, process.execPath, bin, ...args, "--output", out, file], {
      encoding: "utf8",
    });
    if (r.status !== 0) throw new Error(`${label}: oris-observe exited ${r.status}: ${r.stderr}`);
    const [wall, kb] = readFileSync(timing, "utf8").trim().split(/\s+/).slice(-2).map(Number);
    walls.push(wall);
    rss = Math.max(rss, kb / 1024);
  }
  rmSync(out, { force: true });
  rmSync(timing, { force: true });
  walls.sort((a, b) => a - b);
  const bytes = statSync(file).size;
  const best = walls[0];
  const result = {
    label,
    events,
    inputMB: Math.round(bytes / 1e6),
    wallMin: best,
    wallMedian: walls[Math.floor(walls.length / 2)],
    eventsPerSecond: Math.round(events / best),
    mbPerSecond: Math.round(bytes / 1e6 / best),
    peakRssMB: Math.round(rss),
    runs: n,
  };
  log(`${label}: ${JSON.stringify(result)}`);
  return result;
}

const load = [loadavg()[0]];
const machine = `${cpus()[0]?.model ?? "unknown CPU"}, ${cpus().length} cores, Node ${process.version}`;
log(machine);

let table = null;
if (measureTraces) {
  // 1M events, and 10k: an Oris run's trace is hundreds to thousands of events,
  // and a trace that size leaves its timeline to the young generation.
  const reducer = ["1000000", "10000"].flatMap((events) =>
    ["0.2", "0.3"].map((profile) =>
      node("reducer.mjs", ["--profile", profile, "--events", events, "--runs", events === "10000" ? "200" : "7"]),
    ),
  );
  log(JSON.stringify(reducer));
  const decoder = node("decoder.mjs", []);
  log(JSON.stringify(decoder));

  const M = 1_000_000;
  const ndjson1m = trace("1m.ndjson", M);
  const results = [
    cli("1M events, NDJSON, profile 0.2", ndjson1m, M, []),
    cli("1M events, NDJSON, profile 0.3", ndjson1m, M, ["--profile", "0.3"]),
    cli("1M events, NDJSON gzip, profile 0.2", trace("1m.ndjson.gz", M, ["--gzip"]), M, []),
    cli("1M events, JSON array, profile 0.2", trace("1m.json", M, ["--array"]), M, []),
  ];
  if (!values["no-large"]) {
    const large = Number(values.large);
    const file = trace(`${large / M}m.ndjson`, large);
    results.push(
      cli(`${(large / M).toLocaleString("en-US")}M events, NDJSON, profile 0.2`, file, large, [], Math.min(runs, 2)),
    );
    if (!values.keep) rmSync(file);
  }

  load.push(loadavg()[0]);
  const ns = (s) => `${s.min} (median ${s.median})`;
  table = [
    `Measured ${new Date().toISOString().slice(0, 10)} on ${machine}; load average ${load.map((l) => l.toFixed(2)).join(" → ")} (other work on the machine inflates the medians).`,
    "",
    "**oris-observe end to end** (best of " + runs + " runs; 10M: best of " + Math.min(runs, 2) + "; output to a file)",
    "",
    "| input | MB | wall (best) | wall (median) | events/s | MB/s | peak RSS |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...results.map(
      (r) =>
        `| ${r.label} | ${r.inputMB} | ${r.wallMin.toFixed(2)} s | ${r.wallMedian.toFixed(2)} s | ${r.eventsPerSecond.toLocaleString("en-US")} | ${r.mbPerSecond} | ${r.peakRssMB} MB |`,
    ),
    "",
    "**The reducer in memory**, ns per event (best, and median of 7 runs at 1M events, of 200 at 10k)",
    "",
    "| profile | events | `fromKernelTrace` (keeps the timeline) | `createObservabilityStream().push` (entries dropped) |",
    "| --- | ---: | ---: | ---: |",
    ...reducer.map(
      (r) =>
        `| ${r.figure.replace("reducer, profile ", "")} | ${r.events.toLocaleString("en-US")} | ${ns(r.fromKernelTrace)} | ${ns(r.streamPush)} |`,
    ),
    "",
    "**Decoding a parsed event**, ns per event (best, and median of 7)",
    "",
    "| decoder | ns/event |",
    "| --- | ---: |",
    ...Object.entries(decoder.nsPerEvent).map(([name, s]) => `| ${name} | ${ns(s)} |`),
    "",
    `zod 4 takes **${decoder.zodOverOurs}×** the time of \`decodeKernelTraceEvent\` (ratio of the medians).`,
  ].join("\n");
  console.log(table);
}

// Traces as Oris writes them (issue 8): a process of its own, beside the Rust reference.
let mixedTable = null;
if (measureMixed) {
  const args = [
    "--json",
    "--runs",
    String(runs),
    "--large-runs",
    String(Math.min(runs, 2)),
    "--class-runs",
    values["class-runs"],
    "--large",
    values.large,
  ];
  if (values["no-large"]) args.push("--no-large");
  const mixed = JSON.parse(
    execFileSync(process.execPath, [join(here, "traces.mjs"), ...args], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
      maxBuffer: 1 << 26,
    }),
  );
  mixedTable = mixed.markdown;
  console.log(mixedTable);
}

// Reading an Oris database: a process of its own, which starts PostgreSQL and runs both readers.
let dbTable = null;
if (measureDb) {
  const args = ["--json", "--runs", String(Math.min(runs, 3)), "--small-runs", String(runs)];
  if (values["no-postgres"]) args.push("--no-postgres");
  const db = JSON.parse(
    execFileSync(process.execPath, [join(here, "db.mjs"), ...args], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    }),
  );
  dbTable = db.markdown;
  console.log(dbTable);
}

// The HTML report (issue 12): 100k events written by --format html and opened in Chromium.
let htmlTable = null;
if (measureHtml) {
  const html = JSON.parse(
    execFileSync(process.execPath, [join(here, "html-report.mjs"), "--json", "--runs", String(runs)], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    }),
  );
  htmlTable = html.markdown;
  console.log(htmlTable);
}

if (values.write) {
  const md = join(benchDir, "..", "BENCHMARKS.md");
  let text = readFileSync(md, "utf8");
  const put = (name, content) => {
    const start = `<!-- ${name}:start -->`;
    const end = `<!-- ${name}:end -->`;
    const a = text.indexOf(start);
    const b = text.indexOf(end);
    if (a < 0 || b < a) throw new Error(`BENCHMARKS.md has no ${start} … ${end} section`);
    text = `${text.slice(0, a + start.length)}\n${content}\n${text.slice(b)}`;
  };
  if (table !== null) put("figures", table);
  if (dbTable !== null) put("db-figures", dbTable);
  if (mixedTable !== null) put("mixed-figures", mixedTable);
  if (htmlTable !== null) put("html-figures", htmlTable);
  writeFileSync(md, text);
  log(`wrote the figures into ${md}`);
}
