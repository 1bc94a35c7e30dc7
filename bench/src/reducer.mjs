#!/usr/bin/env node
// One figure: the library's reducer in memory, in ns per event.
//
//   node src/reducer.mjs --profile 0.2|0.3 [--events 1000000] [--runs 7] [--trace friendly|mixed]
//
// The events (generate-trace.mjs's friendly trace, or with --trace mixed
// generate-mixed.mjs's trace as Oris writes it) are generated, parsed and
// decoded first (not timed). Then, in turns after a warm-up: fromKernelTrace
// over all of them (the batch form: it returns the 1,000,000-entry timeline,
// and pays for allocating and keeping it), and the streaming core
// createObservabilityStream().push, whose entries are dropped as oris-observe
// drops them once written.
// Prints one JSON object.
import { decodeKernelTraceEvent } from "@oris/kernel-types";
import { createObservabilityStream, fromKernelTrace } from "@oris/observability";
import { parseArgs } from "node:util";
import { mixedLines } from "./generate-mixed.mjs";
import { traceLines } from "./generate-trace.mjs";
import { summarize } from "./stats.mjs";

const { values } = parseArgs({
  options: { profile: { type: "string", default: "0.2" }, events: { type: "string", default: "1000000" }, runs: { type: "string", default: "7" }, trace: { type: "string", default: "friendly" } },
});
const count = Number(values.events);
const profile = values.profile;
const events = [];
if (values.trace !== "friendly" && values.trace !== "mixed") throw new Error("--trace takes friendly or mixed");
for (const line of values.trace === "mixed" ? mixedLines(count) : traceLines(count)) {
  const r = decodeKernelTraceEvent(JSON.parse(line));
  if (!r.ok) throw r.error;
  events.push(r.value);
}

const forms = {
  batch: () => fromKernelTrace(events, { profile }).replay_cost,
  stream: () => {
    const stream = createObservabilityStream({ profile });
    let chars = 0;
    for (let i = 0; i < events.length; i++) chars += stream.push(events[i]).length;
    return chars;
  },
};
let sink = 0;
for (const run of Object.values(forms)) for (let i = 0; i < 2; i++) sink += run();
const ns = { batch: [], stream: [] };
for (let i = 0; i < Number(values.runs); i++) {
  for (const [name, run] of Object.entries(forms)) {
    const t = process.hrtime.bigint();
    sink += run();
    ns[name].push(Number(process.hrtime.bigint() - t) / count);
  }
}
if (sink === 0) throw new Error("nothing reduced");
console.log(
  JSON.stringify({
    figure: `reducer, profile ${profile}`,
    events: count,
    trace: values.trace,
    fromKernelTrace: summarize(ns.batch),
    streamPush: summarize(ns.stream),
  }),
);
