#!/usr/bin/env node
// One figure: decodeKernelTraceEvent against zod 4, the validator a user
// would reach for, on the same parsed values, in ns per event and as a ratio.
//
//   node src/decoder.mjs [--events 1000000] [--runs 7]
//
// The zod schema accepts what the decoder accepts (safe integers, optional
// and nullable ids, unknown keys dropped), without the decoder's check for
// lone surrogates. JSON.parse is done first and not timed. Prints one JSON object.
import { decodeKernelTraceEvent } from "@oris/kernel-types";
import { parseArgs } from "node:util";
import { z } from "zod";
import { traceLines } from "./generate-trace.mjs";
import { summarize } from "./stats.mjs";

const { values } = parseArgs({
  options: { events: { type: "string", default: "1000000" }, runs: { type: "string", default: "7" } },
});
const count = Number(values.events);
const MAX = Number.MAX_SAFE_INTEGER;
const zodEvent = z.object({
  run_id: z.string(),
  seq: z.number().int().min(0).max(MAX),
  step_id: z.string().nullable().optional(),
  action_id: z.string().nullable().optional(),
  kind: z.string(),
  timestamp_ms: z.number().int().min(-MAX).max(MAX).nullable().optional(),
});

const parsed = [];
for (const line of traceLines(count)) parsed.push(JSON.parse(line));

const decoders = {
  "@oris/kernel-types decodeKernelTraceEvent": (v) => decodeKernelTraceEvent(v).ok,
  "zod 4 z.object(…).safeParse": (v) => zodEvent.safeParse(v).success,
};
const results = {};
for (const decode of Object.values(decoders)) {
  for (let i = 0; i < 100_000; i++) decode(parsed[i]); // warm-up
}
const ns = Object.fromEntries(Object.keys(decoders).map((k) => [k, []]));
for (let run = 0; run < Number(values.runs); run++) {
  // Alternate, so that both see the same machine load.
  for (const [name, decode] of Object.entries(decoders)) {
    const t = process.hrtime.bigint();
    let ok = 0;
    for (let i = 0; i < count; i++) if (decode(parsed[i])) ok++;
    ns[name].push(Number(process.hrtime.bigint() - t) / count);
    if (ok !== count) throw new Error(`${name} refused ${count - ok} valid events`);
  }
}
for (const [name, xs] of Object.entries(ns)) results[name] = summarize(xs);
const ours = results["@oris/kernel-types decodeKernelTraceEvent"].median;
const zod = results["zod 4 z.object(…).safeParse"].median;
console.log(
  JSON.stringify({
    figure: "decoder vs zod 4",
    events: count,
    nsPerEvent: results,
    zodOverOurs: Math.round((zod / ours) * 100) / 100,
  }),
);
