#!/usr/bin/env node
// Deterministic generator of kernel traces "as Oris writes them" (issue 8):
// every line class the runtime's serde_json really writes, mixed.
//
//   node src/generate-mixed.mjs --events 1000000 --out traces/mixed-1m.ndjson [--seed 1] [--gzip] [--plain-share 0.75]
//   node src/generate-mixed.mjs --classes traces/classes [--events 100000] [--seed 1]
//
// The first form writes one trace of `--events` lines: the runs of
// generate-trace.mjs (steps that update state, actions that succeed or fail,
// humans in the loop, Completed; every run timed), where each line is, with
// probability `--plain-share` (0.75), left plain and otherwise given one of
// the non-plain classes below, drawn uniformly per line: about a quarter of
// the lines are not plain, each non-plain class about 1/60 of them.
//
// The second form writes one file per class, `DIR/<class>.ndjson`, of
// `--events` lines (100,000 by default) where every line is of that class:
// the per-class table of BENCHMARKS.md.
//
// Classes (the string ones put their text in the step id when the line has
// one, else in the action id, else in the run id, so that every line of a
// class file carries it):
//   plain        ASCII, nothing to escape, seq < 2^31, timestamp_ms present
//   non-ascii    letters outside ASCII (Latin-1, Greek, Cyrillic, CJK), raw
//   emoji        astral characters (4-byte UTF-8, surrogate pairs in JS), raw
//   esc-quote    `\"`            esc-backslash `\\`
//   esc-n        `\n`            esc-t         `\t`
//   esc-r        `\r`            esc-b         `\b`
//   esc-f        `\f`            esc-u         `\u00XX` (other controls, lowercase hex)
//   u2028        U+2028 / U+2029 written raw, as serde_json does
//   odd-kind     kinds that are not the runtime's seven: "interrupted",
//                "Interrupted " (trailing space), "INTERRUPTED", "resumed",
//                "Unterbrochen", "中断", "Прервано", "Completed ✓"
//   big-seq      seq past 2^31 (2^31, 2^32, 2^40 and up to 2^53 − 1 offsets)
//   no-ts        timestamp_ms left out (skip_serializing_if = "Option::is_none")
//   neg-ts       negative timestamp_ms (before 1970)
//
// Every line is in serde_json's exact layout for oris_kernel::KernelTraceEvent:
// keys run_id, seq, step_id, action_id, kind, timestamp_ms in that order,
// compact, strings escaped as serde_json escapes them (`\"` `\\` `\n` `\t`
// `\r` `\b` `\f`, `\u00XX` lowercase for the other controls, everything else
// raw, U+2028/U+2029 and DEL included). The same arguments always give the
// same bytes (a seeded xorshift PRNG, no clock, no Math.random).
import { createWriteStream, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
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

const SHORT = { '"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r", "\b": "\\b", "\f": "\\f" };

/** A JSON string literal exactly as serde_json writes it. */
export function serdeString(s) {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0);
    if (ch in SHORT) out += SHORT[ch];
    else if (c < 0x20) out += `\\u00${c.toString(16).padStart(2, "0")}`;
    else out += ch;
  }
  return `${out}"`;
}

/** One KernelTraceEvent line in serde_json's layout (no newline). */
export function serdeLine(e) {
  const opt = (s) => (s === null ? "null" : serdeString(s));
  const ts = e.timestamp_ms === undefined ? "" : `,"timestamp_ms":${e.timestamp_ms}`;
  return `{"run_id":${serdeString(e.run_id)},"seq":${e.seq},"step_id":${opt(e.step_id)},"action_id":${opt(e.action_id)},"kind":${serdeString(e.kind)}${ts}}`;
}

const pick = (int, xs) => xs[int(xs.length)];

/** Puts `f(text)` into the line's step id, else its action id, else its run id. */
const inText = (f) => (e, int) => {
  if (e.step_id !== null) e.step_id = f(e.step_id, int);
  else if (e.action_id !== null) e.action_id = f(e.action_id, int);
  else e.run_id = f(e.run_id, int);
};

const NON_ASCII = ["résumé", "überprüfen", "検索", "поиск", "αναζήτηση", "búsqueda", "çeviri", "요약"];
const EMOJI = ["🔍", "🤖", "📝", "🚀", "🧠", "📦"];
const CONTROLS = [0x00, 0x01, 0x07, 0x0b, 0x0e, 0x1b, 0x1f];
const ODD_KINDS = [
  "interrupted",
  "Interrupted ",
  "INTERRUPTED",
  "resumed",
  "Unterbrochen",
  "中断",
  "Прервано",
  "Completed ✓",
];

