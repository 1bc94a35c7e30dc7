#!/usr/bin/env node
// `pnpm bench`, reading an Oris database: oris-observe --db beside the Rust
// runtime's own read path, on the same files, in the same run.
//
//   node src/db.mjs [--runs 3] [--small-runs 5] [--sizes 100k,1m] [--no-postgres] [--json]
//
// 1. Builds the Rust reference (shared/rust-reference, `cargo build --release
//    --offline` against Debian's crates) into bench/traces/rust-target.
// 2. Generates (src/generate-db.mjs) a SQLite file in Oris 0.4's layout with
//    1M kernel events in 10k runs, and one with 100k in 1k runs, into
//    bench/traces/ (git-ignored); they are kept, and made again only when the
//    generator changes (a stamp file beside each records its hash).
// 3. Per file, in turns, best of --runs (1M) or --small-runs (100k):
//    `oris-rust-reference observe FILE` (per-run scan, serde per row,
//    to_trace_event, the 0.2 rules; stdout to a file) and
//    `oris-observe --db FILE --output OUT` (events, profile 0.2, the
//    defaults); wall time and peak RSS from GNU time. Both outputs must be
//    byte-identical, in every run.
// 4. Starts a real PostgreSQL 15 (@oris/pg-server), loads the same rows into
//    Oris's PostgreSQL layout (COPY, from the SQLite file in its row order),
//    and times `oris-observe --db postgres://…` the same way; its output must
//    equal the SQLite output byte for byte.
//
// Prints a Markdown table (or, with --json, one JSON object for run.mjs).
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { cpus, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { generateDb } from "./generate-db.mjs";
import { importPgServer, loadPostgres } from "./load-postgres.mjs";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "3" },
    "small-runs": { type: "string", default: "5" },
    "no-postgres": { type: "boolean", default: false },
    sizes: { type: "string", default: "100k,1m" },
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

const SIZES = [
  { name: "100k", runs: 1_000, events: 100_000, repeat: Number(values["small-runs"]) },
  { name: "1m", runs: 10_000, events: 1_000_000, repeat: Number(values.runs) },
].filter((size) => values.sizes.split(",").includes(size.name));

// ------------------------------------------------------------ the Rust side

/** Builds shared/rust-reference; its binary, or null (with the reason logged) when it cannot be built here. */
function buildRust() {
  const dir = process.env.ORIS_RUST_REFERENCE ?? join(repoRoot, "..", "shared", "rust-reference");
  if (!existsSync(join(dir, "Cargo.toml"))) {
    log(`no Rust reference at ${dir} (set ORIS_RUST_REFERENCE): Rust figures skipped`);
    return null;
  }
  const target = join(traces, "rust-target");
  log(`building the Rust reference (${dir})…`);
  // From its own folder, so that its .cargo/config.toml points cargo at Debian's crates.
  const r = spawnSync("cargo", ["build", "--release", "--offline", "--quiet", "--target-dir", target], {
    cwd: dir,
    stdio: ["ignore", "inherit", "inherit"],
  });
  if (r.status !== 0) {
    log(
      "the Rust reference did not build: it needs cargo and Debian's crates " +
        "(apt-get install -y librust-serde-json-dev librust-serde-derive-dev librust-chrono-dev librust-rusqlite-dev): Rust figures skipped",
    );
    return null;
  }
  return join(target, "release", "oris-rust-reference");
}

// ------------------------------------------------------------ the files

const sha256 = (file) => createHash("sha256").update(readFileSync(file)).digest("hex");

