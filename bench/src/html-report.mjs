#!/usr/bin/env node
// `oris-observe --format html` on 100,000 events, opened in Chromium: how big
// the report is and how long it takes to show (issue 12).
//
//   node src/html-report.mjs [--runs 5] [--events 100000] [--json]
//
// Two reports of the same number of events:
//   - one run of 100k events (one timeline of 100k events: the hard case for
//     the page), from a deterministic generator below;
//   - `--by-run` over generate-trace.mjs's trace of 100k events (an index of
//     runs of 200–5,200 events each).
// For each: the file's size and bytes per event; the wall time of
// oris-observe writing it (best of --runs); and, in Debian's chromium driven
// by playwright-core (headless, offline, a fresh profile), each of --runs
// loads of the file from disk in a new page: time to first render, the
// page's own `oris-report-rendered` performance mark (milliseconds from the
// start of navigation: reading and parsing the file, decoding the data,
// drawing the first view), and for the one-run report the time one zoom
// step takes to redraw the chart (a keydown dispatched on the timeline,
// timed in the page).
/* global document, KeyboardEvent -- in the functions the page runs (page.evaluate) */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { chromium } from "playwright-core";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "5" },
    events: { type: "string", default: "100000" },
    json: { type: "boolean", default: false },
  },
});
const runs = Number(values.runs);
const events = Number(values.events);
const here = dirname(fileURLToPath(import.meta.url));
const traces = join(here, "..", "traces");
const require = createRequire(import.meta.url);
const bin = join(dirname(require.resolve("@oris/cli/package.json")), "dist", "bin.js");
const CHROMIUM = "/usr/bin/chromium";
if (!existsSync(bin)) throw new Error(`${bin} is missing: build first (pnpm bench at the root does)`);
if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium fonts-liberation`);
mkdirSync(traces, { recursive: true });
const log = (s) => process.stderr.write(`${s}\n`);

/** One run of `n` events: steps that update state and call actions (6 % fail), an interrupt now and then, timestamps moving on. */
function oneRun(n) {
  let x = 2463534242;
  const random = () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
  const steps = ["plan", "search", "fetch", "rank", "draft", "review", "tool", "llm"];
  let t = 1_714_557_600_000;
  let action = 0;
  const lines = [];
  for (let seq = 1; seq <= n;) {
    const step = steps[Math.floor(random() * steps.length)];
    const kinds = [["StateUpdated", null]];
    if (random() < 0.01) kinds.push(["Interrupted", null], ["Resumed", null]);
    for (let a = 1 + Math.floor(random() * 3); a > 0; a--) {
      action++;
      kinds.push(
        ["ActionRequested", `call-${action}`],
        [random() < 0.06 ? "ActionFailed" : "ActionSucceeded", `call-${action}`],
      );
    }
    for (const [kind, id] of kinds) {
      if (seq > n) break;
      t += kind === "Resumed" ? 1000 + Math.floor(random() * 120_000) : Math.floor(random() * 300);
      const k = seq === n ? "Completed" : kind;
      lines.push(
        `{"run_id":"run-100k","seq":${seq},"step_id":"${step}","action_id":${id === null || k === "Completed" ? "null" : `"${id}"`},"kind":"${k}","timestamp_ms":${t}}`,
      );
      seq++;
    }
  }
  return `${lines.join("\n")}\n`;
}

const k = events >= 1000 ? `${events / 1000}k` : String(events);
const single = join(traces, `html-one-run-${k}.ndjson`);
if (!existsSync(single)) writeFileSync(single, oneRun(events));
const many = join(traces, `html-many-runs-${k}.ndjson`);
if (!existsSync(many))
  execFileSync(process.execPath, [join(here, "generate-trace.mjs"), "--events", String(events), "--out", many], {
    stdio: "inherit",
  });

const out = mkdtempSync(join(tmpdir(), "oris-html-bench-"));
const load = [loadavg()[0]];
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** oris-observe --format html, `runs` times: the report's path and the wall times. */
function write(name, args) {
  const file = join(out, `${name}.html`);
  const walls = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    execFileSync(process.execPath, [bin, ...args, "--format", "html", "--output", file], {
      stdio: ["ignore", "ignore", "inherit"],
    });
    walls.push(performance.now() - t0);
  }
  return { file, walls };
}

const profile = mkdtempSync(join(tmpdir(), "oris-chromium-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: CHROMIUM,
  headless: true,
  offline: true,
  viewport: { width: 1280, height: 900 },
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
});

/** Opens the report `runs` times, each in a new page: first-render times, and (one run) zoom redraw times. */
async function open(file, zoom) {
  const renders = [];
  const zooms = [];
  for (let r = 0; r < runs; r++) {
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(pathToFileURL(file).href);
    await page.waitForFunction(() => performance.getEntriesByName("oris-report-rendered").length > 0, null, {
      timeout: 120_000,
    });
    if (errors.length > 0) throw new Error(`the page failed: ${errors.join("; ")}`);
    renders.push(await page.evaluate(() => performance.getEntriesByName("oris-report-rendered")[0].startTime));
    if (zoom) {
      zooms.push(
        await page.evaluate(() => {
          const frame = document.querySelector(".chart-frame");
          const t0 = performance.now();
          frame.dispatchEvent(new KeyboardEvent("keydown", { key: "=", bubbles: true }));
          return performance.now() - t0;
        }),
      );
    }
    await page.close();
  }
  return { renders, zooms };
}

const results = [];
for (const [label, input, args, zoom] of [
  [`one run of ${events.toLocaleString("en-US")} events (profile 0.3)`, single, ["-p", "0.3", single], true],
  [
    `${events.toLocaleString("en-US")} events in runs of 200–5,200, --by-run (an index of runs)`,
    many,
    ["--by-run", many],
    false,
  ],
]) {
  log(`html report: ${label}…`);
  const { file, walls } = write(label.startsWith("one") ? "one" : "many", args);
  const bytes = statSync(file).size;
  const { renders, zooms } = await open(file, zoom);
  results.push({
    label,
    events,
    inputMB: +(statSync(input).size / 1e6).toFixed(1),
    fileMB: +(bytes / 1e6).toFixed(2),
    bytesPerEvent: +(bytes / events).toFixed(1),
    writeBest: Math.min(...walls) / 1000,
    renderBest: Math.min(...renders),
    renderMedian: median(renders),
    zoomMedian: zooms.length > 0 ? median(zooms) : null,
  });
}
await context.close();
rmSync(profile, { recursive: true, force: true });
rmSync(out, { recursive: true, force: true });

load.push(loadavg()[0]);
const version = execFileSync(CHROMIUM, ["--version"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
const markdown = [
  `Measured ${new Date().toISOString().slice(0, 10)} on ${cpus()[0]?.model.trim() ?? "an unknown CPU"}, ${cpus().length} cores, Node ${process.version}; load average ${load.map((l) => l.toFixed(2)).join(" → ")} (other work on the machine inflates the figures).`,
  "",
  `**The HTML report** (\`--format html\`), opened from disk in ${version} (headless, playwright-core), best and median of ${runs} loads each in a new page`,
  "",
  "| report | file | bytes/event | oris-observe writes it (best) | first render (best) | first render (median) | zoom redraw (median) |",
  "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
  ...results.map(
    (r) =>
      `| ${r.label} | ${r.fileMB} MB | ${r.bytesPerEvent} | ${r.writeBest.toFixed(2)} s | ${Math.round(r.renderBest)} ms | ${Math.round(r.renderMedian)} ms | ${r.zoomMedian === null ? "—" : `${r.zoomMedian.toFixed(1)} ms`} |`,
  ),
].join("\n");
if (values.json) console.log(JSON.stringify({ results, markdown }));
else console.log(markdown);
