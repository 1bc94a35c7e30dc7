#!/usr/bin/env node
// `pnpm bench`, traces as Oris writes them (issue 8): oris-observe beside the
// Rust reference's `reduce` on the same files, in the same run.
//
//   node src/traces.mjs [--runs 5] [--large-runs 2] [--class-runs 7] [--large 10000000]
//                       [--no-large] [--no-reducer] [--json]
//
// 1. Builds the Rust reference (shared/rust-reference, `cargo build --release
//    --offline` against Debian's crates) into bench/traces/rust-target, and
//    (unless --no-reducer) the Rust reducer in memory (bench/rust-inmem, which
//    compiles the reference's src/model.rs in as it is) into
//    bench/traces/rust-target-inmem; when either does not build, its Rust
//    columns say "not measured".
// 2. Generates into bench/traces/ (git-ignored), when missing or when
//    generate-mixed.mjs changed (a stamp records its hash): the mixed trace of
//    1M and of --large (10M) events, both also gzip, and one 100k-line file
//    per line class (traces/classes/); they are kept. The friendly 1M trace is
//    generate-trace.mjs's (traces/1m.ndjson).
// 3. End to end, 1M events, friendly and mixed, profiles 0.2 and 0.3: in
//    turns, `oris-rust-reference reduce FILE [0.3]` (stdout to a file) and
//    `oris-observe [--profile 0.3] --output OUT FILE`; wall time, CPU and peak
//    RSS from GNU time; best (and median) of --runs. Both outputs must be
//    byte-identical (SHA-256), in every turn, or the bench stops.
// 4. Size: the mixed trace at 10M events (NDJSON: ours and Rust), and gzip at
//    1M and 10M (ours; Rust's reduce reads no gzip), profile 0.2, best of
//    --large-runs; gzip outputs must equal the NDJSON outputs.
// 5. Per line class: each 100k-line class file, profiles 0.2 and 0.3, ours
//    and Rust in turns, best of --class-runs, timed around the process
//    (hrtime around spawnSync, finer than GNU time's 10 ms); ns per line is
//    (best wall − best wall on a one-line file) ÷ 100,000, i.e. net of each
//    program's start-up; each class's ratio to the plain class.
// 6. In memory, on the two 1M files of part 3, profiles 0.2 and 0.3, one
//    process each, Rust then ours: `oris-rust-inmem FILE PROFILE 7` reads and
//    parses the file (serde per line, not timed), then times the reference's
//    own from_kernel_trace (the seed's or 0.3's, model.rs compiled in) over
//    the whole Vec, 7 times after a warm-up (Instant around the call alone; no
//    serialization; the result dropped after the clock stops, replay_cost
//    checked); `src/reducer.mjs --file FILE` decodes the same file's lines
//    (not timed) and times fromKernelTrace (batch) and the streaming core, 7
//    times in turns after a warm-up. ns per event, best and median of the 7;
//    each of ours over Rust's best (targets: batch ≤ 1.5×, stream ≤ 0.7×);
//    both must have reduced the same number of events.
//
// Prints a Markdown section (or, with --json, one JSON object for run.mjs).
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { cpus, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { CLASSES } from "./generate-mixed.mjs";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "5" },
    "large-runs": { type: "string", default: "2" },
    "class-runs": { type: "string", default: "7" },
    large: { type: "string", default: "10000000" },
    "no-large": { type: "boolean", default: false },
    "no-reducer": { type: "boolean", default: false },
    json: { type: "boolean", default: false },
  },
});
const here = dirname(fileURLToPath(import.meta.url));
const benchDir = join(here, "..");
const repoRoot = join(benchDir, "..");
const traces = join(benchDir, "traces");
const require = createRequire(import.meta.url);
const bin = join(dirname(require.resolve("@oris/cli/package.json")), "dist", "bin.js");
const TIME = "/usr/bin/time";
const log = (s) => process.stderr.write(`${s}\n`);
if (!existsSync(bin)) throw new Error(`${bin} is missing: build first (pnpm bench at the root does)`);
if (!existsSync(TIME)) throw new Error("GNU time (/usr/bin/time) is needed for wall time and peak RSS");
mkdirSync(traces, { recursive: true });
const M = 1_000_000;
const CLASS_LINES = 100_000;
const runs = Number(values.runs);
const largeRuns = Number(values["large-runs"]);
const classRuns = Number(values["class-runs"]);
const large = Number(values.large);