/** The SQLite file of a size, generated unless there with the current generator's stamp. */
function sqliteFile({ name, runs, events }) {
  const file = join(traces, `db-${name}.sqlite3`);
  const stampFile = `${file}.json`;
  const generator = sha256(join(here, "generate-db.mjs"));
  if (existsSync(file) && existsSync(stampFile)) {
    const stamp = JSON.parse(readFileSync(stampFile, "utf8"));
    if (stamp.generator === generator && stamp.runs === runs && stamp.events === events)
      return { file, counts: stamp.counts };
  }
  log(`generating ${file} (${events.toLocaleString("en-US")} events in ${runs.toLocaleString("en-US")} runs)…`);
  rmSync(stampFile, { force: true });
  const t = performance.now();
  const counts = generateDb({ out: file, runs, events, seed: 1 });
  log(`  ${JSON.stringify(counts)} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  writeFileSync(stampFile, `${JSON.stringify({ generator, runs, events, counts })}\n`);
  return { file, counts };
}

// ------------------------------------------------------------ measuring

/**
 * Runs a command under GNU time with stdout into `stdoutFile` (or ignored):
 * wall seconds, CPU seconds (user + system, all threads), peak RSS in MB.
 * Throws on a non-zero exit.
 */
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

class Series {
  walls = [];
  cpus = [];
  rss = 0;
  add({ wall, cpu, rssMB }) {
    this.walls.push(wall);
    this.cpus.push(cpu);
    this.rss = Math.max(this.rss, rssMB);
  }
  get best() {
    return Math.min(...this.walls);
  }
  get median() {
    const s = [...this.walls].sort((a, b) => a - b);
    return s[Math.floor(s.length / 2)];
  }
  summary(events) {
    return {
      wallBest: this.best,
      wallMedian: this.median,
      cpuBest: Math.min(...this.cpus),
      eventsPerSecond: Math.round(events / this.best),
      peakRssMB: Math.round(this.rss),
      runs: this.walls.length,
    };
  }
}

/** Rust and ours in turns on one SQLite file; both outputs checked against each other in every turn. */
function sqliteFigures(size, file, rust) {
  const rustOut = join(traces, `db-${size.name}.rust.ndjson`);
  const oursOut = join(traces, `db-${size.name}.ours.ndjson`);
  const r = new Series();
  const o = new Series();
  let hash = null;
  for (let i = 0; i < size.repeat; i++) {
    if (rust !== null) {
      r.add(timed("oris-rust-reference observe", rust, ["observe", file], rustOut));
      const h = sha256(rustOut);
      if (hash !== null && h !== hash) throw new Error("the Rust reference's output changed between runs");
      hash = h;
    }
    o.add(timed("oris-observe --db", process.execPath, [bin, "--db", file, "--output", oursOut], null));
    const h = sha256(oursOut);
    if (hash !== null && h !== hash) {
      throw new Error(
        `${size.name}: oris-observe --db's output (${oursOut}) differs from ${rust !== null ? `the Rust reference's (${rustOut})` : "its previous run"}`,
      );
    }
    hash = h;
    log(
      `  ${size.name} SQLite, turn ${i + 1}: Rust ${r.walls.at(-1) ?? "–"} s (CPU ${r.cpus.at(-1) ?? "–"} s), ours ${o.walls.at(-1)} s (CPU ${o.cpus.at(-1)} s, ${Math.round(o.rss)} MB)`,
    );
  }
  const outputBytes = statSync(oursOut).size;
  rmSync(rustOut, { force: true });
  return {
    rust: rust === null ? null : r.summary(size.events),
    ours: o.summary(size.events),
    outputSha256: hash,
    outputBytes,
    identical: rust !== null,
    oursOut,
  };
}

// ------------------------------------------------------------ PostgreSQL

async function postgresFigures(sizes, expected) {
  const { startPgServer } = await importPgServer();
  log("starting PostgreSQL (@oris/pg-server)…");
  const server = await startPgServer();
  const results = [];
  try {
    const [version] = (await server.psql({ sql: "SHOW server_version" })).split("\n");
    for (const { size, file } of sizes) {
      const name = `oris_${size.name}`;
      log(`  loading ${size.name} into PostgreSQL ${version}…`);
      let t = performance.now();
      const dbBytes = await loadPostgres(server, name, file);
      const loadSeconds = (performance.now() - t) / 1000;
      log(`  loaded in ${loadSeconds.toFixed(1)} s (${Math.round(dbBytes / 1e6)} MB)`);
      const url = server.url({ database: name });
      const out = join(traces, `db-${size.name}.pg.ndjson`);
      const o = new Series();
      for (let i = 0; i < size.repeat; i++) {
        o.add(timed("oris-observe --db postgres://…", process.execPath, [bin, "--db", url, "--output", out], null));
        const h = sha256(out);
        if (h !== expected[size.name])
          throw new Error(`${size.name}: the PostgreSQL output (${out}) differs from the SQLite output`);
        log(
          `  ${size.name} PostgreSQL, turn ${i + 1}: ${o.walls.at(-1)} s (CPU ${o.cpus.at(-1)} s, ${Math.round(o.rss)} MB)`,
        );
      }
      rmSync(out, { force: true });
      results.push({
        name: size.name,
        runs: size.runs,
        events: size.events,
        databaseMB: Math.round(dbBytes / 1e6),
        loadSeconds: Math.round(loadSeconds * 10) / 10,
        ours: o.summary(size.events),
        version,
      });
    }
  } finally {
    await server.stop();
  }
  return results;
}