/** The line classes: name → what it does to a plain event (in place). */
export const CLASSES = {
  plain: () => {},
  "non-ascii": inText((s, int) => (s.length < 8 ? pick(int, NON_ASCII) : `${s}-${pick(int, NON_ASCII)}`)),
  emoji: inText((s, int) => `${pick(int, EMOJI)} ${s}`),
  "esc-quote": inText((s) => `${s} "v2"`),
  "esc-backslash": inText((s) => `C:\\tools\\${s}`),
  "esc-n": inText((s) => `${s}\nretry`),
  "esc-t": inText((s) => `${s}\tA`),
  "esc-r": inText((s) => `${s}\r`),
  "esc-b": inText((s) => `\b${s}`),
  "esc-f": inText((s) => `${s}\f`),
  "esc-u": inText((s, int) => `${s}${String.fromCharCode(pick(int, CONTROLS))}[0m`),
  u2028: inText((s, int) => `${s}${int(2) === 0 ? "\u2028" : "\u2029"}next`),
  "odd-kind": (e, int) => {
    e.kind = pick(int, ODD_KINDS);
  },
  "big-seq": (e, int) => {
    const offsets = [2 ** 31, 2 ** 32, 2 ** 40, 2 ** 53 - 1 - 10_000_000];
    e.seq += pick(int, offsets);
  },
  "no-ts": (e) => {
    delete e.timestamp_ms;
  },
  "neg-ts": (e, int) => {
    e.timestamp_ms = -(1 + int(2_000_000_000) * 1000 + int(1000));
  },
};
export const NON_PLAIN = Object.keys(CLASSES).filter((c) => c !== "plain");

/**
 * Yields the plain events of generate-trace.mjs's runs (every run timed),
 * `total` of them, as objects.
 */
function* plainEvents(total, random) {
  const int = (n) => Math.floor(random() * n);
  let emitted = 0;
  let clock = 1_700_000_000_000;
  let runNo = 0;
  let actionNo = 0;
  while (emitted < total) {
    const runId = `run-${(1000 + runNo++).toString(36)}`;
    const runLength = Math.min(total - emitted, 200 + int(5000));
    let seq = 0;
    const event = (step_id, action_id, kind) => {
      seq++;
      emitted++;
      clock += 1 + int(120);
      return { run_id: runId, seq, step_id, action_id, kind, timestamp_ms: clock };
    };
    while (seq < runLength - 1) {
      const step = STEPS[int(STEPS.length)];
      const left = () => runLength - 1 - seq;
      if (left() >= 1) yield event(step, null, "StateUpdated");
      const actions = int(3);
      for (let a = 0; a < actions && left() >= 2; a++) {
        const actionId = `a${(actionNo++).toString(36)}`;
        yield event(step, actionId, "ActionRequested");
        yield event(null, actionId, random() < 0.06 ? "ActionFailed" : "ActionSucceeded");
      }
      if (random() < 0.01 && left() >= 2) {
        yield event(step, null, "Interrupted");
        clock += 1_000 + int(600_000);
        yield event(step, null, "Resumed");
      }
    }
    if (seq < runLength) yield event(null, null, "Completed");
  }
}

/**
 * The mixed trace's lines: each plain with probability `plainShare`, else of
 * one non-plain class drawn uniformly.
 */
export function* mixedLines(total, seed = 1, plainShare = 0.75) {
  const random = rng(seed);
  const classRandom = rng(seed * 7919 + 13);
  const int = (n) => Math.floor(classRandom() * n);
  for (const e of plainEvents(total, random)) {
    if (classRandom() >= plainShare) CLASSES[NON_PLAIN[int(NON_PLAIN.length)]](e, int);
    yield serdeLine(e);
  }
}

/** A class file's lines: every line of class `name`. */
export function* classLines(name, total, seed = 1) {
  const apply = CLASSES[name];
  if (apply === undefined) throw new Error(`no line class ${name}`);
  const random = rng(seed);
  const classRandom = rng(seed * 7919 + 13);
  const int = (n) => Math.floor(classRandom() * n);
  for (const e of plainEvents(total, random)) {
    apply(e, int);
    yield serdeLine(e);
  }
}

async function writeLines(out, lines, gzip = false) {
  mkdirSync(dirname(out), { recursive: true });
  const file = createWriteStream(out);
  const sink = gzip ? createGzip({ level: 1 }) : file;
  if (gzip) sink.pipe(file);
  const done = new Promise((resolve, reject) => {
    file.on("finish", resolve);
    file.on("error", reject);
  });
  const write = async (chunk) => {
    if (!sink.write(chunk)) await new Promise((resolve) => sink.once("drain", resolve));
  };
  let batch = "";
  for (const l of lines) {
    batch += `${l}\n`;
    if (batch.length > 1 << 20) {
      await write(batch);
      batch = "";
    }
  }
  await write(batch);
  sink.end();
  await done;
}

async function main() {
  const { values } = parseArgs({
    options: {
      events: { type: "string" },
      out: { type: "string" },
      classes: { type: "string" },
      seed: { type: "string", default: "1" },
      gzip: { type: "boolean", default: false },
      "plain-share": { type: "string", default: "0.75" },
    },
  });
  const seed = Number(values.seed);
  if (values.classes !== undefined) {
    const total = Number(values.events ?? "100000");
    for (const name of Object.keys(CLASSES))
      await writeLines(join(values.classes, `${name}.ndjson`), classLines(name, total, seed));
    return;
  }
  const total = Number(values.events ?? "1000000");
  if (!Number.isSafeInteger(total) || total < 0 || values.out === undefined) {
    console.error(
      "usage: generate-mixed.mjs --events N --out FILE [--seed S] [--gzip] [--plain-share P] | --classes DIR [--events N]",
    );
    process.exit(64);
  }
  await writeLines(values.out, mixedLines(total, seed, Number(values["plain-share"])), values.gzip);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