// ------------------------------------------------------------ the Rust side

const defaultReference = join(repoRoot, "..", "shared", "rust-reference");

/** Builds shared/rust-reference; its binary, or null (with the reason logged) when it cannot be built here. */
function buildRust() {
  const dir = process.env.ORIS_RUST_REFERENCE ?? defaultReference;
  if (!existsSync(join(dir, "Cargo.toml"))) {
    log(`no Rust reference at ${dir} (set ORIS_RUST_REFERENCE): Rust figures not measured`);
    return null;
  }
  const target = join(traces, "rust-target");
  log(`building the Rust reference (${dir})…`);
  const r = spawnSync("cargo", ["build", "--release", "--offline", "--quiet", "--target-dir", target], {
    cwd: dir,
    stdio: ["ignore", "inherit", "inherit"],
  });
  if (r.status !== 0) {
    log(
      "the Rust reference did not build (it needs cargo and Debian's crates, see its header): Rust figures not measured",
    );
    return null;
  }
  return join(target, "release", "oris-rust-reference");
}

/**
 * Builds bench/rust-inmem, the Rust reducer in memory (it compiles
 * ../shared/rust-reference/src/model.rs in by a fixed relative path); its
 * binary, or null (with the reason logged) when it cannot be built here.
 */
function buildRustInmem() {
  const dir = join(benchDir, "rust-inmem");
  const model = join(defaultReference, "src", "model.rs");
  const chosen = process.env.ORIS_RUST_REFERENCE;
  if (
    chosen !== undefined &&
    (!existsSync(chosen) || !existsSync(defaultReference) || realpathSync(chosen) !== realpathSync(defaultReference))
  ) {
    log(
      `ORIS_RUST_REFERENCE is not ${defaultReference}, whose model.rs bench/rust-inmem compiles in: the Rust reducer in memory is not measured`,
    );
    return null;
  }
  if (!existsSync(model)) {
    log(`no ${model}: the Rust reducer in memory is not measured`);
    return null;
  }
  const target = join(traces, "rust-target-inmem");
  log(`building the Rust reducer in memory (${dir})…`);
  const r = spawnSync("cargo", ["build", "--release", "--offline", "--quiet", "--target-dir", target], {
    cwd: dir,
    stdio: ["ignore", "inherit", "inherit"],
  });
  if (r.status !== 0) {
    log(
      "the Rust reducer in memory (bench/rust-inmem) did not build (it needs cargo and Debian's crates, see its header): not measured",
    );
    return null;
  }
  return join(target, "release", "oris-rust-inmem");
}

// ------------------------------------------------------------ the files

const sha256File = (file) => createHash("sha256").update(readFileSync(file)).digest("hex");

