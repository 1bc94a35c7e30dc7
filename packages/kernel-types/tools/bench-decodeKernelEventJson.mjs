#!/usr/bin/env node
// A quick measure of decodeKernelEventJson, in CPU time per event, beside
// JSON.parse of the same text and a bare charCodeAt loop over it (the floor of
// any scanner over a JavaScript string). Not a test: the numbers depend on the
// machine and on what else it runs, hence CPU time and the best of 7 rounds.
//
//   node packages/kernel-types/tools/bench-decodeKernelEventJson.mjs
//
// It bundles src/ with esbuild (a root dev dependency) into a temporary file.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const pkg = fileURLToPath(new URL("..", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "kernel-event-bench-"));
const out = join(dir, "kernel-types.mjs");
execFileSync(join(pkg, "../../node_modules/.bin/esbuild"), [
  join(pkg, "src/index.ts"),
  "--bundle",
  "--format=esm",
  "--platform=node",
  `--outfile=${out}`,
  "--log-level=error",
]);
const { decodeKernelEventJson } = await import(pathToFileURL(out).href);
rmSync(dir, { recursive: true });

const fixture = JSON.parse(readFileSync(join(pkg, "fixtures/serde-event-oracle.json"), "utf8"));
const expand = (t) =>
  typeof t === "string" ? t : t.map((p) => (typeof p === "string" ? p : p[0].repeat(p[1]))).join("");
const store = fixture.cases.store.map((c) => expand(c.text));

const realistic =
  '{"StateUpdated":{"step_id":"node-plan-7","payload":{"messages":[{"role":"user","content":"Find the three cheapest flights from Lisbon to Berlin next week"},' +
  '{"role":"assistant","content":"Searching flights… (ünïcode ✓)","tool_calls":[{"id":"call-1","name":"search","args":{"from":"LIS","to":"BER","limit":3}}]}],' +
  '"count":42,"ratio":0.875,"done":false,"notes":null,"session":"6f1c2a9e-0b7d-4c43-9a51-2d8e4f7b1c30"}}}';
const sets = [
  [`a realistic StateUpdated (${Buffer.byteLength(realistic)} bytes)`, [realistic]],
  [
    "a small ActionRequested (112 bytes)",
    [
      '{"ActionRequested":{"action_id":"act-39","payload":{"count":40,"messages":[{"content":"hello","role":"user"}]}}}',
    ],
  ],
  ['"Completed"', ['"Completed"']],
  [
    `the conformance store's ${store.length} distinct texts (avg ${Math.round(store.reduce((a, t) => a + Buffer.byteLength(t), 0) / store.length)} bytes)`,
    store,
  ],
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
  ["decodeKernelEventJson", decodeKernelEventJson],
  ["JSON.parse", parse],
  ["charCodeAt loop", floor],
];
for (const [name, texts] of sets) {
  // distinct flat strings, as a database driver hands them over
  const pool = [];
  for (let k = 0; pool.length < Math.max(2000, texts.length); k++)
    pool.push(Buffer.from(texts[k % texts.length]).toString());
  const line = [];
  for (const [fname, f] of fns) {
    let sink = 0;
    for (let w = 0; w < 50; w++) for (const t of pool) sink += f(t) ? 1 : 0;
    let best = Infinity;
    for (let round = 0; round < 7; round++) {
      const c0 = process.cpuUsage();
      for (let r = 0; r < 20; r++) for (const t of pool) sink += f(t) ? 1 : 0;
      const cu = process.cpuUsage(c0);
      best = Math.min(best, ((cu.user + cu.system) * 1000) / (20 * pool.length));
    }
    line.push(`${fname} ${best.toFixed(0)} ns${sink < 0 ? "" : ""}`);
  }
  console.log(`${name}: ${line.join(", ")}`);
}