// ------------------------------------------------------------ main

const load = [loadavg()[0]];
const machine = `${cpus()[0]?.model ?? "unknown CPU"}, ${cpus().length} cores, Node ${process.version}`;
const rust = buildRust();
const sqlite = [];
for (const size of SIZES) {
  const { file, counts } = sqliteFile(size);
  log(`${size.name}: oris-observe --db and the Rust reference, ${size.repeat} turns…`);
  const figures = sqliteFigures(size, file, rust);
  sqlite.push({
    name: size.name,
    runs: size.runs,
    events: size.events,
    fileMB: Math.round(statSync(file).size / 1e6),
    eventJsonBytes: counts.eventJsonBytes,
    file,
    ...figures,
  });
}
const expected = Object.fromEntries(sqlite.map((s) => [s.name, s.outputSha256]));
const pg = values["no-postgres"]
  ? []
  : await postgresFigures(
      SIZES.map((size, i) => ({ size, file: sqlite[i].file })),
      expected,
    );
for (const s of sqlite) rmSync(s.oursOut, { force: true });
load.push(loadavg()[0]);

const result = { machine, load, sqlite, postgres: pg };
const markdown = dbTable(result);
console.log(values.json ? JSON.stringify({ ...result, markdown }) : markdown);

/** The Markdown of BENCHMARKS.md's database figures. */
function dbTable({ machine, load, sqlite, postgres: pg }) {
  const n = (x) => x.toLocaleString("en-US");
  const s = (x) => `${x.toFixed(2)} s`;
  const label = (name) => (name === "1m" ? "1M" : name);
  const lines = [
    `Measured ${new Date().toISOString().slice(0, 10)} on ${machine}; load average ${load.map((l) => l.toFixed(2)).join(" → ")}.`,
    "",
    `**SQLite**: \`oris-rust-reference observe FILE\` and \`oris-observe --db FILE\` (events, profile 0.2) in turns on the same file, best of ${sqlite.map((x) => `${x.ours.runs} (${label(x.name)})`).join(", ")}; output to a file`,
    "",
    "| file | runs | events | MB | Rust: wall (best / median) | ours: wall (best / median) | ours ÷ Rust (wall) | CPU: Rust / ours (best) | ours: events/s | peak RSS: Rust | peak RSS: ours | outputs |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ...sqlite.map((x) =>
      [
        `${label(x.name)} events`,
        n(x.runs),
        n(x.events),
        x.fileMB,
        x.rust ? `${s(x.rust.wallBest)} / ${s(x.rust.wallMedian)}` : "not built",
        `${s(x.ours.wallBest)} / ${s(x.ours.wallMedian)}`,
        x.rust ? `**${(x.ours.wallBest / x.rust.wallBest).toFixed(2)}×**` : "–",
        x.rust ? `${s(x.rust.cpuBest)} / ${s(x.ours.cpuBest)}` : `– / ${s(x.ours.cpuBest)}`,
        n(x.ours.eventsPerSecond),
        x.rust ? `${x.rust.peakRssMB} MB` : "–",
        `${x.ours.peakRssMB} MB`,
        x.identical ? `byte-identical (${(x.outputBytes / 1e6).toFixed(1)} MB, every run)` : "not compared",
      ]
        .join(" | ")
        .replace(/^/, "| ")
        .concat(" |"),
    ),
  ];
  if (pg.length > 0) {
    lines.push(
      "",
      `**PostgreSQL ${pg[0].version}** (@oris/pg-server, loopback; the same rows, loaded with COPY, then VACUUM ANALYZE): \`oris-observe --db postgres://…\` (events, profile 0.2), best of ${pg.map((x) => `${x.ours.runs} (${label(x.name)})`).join(", ")}`,
      "",
      "| database | runs | events | MB | load (COPY + VACUUM) | wall (best / median) | CPU of oris-observe (best) | events/s | peak RSS | output |",
      "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
      ...pg.map(
        (x) =>
          `| ${label(x.name)} events | ${n(x.runs)} | ${n(x.events)} | ${x.databaseMB} | ${x.loadSeconds.toFixed(1)} s | ${s(x.ours.wallBest)} / ${s(x.ours.wallMedian)} | ${s(x.ours.cpuBest)} | ${n(x.ours.eventsPerSecond)} | ${x.ours.peakRssMB} MB | byte-identical to the SQLite output, every run |`,
      ),
    );
  }
  return lines.join("\n");
}