function generated() {
  const stampFile = join(traces, "mixed.stamp.json");
  const generator = sha256File(join(here, "generate-mixed.mjs"));
  const stamp = existsSync(stampFile) ? JSON.parse(readFileSync(stampFile, "utf8")) : null;
  const mixedDir = traces;
  const classDir = join(traces, "classes");
  const want = {
    mixed1m: join(mixedDir, "mixed-1m.ndjson"),
    mixed1mGz: join(mixedDir, "mixed-1m.ndjson.gz"),
    mixedLarge: join(mixedDir, `mixed-${large / M}m.ndjson`),
    mixedLargeGz: join(mixedDir, `mixed-${large / M}m.ndjson.gz`),
  };
  if (stamp === null || stamp.generator !== generator) {
    log("generate-mixed.mjs changed (or first run): generating the mixed traces again");
    for (const f of Object.values(want)) rmSync(f, { force: true });
    rmSync(classDir, { recursive: true, force: true });
    rmSync(stampFile, { force: true });
  }
  const gen = (args) =>
    execFileSync(process.execPath, [join(here, "generate-mixed.mjs"), ...args], { stdio: "inherit" });
  const make = (file, events, gzip) => {
    if (existsSync(file)) return;
    log(`generating ${file} (${events.toLocaleString("en-US")} events)…`);
    const t = performance.now();
    gen(["--events", String(events), "--out", file, ...(gzip ? ["--gzip"] : [])]);
    log(`  in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  };
  make(want.mixed1m, M, false);
  make(want.mixed1mGz, M, true);
  if (!values["no-large"]) {
    make(want.mixedLarge, large, false);
    make(want.mixedLargeGz, large, true);
  }
  if (!existsSync(join(classDir, "plain.ndjson"))) {
    log(`generating one ${CLASS_LINES.toLocaleString("en-US")}-line file per line class into ${classDir}…`);
    gen(["--classes", classDir, "--events", String(CLASS_LINES)]);
  }
  const startup = join(classDir, "one-line.ndjson");
  if (!existsSync(startup))
    writeFileSync(startup, readFileSync(join(classDir, "plain.ndjson"), "utf8").split("\n")[0] + "\n");
  writeFileSync(stampFile, `${JSON.stringify({ generator })}\n`);

  const friendly = join(traces, "1m.ndjson");
  if (!existsSync(friendly)) {
    log("generating the friendly 1M trace…");
    execFileSync(process.execPath, [join(here, "generate-trace.mjs"), "--events", String(M), "--out", friendly], {
      stdio: "inherit",
    });
  }
  return { ...want, friendly, classDir, startup };
}

// ------------------------------------------------------------ measuring

/** A command under GNU time, stdout into `stdoutFile` (or ignored): wall s, CPU s, peak RSS MB. */
function timed(label, command, args, stdoutFile) {
  const timing = join(traces, "time.txt");
  const fd = stdoutFile === null ? "ignore" : openSync(stdoutFile, "w");
  try {
    const r = spawnSync(TIME, ["-f", "%e %M %U %S", "-o", timing, command, ...args], {
      stdio: ["ignore", fd, "pipe"],
      encoding: "utf8",
    });
    if (r.status !== 0) throw new Error(`${label}: exited ${r.status}: ${r.stderr.slice(-2000)}`);
    const [wall, kb, user, system] = readFileSync(timing, "utf8").trim().split(/\s+/).slice(-4).map(Number);
    return { wall, cpu: Math.round((user + system) * 100) / 100, rssMB: kb / 1024 };
  } finally {
    if (typeof fd === "number") closeSync(fd);
    rmSync(timing, { force: true });
  }
}

/** A command timed around the process with hrtime (no GNU time): wall seconds. */
function hrtimed(label, command, args, stdoutFile) {
  const fd = stdoutFile === null ? "ignore" : openSync(stdoutFile, "w");
  try {
    const t = process.hrtime.bigint();
    const r = spawnSync(command, args, { stdio: ["ignore", fd, "pipe"] });
    const wall = Number(process.hrtime.bigint() - t) / 1e9;
    if (r.status !== 0) throw new Error(`${label}: exited ${r.status}: ${String(r.stderr).slice(-2000)}`);
    return wall;
  } finally {
    if (typeof fd === "number") closeSync(fd);
  }
}

class Series {
  walls = [];
  cpus = [];
  rss = 0;
  add({ wall, cpu, rssMB }) {
    this.walls.push(wall);
    this.cpus.push(cpu ?? 0);
    this.rss = Math.max(this.rss, rssMB ?? 0);
  }
  get best() {
    return Math.min(...this.walls);
  }
  get median() {
    const s = [...this.walls].sort((a, b) => a - b);
    return s[Math.floor(s.length / 2)];
  }
  summary() {
    return {
      wallBest: this.best,
      wallMedian: this.median,
      cpuBest: Math.min(...this.cpus),
      peakRssMB: Math.round(this.rss),
      runs: this.walls.length,
    };
  }
}

const rustArgs = (file, profile) => ["reduce", file, ...(profile === "0.3" ? ["0.3"] : [])];
const oursArgs = (file, profile, out) => [bin, "--profile", profile, "--output", out, file];

/**
 * Rust and ours in turns on one file, `n` turns; outputs checked against each
 * other (and against `expected`, a SHA-256, when given) after every turn.
 */
function endToEnd(label, file, profile, n, { rust: withRust = true, expected = null } = {}) {
  const rustOut = join(traces, "e2e.rust.json");
  const oursOut = join(traces, "e2e.ours.json");
  const r = new Series();
  const o = new Series();
  let hash = expected;
  for (let i = 0; i < n; i++) {
    if (rust !== null && withRust) {
      r.add(timed(`${label}: Rust`, rust, rustArgs(file, profile), rustOut));
      const h = sha256File(rustOut);
      if (hash !== null && h !== hash) throw new Error(`${label}: the Rust reference's output differs (${rustOut})`);
      hash = h;
    }
    // The last turn's result goes first, outside the timing, as the Rust side's file is truncated
    // (by timed()'s openSync) outside its timing: replacing a 20–30 MB file costs the process that
    // does it some 15 ms of freeing page cache, which is not reading a trace.
    rmSync(oursOut, { force: true });
    o.add(timed(`${label}: oris-observe`, process.execPath, oursArgs(file, profile, oursOut), null));
    const h = sha256File(oursOut);
    if (hash !== null && h !== hash)
      throw new Error(
        `${label}: oris-observe's output (${oursOut}) differs from ${rust !== null ? `the Rust reference's (${rustOut})` : "the expected one"}`,
      );
    hash = h;
    log(
      `  ${label}, turn ${i + 1}: Rust ${r.walls.at(-1) ?? "–"} s (${Math.round(r.rss)} MB), ours ${o.walls.at(-1)} s (${Math.round(o.rss)} MB)`,
    );
  }
  const outputBytes = statSync(oursOut).size;
  rmSync(rustOut, { force: true });
  rmSync(oursOut, { force: true });
  return {
    label,
    profile,
    inputMB: Math.round(statSync(file).size / 1e6),
    rust: r.walls.length > 0 ? r.summary() : null,
    ours: o.summary(),
    ratio: r.walls.length > 0 ? Math.round((o.best / r.best) * 100) / 100 : null,
    identical: r.walls.length > 0 || expected !== null,
    outputSha256: hash,
    outputBytes,
  };
}

