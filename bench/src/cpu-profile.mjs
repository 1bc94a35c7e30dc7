#!/usr/bin/env node
// Where the time goes: a summary of a V8 CPU profile (node --cpu-prof).
//
//   node --cpu-prof --cpu-prof-dir traces/prof ../packages/cli/dist/bin.js --db traces/db-1m.sqlite3 --output /dev/null
//   node src/cpu-profile.mjs traces/prof/*.cpuprofile [--top 30] [--callers NAME]
//
// Prints self time per function (with its file) and per area: the file a
// function is in, grouped into the workspace package or dependency it belongs
// to (better-sqlite3's native calls are the JavaScript-visible functions
// `all`, `iterate`, `get`, … with no file), plus garbage collection and the
// rest of V8 ("(program)"). --callers NAME: the self time of the functions
// called NAME, by the chain of their three nearest callers.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";

const { values, positionals } = parseArgs({
  options: { top: { type: "string", default: "30" }, callers: { type: "string" } },
  allowPositionals: true,
});
const profile = JSON.parse(readFileSync(positionals[0], "utf8"));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parentOf = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parentOf.set(c, n.id);
const self = new Map();
for (let i = 0; i < profile.samples.length; i++) {
  const id = profile.samples[i];
  self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
}
const total = [...self.values()].reduce((a, b) => a + b, 0);

function area(url, name) {
  if (name === "(garbage collector)") return "garbage collection";
  if (name === "(program)" || name === "(idle)" || name === "(root)") return `V8 ${name}`;
  if (url === "") return `native: ${name}`;
  const pkg = /\/packages\/([^/]+)\//.exec(url);
  if (pkg) return `@oris/${pkg[1]}`;
  const dep = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (dep) return dep[1];
  if (url.startsWith("node:")) return "node internals";
  return url;
}

const perFunction = new Map();
const perArea = new Map();
for (const [id, us] of self) {
  const { callFrame } = byId.get(id);
  const where = callFrame.url.replace(/^.*\/(packages|node_modules)\//, "$1/");
  const key = `${callFrame.functionName || "(anonymous)"}  ${where}${where ? `:${callFrame.lineNumber + 1}` : ""}`;
  perFunction.set(key, (perFunction.get(key) ?? 0) + us);
  const a = area(callFrame.url, callFrame.functionName);
  perArea.set(a, (perArea.get(a) ?? 0) + us);
}
const print = (title, map, top) => {
  console.log(`\n${title}`);
  for (const [k, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${(us / 1000).toFixed(0).padStart(8)} ms ${((100 * us) / total).toFixed(1).padStart(5)} %  ${k}`);
  }
};
console.log(`${(total / 1000).toFixed(0)} ms sampled`);
print("by area (self time)", perArea, 20);
print("by function (self time)", perFunction, Number(values.top));

if (values.callers !== undefined) {
  const chains = new Map();
  for (const [id, us] of self) {
    if (byId.get(id).callFrame.functionName !== values.callers) continue;
    const names = [];
    for (let p = parentOf.get(id); p !== undefined && names.length < 3; p = parentOf.get(p)) {
      const f = byId.get(p).callFrame;
      names.push(`${f.functionName || "(anonymous)"} (${f.url.replace(/^.*\//, "")}:${f.lineNumber + 1})`);
    }
    const key = names.join(" < ");
    chains.set(key, (chains.get(key) ?? 0) + us);
  }
  print(`callers of ${values.callers}`, chains, 10);
}
