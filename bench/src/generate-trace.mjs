#!/usr/bin/env node
// Deterministic generator of realistic kernel traces for the benchmarks.
//
//   node src/generate-trace.mjs --events 1000000 --out traces/1m.ndjson [--seed 1] [--array] [--gzip]
//
// The trace is a sequence of agent runs as the Oris event log would export
// them: each run (run_id "run-XXXX", seq from 1) walks a few graph steps; a
// step updates state, requests actions that succeed or now and then fail,
// sometimes waits for a human (Interrupted, then Resumed seconds to minutes
// later), and the run ends with Completed. Timestamps are epoch milliseconds
// that move forward by a few to a few hundred ms, and about 1 step name in 200
// is non-ASCII, as real step names sometimes are. Two runs in five carry no
// timestamps (older exporters leave timestamp_ms out). Lines average about 106
// bytes, so 1M events make a file of about 106 MB.
//
// The same arguments always give the same bytes (a seeded xorshift PRNG, no
// clock, no Math.random).
import { createWriteStream } from "node:fs";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { parseArgs } from "node:util";
import { createGzip } from "node:zlib";

const STEPS = [
  "plan",
  "search",
  "fetch",
  "rank",
  "draft",
  "review",
  "tool",
  "llm",
  "parse",
  "store",
  "notify",
  "route",
];
const RARE_STEPS = ["résumé", "überprüfen", "検索"];

/** xorshift32, seeded: deterministic across runs and Node versions. */
function rng(seed) {
  let x = seed >>> 0 || 0x9e3779b9;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 4294967296;
  };
}

/**
 * Yields the trace's NDJSON lines (without the newline), `total` of them.
 * @param {number} total
 * @param {number} seed
 */
export function* traceLines(total, seed = 1) {
  const random = rng(seed);
  const int = (n) => Math.floor(random() * n);
  let emitted = 0;
  let clock = 1_700_000_000_000;
  let runNo = 0;
  let actionNo = 0;
  while (emitted < total) {
    const runId = `run-${(1000 + runNo++).toString(36)}`;
    const runLength = Math.min(total - emitted, 200 + int(5000));
    // Two runs in five come from exporters that record no timestamps.
    const timed = random() >= 0.4;
    let seq = 0;
    const line = (stepId, actionId, kind) => {
      seq++;
      emitted++;
      clock += 1 + int(120);
      const step = stepId === null ? "null" : JSON.stringify(stepId);
      const action = actionId === null ? "null" : `"${actionId}"`;
      const ts = timed ? `,"timestamp_ms":${clock}` : "";
      return `{"run_id":"${runId}","seq":${seq},"step_id":${step},"action_id":${action},"kind":"${kind}"${ts}}`;
    };
    // The run: steps until one event is left for Completed.
    while (seq < runLength - 1) {
      const step = random() < 0.005 ? RARE_STEPS[int(RARE_STEPS.length)] : STEPS[int(STEPS.length)];
      const left = () => runLength - 1 - seq;
      if (left() >= 1) yield line(step, null, "StateUpdated");
      const actions = int(3);
      for (let a = 0; a < actions && left() >= 2; a++) {
        const actionId = `a${(actionNo++).toString(36)}`;
        yield line(step, actionId, "ActionRequested");
        yield line(null, actionId, random() < 0.06 ? "ActionFailed" : "ActionSucceeded");
      }
      if (random() < 0.01 && left() >= 2) {
        yield line(step, null, "Interrupted");
        clock += 1_000 + int(600_000); // a human takes seconds to minutes
        yield line(step, null, "Resumed");
      }
    }
    if (seq < runLength) yield line(null, null, "Completed");
  }
}

async function main() {
  const { values } = parseArgs({
    options: {
      events: { type: "string", default: "1000000" },
      out: { type: "string" },
      seed: { type: "string", default: "1" },
      array: { type: "boolean", default: false },
      gzip: { type: "boolean", default: false },
    },
  });
  const total = Number(values.events);
  if (!Number.isSafeInteger(total) || total < 0 || values.out === undefined) {
    console.error("usage: generate-trace.mjs --events N --out FILE [--seed S] [--array] [--gzip]");
    process.exit(64);
  }
  mkdirSync(dirname(values.out), { recursive: true });
  const file = createWriteStream(values.out);
  const sink = values.gzip ? createGzip({ level: 1 }) : file;
  if (values.gzip) sink.pipe(file);
  const done = new Promise((resolve, reject) => {
    file.on("finish", resolve);
    file.on("error", reject);
  });
  const write = async (chunk) => {
    if (!sink.write(chunk)) await new Promise((resolve) => sink.once("drain", resolve));
  };
  let batch = values.array ? "[\n" : "";
  let first = true;
  for (const l of traceLines(total, Number(values.seed))) {
    batch += values.array ? (first ? "  " : ",\n  ") + l : l + "\n";
    first = false;
    if (batch.length > 1 << 20) {
      await write(batch);
      batch = "";
    }
  }
  if (values.array) batch += first ? "]\n" : "\n]\n";
  await write(batch);
  sink.end();
  await done;
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