/** Per class file: best wall of Rust and ours per profile, in turns, outputs compared. */
function perClass(files, startup) {
  const rustOut = join(traces, "class.rust.json");
  const oursOut = join(traces, "class.ours.json");
  const best = (label, fn) => {
    let b = Infinity;
    for (let i = 0; i < classRuns; i++) b = Math.min(b, fn());
    return b;
  };
  const rows = [];
  for (const profile of ["0.2", "0.3"]) {
    const startupRust =
      rust === null
        ? null
        : best("start-up", () => hrtimed("Rust start-up", rust, rustArgs(startup, profile), rustOut));
    const startupOurs = best("start-up", () =>
      hrtimed("ours start-up", process.execPath, oursArgs(startup, profile, oursOut), null),
    );
    log(`  start-up, profile ${profile}: Rust ${startupRust?.toFixed(3) ?? "–"} s, ours ${startupOurs.toFixed(3)} s`);
    for (const [name, file] of files) {
      const rw = [];
      const ow = [];
      for (let i = 0; i < classRuns; i++) {
        if (rust !== null) rw.push(hrtimed(`${name}: Rust`, rust, rustArgs(file, profile), rustOut));
        rmSync(oursOut, { force: true }); // as in endToEnd: the last result goes outside the timing
        ow.push(hrtimed(`${name}: ours`, process.execPath, oursArgs(file, profile, oursOut), null));
        if (rust !== null && i === 0 && sha256File(rustOut) !== sha256File(oursOut)) {
          throw new Error(
            `${name}, profile ${profile}: oris-observe's output (${oursOut}) differs from the Rust reference's (${rustOut})`,
          );
        }
      }
      const ns = (walls, start) => Math.round(((Math.min(...walls) - start) / CLASS_LINES) * 1e9);
      const row = {
        name,
        profile,
        bytes: statSync(file).size,
        rustNs: rust === null ? null : ns(rw, startupRust),
        oursNs: ns(ow, startupOurs),
        rustWall: rust === null ? null : Math.min(...rw),
        oursWall: Math.min(...ow),
        identical: rust !== null,
      };
      log(`  ${name}, profile ${profile}: Rust ${row.rustNs ?? "–"} ns/line, ours ${row.oursNs} ns/line`);
      rows.push(row);
    }
    rows.push({ name: "(start-up)", profile, rustWall: startupRust, oursWall: startupOurs });
  }
  rmSync(rustOut, { force: true });
  rmSync(oursOut, { force: true });
  return rows;
}

