#!/usr/bin/env node
// A quick measure of decodeKernelTraceEventJson, in CPU time per line, beside
// JSON.parse + decodeKernelTraceEvent of the same text (what a reader without
// the raw-text checks does), JSON.parse alone, and a bare charCodeAt loop over
// it (the floor of any scanner over a JavaScript string). Not a test: the
// numbers depend on the machine and on what else it runs, hence CPU time and
// the best of 7 rounds, over 2,000 distinct flat strings per class (as a line
// reader hands them over).
//
//   node packages/kernel-types/tools/bench-decodeKernelTraceEventJson.mjs
//
// It bundles src/ with esbuild (a root dev dependency) into a temporary file.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const pkg = fileURLToPath(new URL("..", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "kernel-trace-event-bench-"));
const out = join(dir, "kernel-types.mjs");
execFileSync(join(pkg, "../../node_modules/.bin/esbuild"), [
  join(pkg, "src/index.ts"),
  "--bundle",
  "--format=esm",
  "--platform=node",
  `--outfile=${out}`,
  "--log-level=error",
]);
const { decodeKernelTraceEventJson, decodeKernelTraceEvent } = await import(pathToFileURL(out).href);
rmSync(dir, { recursive: true });

/** serde_json's layout of one event, the k-th of a class (so that every string is distinct). */
const line = (
  k,
  {
    step = `"node-plan-${k % 10}"`,
    action = `"act-${k % 100}"`,
    kind = "ActionRequested",
    seq = 1000000 + k,
    ts = `,"timestamp_ms":${1700000000000 + k}`,
  } = {},
) =>
  `{"run_id":"run-${String(k % 1000000).padStart(6, "0")}","seq":${seq},"step_id":${step},"action_id":${action},"kind":"${kind}"${ts}}`;
const classes = [
  [
    "plain ASCII, 120 bytes",
    (k) =>
      `{"run_id":"r-${String(k).padStart(4, "0")}","seq":${1000 + k},"step_id":"plan1","action_id":"a-${k % 10}","kind":"ActionRequested","timestamp_ms":${1700000000000 + k}}`,
  ],
  ["plain ASCII", (k) => line(k)],
  ["non-ASCII step_id", (k) => line(k, { step: `"nœud-planifié-${k % 10}-✓"` })],
  ['escapes (\\t, \\", \\u0001)', (k) => line(k, { step: `"tab\\tid \\"q\\" \\u0001-${k % 10}"` })],
  ["seq past 2^31", (k) => line(k, { seq: 4000000000000 + k })],
  ["no timestamp, null ids", (k) => line(k, { step: "null", action: "null", ts: "" })],
];
const floor = (s) => {
  let x = 0;
  for (let i = 0; i < s.length; i++) x += s.charCodeAt(i);
  return x;
};
const parse = (s) => {
  try {
    return JSON.parse(s);
  } catch {
    return 0;
  }
};
const fns = [
  ["decodeKernelTraceEventJson", (s) => decodeKernelTraceEventJson(s).ok],
  ["JSON.parse + decodeKernelTraceEvent", (s) => decodeKernelTraceEvent(parse(s)).ok],
  ["JSON.parse", parse],
  ["charCodeAt loop", floor],
];
for (const [name, make] of classes) {
  const pool = [];
  for (let k = 0; k < 2000; k++) pool.push(Buffer.from(make(k)).toString());
  if (!pool.every((t) => decodeKernelTraceEventJson(t).ok)) throw new Error(`${name}: a line is refused`);
  const bytes = Math.round(pool.reduce((a, t) => a + Buffer.byteLength(t), 0) / pool.length);
  const cells = [];
  for (const [fname, f] of fns) {
    let sink = 0;
    for (let w = 0; w < 50; w++) for (const t of pool) sink += f(t) ? 1 : 0;
    let best = Infinity;
    for (let round = 0; round < 7; round++) {
      const c0 = process.cpuUsage();
      for (let r = 0; r < 50; r++) for (const t of pool) sink += f(t) ? 1 : 0;
      const cu = process.cpuUsage(c0);
      best = Math.min(best, ((cu.user + cu.system) * 1000) / (50 * pool.length));
    }
    cells.push(`${fname} ${best.toFixed(0)} ns${sink < 0 ? "" : ""}`);
  }
  console.log(`${name} (${bytes} bytes): ${cells.join(", ")}`);
}
