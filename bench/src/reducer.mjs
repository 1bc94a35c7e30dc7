#!/usr/bin/env node
// One figure: the library's reducer in memory, in ns per event.
//
//   node src/reducer.mjs --profile 0.2|0.3 [--events 1000000] [--runs 7] [--trace friendly|mixed] [--file FILE]
//
// The events (generate-trace.mjs's friendly trace, or with --trace mixed
// generate-mixed.mjs's trace as Oris writes it) are generated, parsed and
// decoded first (not timed). With --file, they are instead the lines of that
// NDJSON file (blank lines skipped, --events ignored, --trace only names it):
// traces.mjs passes the very file the Rust reducer in memory reads
// (bench/rust-inmem), so that both reduce the same events. Then, in turns
// after a warm-up: fromKernelTrace over all of them (the batch form: it
// returns the 1,000,000-entry timeline, and pays for allocating and keeping
// it), and the streaming core createObservabilityStream().push, whose entries
// are dropped as oris-observe drops them once written.
// Prints one JSON object.
import { decodeKernelTraceEvent } from "@oris/kernel-types";
import { createObservabilityStream, fromKernelTrace } from "@oris/observability";
import { closeSync, openSync, readSync } from "node:fs";
import { parseArgs } from "node:util";
import { mixedLines } from "./generate-mixed.mjs";
import { traceLines } from "./generate-trace.mjs";
import { summarize } from "./stats.mjs";

const { values } = parseArgs({
  options: {
    profile: { type: "string", default: "0.2" },
    events: { type: "string", default: "1000000" },
    runs: { type: "string", default: "7" },
    trace: { type: "string", default: "friendly" },
    file: { type: "string" },
  },
});
const profile = values.profile;
const events = [];
if (values.trace !== "friendly" && values.trace !== "mixed") throw new Error("--trace takes friendly or mixed");

/**
 * The lines of an NDJSON file, blank ones skipped (as the Rust reference's
 * reduce skips them). Read in 1 MB chunks into a Buffer (outside V8's heap),
 * not as one string: a 120 MB string would grow the heap's limits before the
 * timing and so change how often it collects, against the generated form.
 */
function* fileLines(file) {
  const fd = openSync(file, "r");
  try {
    let buf = Buffer.alloc(1 << 20);
    let have = 0;
    for (;;) {
      if (have === buf.length) buf = Buffer.concat([buf, Buffer.alloc(buf.length)]);
      const n = readSync(fd, buf, have, buf.length - have, null);
      const end = have + n;
      let start = 0;
      for (let nl = buf.indexOf(10, start); nl !== -1 && nl < end; nl = buf.indexOf(10, start)) {
        const line = buf.toString("utf8", start, nl);
        start = nl + 1;
        if (line.trim() !== "") yield line;
      }
      if (n === 0) {
        const line = buf.toString("utf8", start, end);
        if (line.trim() !== "") yield line;
        return;
      }
      buf.copy(buf, 0, start, end);
      have = end - start;
    }
  } finally {
    closeSync(fd);
  }
}

const lines =
  values.file !== undefined
    ? fileLines(values.file)
    : values.trace === "mixed"
      ? mixedLines(Number(values.events))
      : traceLines(Number(values.events));
for (const line of lines) {
  const r = decodeKernelTraceEvent(JSON.parse(line));
  if (!r.ok) throw r.error;
  events.push(r.value);
}
const count = events.length;
if (count === 0) throw new Error("no events");

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
    ...(values.file !== undefined ? { file: values.file } : {}),
    fromKernelTrace: summarize(ns.batch),
    streamPush: summarize(ns.stream),
  }),
);