// ------------------------------------------------------------ main

const load = [loadavg()[0]];
const git = (...args) => spawnSync("git", ["-C", repoRoot, ...args], { encoding: "utf8" }).stdout?.trim() ?? "";
const commit = git("rev-parse", "--short", "HEAD") || "unknown";
const code = `commit ${commit}${git("status", "--porcelain", "--", "packages") === "" ? "" : " with uncommitted changes in packages/"}`;
const machine = `${cpus()[0]?.model ?? "unknown CPU"}, ${cpus().length} cores, Node ${process.version}`;
const rust = buildRust();
const rustInmem = values["no-reducer"] ? null : buildRustInmem();
const files = generated();

log("end to end, 1M events…");
const e2e = [];
for (const [name, file] of [
  ["friendly", files.friendly],
  ["mixed", files.mixed1m],
]) {
  for (const profile of ["0.2", "0.3"]) e2e.push(endToEnd(`${name} 1M, profile ${profile}`, file, profile, runs));
}
const mixed02 = e2e.find((x) => x.label === "mixed 1M, profile 0.2");

log("size: gzip and 10M…");
const size = [];
size.push({ ...mixed02, label: "mixed 1M, NDJSON" });
size.push(endToEnd("mixed 1M, gzip", files.mixed1mGz, "0.2", runs, { rust: false, expected: mixed02.outputSha256 }));
if (!values["no-large"]) {
  const nd = endToEnd(`mixed ${large / M}M, NDJSON`, files.mixedLarge, "0.2", largeRuns);
  size.push(nd);
  size.push(
    endToEnd(`mixed ${large / M}M, gzip`, files.mixedLargeGz, "0.2", largeRuns, {
      rust: false,
      expected: nd.outputSha256,
    }),
  );
}

log("per line class…");
const classFiles = Object.keys(CLASSES).map((name) => [name, join(files.classDir, `${name}.ndjson`)]);
const classes = perClass(classFiles, files.startup);

const REDUCER_RUNS = 7;
let reducer = [];
if (!values["no-reducer"]) {
  log("in memory…");
  const r2 = (x) => Math.round(x * 100) / 100;
  for (const [trace, file] of [
    ["friendly", files.friendly],
    ["mixed", files.mixed1m],
  ]) {
    for (const profile of ["0.2", "0.3"]) {
      const rustRun =
        rustInmem === null
          ? null
          : JSON.parse(
              execFileSync(rustInmem, [file, profile, String(REDUCER_RUNS)], {
                encoding: "utf8",
                stdio: ["ignore", "pipe", "inherit"],
              }),
            );
      const ours = JSON.parse(
        execFileSync(
          process.execPath,
          [
            join(here, "reducer.mjs"),
            "--profile",
            profile,
            "--runs",
            String(REDUCER_RUNS),
            "--trace",
            trace,
            "--file",
            file,
          ],
          {
            encoding: "utf8",
            stdio: ["ignore", "pipe", "inherit"],
          },
        ),
      );
      if (rustRun !== null && rustRun.events !== ours.events)
        throw new Error(
          `in memory, ${trace}, profile ${profile}: Rust reduced ${rustRun.events} events, ours ${ours.events}`,
        );
      const rustSummary =
        rustRun === null
          ? null
          : {
              min: rustRun.best_ns_per_event,
              median: rustRun.median_ns_per_event,
              runs: rustRun.ns_per_event.length,
              perRun: rustRun.ns_per_event,
              dropPerRun: rustRun.drop_ns_per_event,
            };
      const row = {
        ...ours,
        rust: rustSummary,
        batchOverRust: rustSummary === null ? null : r2(ours.fromKernelTrace.min / rustSummary.min),
        streamOverRust: rustSummary === null ? null : r2(ours.streamPush.min / rustSummary.min),
      };
      log(
        `  ${trace}, profile ${profile}: Rust ${rustSummary?.min ?? "–"} ns/event, fromKernelTrace ${ours.fromKernelTrace.min} (${row.batchOverRust ?? "–"}×), stream ${ours.streamPush.min} (${row.streamOverRust ?? "–"}×)`,
      );
      reducer.push(row);
    }
  }
}
load.push(loadavg()[0]);

const result = {
  machine,
  code,
  load,
  rustMeasured: rust !== null,
  rustInmemMeasured: rustInmem !== null,
  e2e,
  size,
  classes,
  reducer,
};
const markdown = tables(result);
console.log(values.json ? JSON.stringify({ ...result, markdown }) : markdown);

// ------------------------------------------------------------ Markdown

function tables({ machine, code, load, rustMeasured, rustInmemMeasured, e2e, size, classes, reducer }) {
  const s = (x) => (x === null || x === undefined ? "–" : `${x.toFixed(2)} s`);
  const ratio = (x) => (x === null ? "not measured" : `**${x.toFixed(2)}×**`);
  const verdict = (value, limit) =>
    value === null
      ? "not measured"
      : value <= limit
        ? "met"
        : `**missed** by ${((value / limit - 1) * 100).toFixed(0)} %`;
  const out = [
    `Measured ${new Date().toISOString().slice(0, 10)} on ${machine}, the code at ${code}; load average ${load.map((l) => l.toFixed(2)).join(" → ")}` +
      ` (other work on the machine inflates the medians). Rust: ${rustMeasured ? "`oris-rust-reference reduce`, built by the bench" : "**not measured** (the reference did not build)"}.`,
    "",
    `**End to end, 1M events** (in turns, best of ${runs}; output to a file; wall and peak RSS from GNU time, start-up included)`,
    "",
    "| trace | profile | MB | Rust: wall (best / median) | ours: wall (best / median) | ours ÷ Rust (wall) | ≤ 0.6× | CPU: Rust / ours (best) | peak RSS: Rust | peak RSS: ours | outputs |",
    "| --- | --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | --- |",
    ...e2e.map((r) => {
      const [trace] = r.label.split(" ");
      return `| ${trace} | ${r.profile} | ${r.inputMB} | ${r.rust ? `${s(r.rust.wallBest)} / ${s(r.rust.wallMedian)}` : "–"} | ${s(r.ours.wallBest)} / ${s(r.ours.wallMedian)} | ${ratio(r.ratio)} | ${verdict(r.ratio, 0.6)} | ${r.rust ? `${s(r.rust.cpuBest)}` : "–"} / ${s(r.ours.cpuBest)} | ${r.rust ? `${r.rust.peakRssMB} MB` : "–"} | ${r.ours.peakRssMB} MB | ${r.identical ? `byte-identical (${(r.outputBytes / 1e6).toFixed(1)} MB, every turn)` : "not compared"} |`;
    }),
    "",
    `**Size and gzip**, the mixed trace, profile 0.2 (1M: best of ${runs}; ${large / M}M: best of ${largeRuns}; Rust's \`reduce\` reads no gzip)`,
    "",
    "| input | MB | ours: wall (best) | ours: peak RSS | RSS target | Rust: wall (best) | Rust: peak RSS | ours ÷ Rust (wall) | outputs |",
    "| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | --- |",
    ...size.map((r) => {
      const gz = r.label.includes("gzip");
      const limit = gz ? 100 : 80;
      return `| ${r.label} | ${r.inputMB} | ${s(r.ours.wallBest)} | ${r.ours.peakRssMB} MB | ≤ ${limit} MB: ${verdict(r.ours.peakRssMB, limit)} | ${r.rust ? s(r.rust.wallBest) : "–"} | ${r.rust ? `${r.rust.peakRssMB} MB` : "–"} | ${r.ratio === null ? "–" : `${r.ratio.toFixed(2)}×`} | ${gz ? (r.identical ? "byte-identical to the NDJSON run's" : "not compared") : r.identical ? "byte-identical to Rust's" : "not compared"} |`;
    }),
    "",
    `**Per line class**, one file of ${CLASS_LINES.toLocaleString("en-US")} lines per class, every line of that class; ns per line = (best of ${classRuns} wall − best wall on a one-line file) ÷ ${CLASS_LINES.toLocaleString("en-US")}, each program net of its own start-up; ratios to the same program's plain class; outputs byte-identical to Rust's`,
    "",
    "| class | bytes/line | Rust 0.2 | ours 0.2 | ours ÷ Rust 0.2 | ours ÷ plain 0.2 | Rust ÷ plain 0.2 | Rust 0.3 | ours 0.3 | ours ÷ Rust 0.3 | ours ÷ plain 0.3 | within 1.3× of plain (ours) |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
  ];
  const byProfile = (p) => classes.filter((c) => c.profile === p && c.name !== "(start-up)");
  const p2 = byProfile("0.2");
  const p3 = byProfile("0.3");
  const plain = (rows) => rows.find((c) => c.name === "plain");
  const x = (a, b) => (a === null || b === null || b <= 0 ? "–" : `${(a / b).toFixed(2)}×`);
  for (const c of p2) {
    const d = p3.find((y) => y.name === c.name);
    const worst = Math.max(c.oursNs / plain(p2).oursNs, d.oursNs / plain(p3).oursNs);
    out.push(
      `| ${c.name} | ${Math.round(c.bytes / CLASS_LINES)} | ${c.rustNs ?? "–"} | ${c.oursNs} | ${x(c.oursNs, c.rustNs)} | ${x(c.oursNs, plain(p2).oursNs)} | ${x(c.rustNs, plain(p2).rustNs)} | ${d.rustNs ?? "–"} | ${d.oursNs} | ${x(d.oursNs, d.rustNs)} | ${x(d.oursNs, plain(p3).oursNs)} | ${c.name === "plain" ? "–" : worst <= 1.3 ? "met" : `**missed** (${worst.toFixed(2)}×)`} |`,
    );
  }
  const su = classes.filter((c) => c.name === "(start-up)");
  out.push(
    "",
    `Start-up (one-line file, best of ${classRuns}): ${su.map((c) => `profile ${c.profile}: Rust ${c.rustWall === null ? "–" : `${(c.rustWall * 1000).toFixed(1)} ms`}, ours ${(c.oursWall * 1000).toFixed(1)} ms`).join("; ")}.`,
  );
  if (reducer.length > 0) {
    out.push(
      "",
      `**In memory**, ns per event, the two 1M files above, decoded first (not timed); best, and median of ${REDUCER_RUNS} runs after a warm-up, each side in a process of its own: ` +
        "`fromKernelTrace` keeps the million-entry timeline, `createObservabilityStream().push` drops each entry; " +
        (rustInmemMeasured
          ? "Rust is `oris-rust-inmem` (bench/rust-inmem): the reference's own `from_kernel_trace` (its model.rs compiled in), timed around the call over the whole `Vec` (rustc -O, no serialization; the result dropped after the clock stops). Ratios: our best over Rust's best."
          : "the Rust reducer in memory is **not measured** (bench/rust-inmem was not built: see the log), so the targets (≤ 1.5× and ≤ 0.7× the Rust reducer) cannot be judged here."),
      "",
      "| trace | profile | Rust `from_kernel_trace` | `fromKernelTrace` | ours ÷ Rust | ≤ 1.5× | `createObservabilityStream().push` | ours ÷ Rust | ≤ 0.7× |",
      "| --- | --- | ---: | ---: | ---: | --- | ---: | ---: | --- |",
      ...reducer.map(
        (r) =>
          `| ${r.trace} | ${r.figure.replace("reducer, profile ", "")} | ${r.rust === null ? "not measured" : `${r.rust.min} (median ${r.rust.median})`} | ${r.fromKernelTrace.min} (median ${r.fromKernelTrace.median}) | ${ratio(r.batchOverRust)} | ${verdict(r.batchOverRust, 1.5)} | ${r.streamPush.min} (median ${r.streamPush.median}) | ${ratio(r.streamOverRust)} | ${verdict(r.streamOverRust, 0.7)} |`,
      ),
    );
  }
  return out.join("\n");
}
