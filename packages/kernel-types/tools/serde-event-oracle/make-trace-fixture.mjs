#!/usr/bin/env node
// Regenerates ../../fixtures/serde-trace-event-oracle.json: KernelTraceEvent
// texts chosen to hit every rule of serde_json 1.0.87 reading
// `oris_kernel::KernelTraceEvent` (serde 1.0.152 derive), with the verdicts of
// the real crates (the Rust program beside this file, run as `… trace`).
// Deterministic: the same seed and the same conformance files give the same file.
//
//   cd packages/kernel-types/tools/serde-event-oracle && cargo build --release --offline
//   node make-trace-fixture.mjs target/release/serde-event-oracle [path/to/conformance]
//
// Sources (default: the repository's copy of the conformance vectors,
// fixtures/conformance): wire.json's KernelTraceEvent cases, a sample of the lines of
// traces.json's trace_ndjson (every line is serde's own layout), hand-written
// edge cases, generated events and random mutations of both.
//
// Texts are stored as in make-fixture.mjs (run-length encoded where a unit of
// up to 8 characters repeats 16 times or more). What the two scripts share (the
// random source and writers, the mutations, the encoding, asking the oracle) is
// in oracleText.mjs. `node make-trace-fixture.mjs --cases-only
// [path/to/conformance]` prints the cases, a JSON line each, without the oracle.
//
// This is a development tool: nothing in the package or its tests runs it.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  MUTATION_ALPHABET,
  POSITION_PREFIXES,
  STRING_PIECES,
  WHITESPACES,
  arr,
  createCases,
  createRandom,
  objs,
  prefixes,
  readArgs,
  writeFixture,
} from "./oracleText.mjs";

const { oracle, source } = readArgs(
  "node make-trace-fixture.mjs <path to the serde-event-oracle binary | --cases-only> [shared/conformance]",
);
const conformance = source ?? fileURLToPath(new URL("../../../../fixtures/conformance", import.meta.url));

const { rand, int, pick, digits, randomPieces, writeString, ws, mutate } = createRandom(0x7ace0087);

/** Origins: "wire", "trace", "edge", "random", "mutation". */
const caseSet = createCases();
const { cases, add, edge } = caseSet;

// ---- the conformance vectors ----
const read = (name) => {
  const p = join(conformance, name);
  if (!existsSync(p)) {
    console.error(`warning: no ${p}`);
    return { cases: [] };
  }
  return JSON.parse(readFileSync(p, "utf8"));
};
for (const c of read("wire.json").cases) if (c.type === "KernelTraceEvent") add(c.json, "wire");
const traceLines = [...new Set(read("traces.json").cases.flatMap((c) => c.trace_ndjson))].sort();
// every line with an escape, a non-ASCII character or a large integer is a candidate; sample 350 of
// those and 150 of the rest
const interesting = traceLines.filter((l) => /[\\\u0080-\uffff]|\d{10}/.test(l));
const plain = traceLines.filter((l) => !/[\\\u0080-\uffff]|\d{10}/.test(l));
const sample = (xs, n) => {
  const out = [...xs];
  for (let k = out.length - 1; k > 0; k--) {
    const j = int(0, k);
    [out[k], out[j]] = [out[j], out[k]];
  }
  return out.slice(0, n);
};
const traceSample = [...sample(interesting, 350), ...sample(plain, 150)];
for (const l of traceSample) add(l, "trace");

// ---- hand-written edge cases ----
const F = ["run_id", "seq", "step_id", "action_id", "kind", "timestamp_ms"];
const good = { run_id: '"r"', seq: "1", step_id: '"s"', action_id: null, kind: '"K"', timestamp_ms: "1700000000123" };
const goodArr = ['"r"', "1", '"s"', "null", '"K"', "1700000000123"];
const objOf = (entries) => `{${entries.map(([k, v]) => `"${k}":${v}`).join(",")}}`;
const full = F.map((f) => [f, good[f] ?? "null"]);
const withField = (f, v) => objOf(full.map(([k, x]) => [k, k === f ? v : x]));
const without = (f) => objOf(full.filter(([k]) => k !== f));
const arrWith = (k, v) => `[${goodArr.map((x, j) => (j === k ? v : x)).join(",")}]`;

for (const t of [
  "",
  " ",
  "\n",
  "\t\r\n ",
  "x",
  "n",
  "null",
  "true",
  "false",
  "0",
  "-1",
  "1.5",
  '""',
  '"r"',
  "[]",
  "{}",
  "[{}]",
  "[[]]",
  "{",
  "[",
  '"',
  "}",
  "]",
  ":",
  ",",
])
  edge(t);

// whitespace, JSON's four and others
for (const w of WHITESPACES) {
  edge(`${w}${objOf(full)}`);
  edge(`${objOf(full)}${w}`);
  edge(
    `{${w}"run_id"${w}:${w}"r"${w},${w}"seq"${w}:${w}1${w},${w}"kind"${w}:${w}"K"${w},${w}"timestamp_ms"${w}:${w}-5${w}}`,
  );
  edge(`[${w}"r"${w},${w}1${w},${w}null${w},${w}"a"${w},${w}"K"${w},${w}null${w}]`);
  edge(`{"run_id":"r","seq":1,"kind":"K","x":[${w}1${w},${w}{${w}"k"${w}:${w}null${w}}${w}]}`);
}

// the object form: orders, missing fields, duplicates, unknown fields
edge(objOf(full));
edge(objOf([...full].reverse()));
edge(objOf(full.slice(0, 5)));
edge(
  objOf([
    ["kind", '"K"'],
    ["seq", "7"],
    ["run_id", '"r"'],
  ]),
);
for (const f of F) {
  edge(without(f));
  edge(objOf([...full, [f, good[f] ?? "null"]]));
  edge(objOf([[f, good[f] ?? "null"], ...full]));
  edge(objOf([...full, [f, "[}"]]));
  edge(withField(f, "null"));
  edge(objOf(full).replace(`"${f}":`, `"${f}" :`));
  edge(objOf(full).replace(`"${f}":`, `"${f}"`));
  edge(objOf(full).replace(`"${f}":`, `"${f}"::`));
  edge(objOf(full).replace(`"${f}":`, `"${f.slice(0, 1)}\\u00${f.charCodeAt(1).toString(16)}${f.slice(2)}":`));
  edge(objOf([...full, [`${f.slice(0, 1)}\\u00${f.charCodeAt(1).toString(16)}${f.slice(2)}`, good[f] ?? "null"]]));
  edge(objOf(full).replace(`"${f}"`, `"${f.toUpperCase()}"`));
  edge(objOf(full).replace(`"${f}"`, `"${f} "`));
  edge(objOf([...full.filter(([k]) => k !== f), [f, good[f] ?? "null"], [f, good[f] ?? "null"]]));
  edge(`${objOf(full).slice(0, -1)},"${f}"}`);
  edge(`${objOf(full).slice(0, -1)},"${f}":}`);
}
edge('{"run_id":"r","seq":1,"kind":"K","x":1,"x":2}');
edge('{"run_id":"r","seq":1,"kind":"K","x":{"a":1,"a":2}}');
edge('{"run_id":"r","seq":1,"kind":"K","__proto__":{"polluted":true}}');
edge('{"__proto__":null,"run_id":"r","seq":1,"kind":"K"}');
edge('{"run_id":"r","seq":1,"kind":"K",}');
edge('{"run_id":"r","seq":1,"kind":"K"');
edge('{"run_id":"r","seq":1,"kind":"K"}}');
edge('{"run_id":"r","seq":1,"kind":"K"}{}');
edge('{"run_id":"r","seq":1,"kind":"K"} x');
edge('{"run_id":"r","seq":1,"kind":"K"}\n{"run_id":"r","seq":2,"kind":"K"}');
edge('{"run_id":"r","seq":1 "kind":"K"}');
edge('{,"run_id":"r","seq":1,"kind":"K"}');
edge('{"run_id":"r",,"seq":1,"kind":"K"}');
edge('{run_id:"r","seq":1,"kind":"K"}');
edge("{'run_id':'r','seq':1,'kind':'K'}");
edge('{1:"r","seq":1,"kind":"K"}');
edge('{null:"r"}');
edge('{"seq":1}');
edge('{"run_id":"r"}');
edge('{"kind":"K"}');
edge('{"run_id":"r","kind":"K"}');
edge('{"x":1}');
edge('{"run_id":"r","seq":1,"step_id":"a","step_id":null,"kind":"K"}');
edge('{"run_id":"r","seq":1,"timestamp_ms":null,"timestamp_ms":null,"kind":"K"}');
edge('{"run_id":"r","seq":1,"kind":"K","seq":"x"}');
edge('{"run_id":"r","seq":1,"kind":"K","seq":1.0}');
edge('{"run_id":"r","seq":1,"kind":"K","seq"');
edge('{"run_id":"r","seq":1,"kind":"K","seq" }');
edge('{"run_id":"r","seq":1,"kind":"K","seq"}');
edge('{"run_id":"r","seq":1,"kind":"K","seq":1} ');
edge('{"run_id":"r","seq":1,"kind":"K","s\\u0065q":2}');
edge('{"run_id":"r","seq":1,"kind":"K","\\u0073\\u0065\\u0071":2}');
edge('{"run_id":"r","seq":1,"kind":"K","\\ud800":2}');
edge('{"run_id":"r","seq":1,"kind":"K","\\udc00":2}');
edge('{"run_id":"r","seq":1,"kind":"K","\\ud83d\\ude00":2}');
edge('{"run_id":"r","seq":1,"kind":"K","\\ud800\\u0041":2}');
edge('{"run_id":"r","seq":1,"kind":"K","a\u0001":2}');
edge('{"run_id":"r","seq":1,"kind":"K","\\x":2}');
edge('{"\\ud800":1,"run_id":"r","seq":1,"kind":"K"}');
edge('{"run_id":"r","seq":1,"kind":"K","x":"\\ud800"}');
edge('{"run_id":"r","seq":1,"kind":"K","x":["\\udc00",{"y":"\\ud800\\ud800"}]}');
edge('{"run_id":"r","seq":1,"kind":"K","x":"\u0001"}');
edge('{"run_id":"r","seq":1,"kind":"K","x":"\\q"}');
edge('{"run_id":"r","seq":1,"kind":"K","x":1e400}');
edge('{"run_id":"r","seq":1,"kind":"K","x":-1e99999}');
edge('{"run_id":"r","seq":1,"kind":"K","x":18446744073709551619.5}');
edge('{"run_id":"r","seq":1,"kind":"K","x":100000000000000000000.}');
edge('{"run_id":"r","seq":1,"kind":"K","x":01}');
edge('{"run_id":"r","seq":1,"kind":"K","x":1.}');
edge('{"run_id":"r","seq":1,"kind":"K","x":[1,]}');
edge('{"run_id":"r","seq":1,"kind":"K","x":{"a":1,}}');
edge('{"run_id":"r","seq":1,"kind":"K","x":nul}');
edge('{"run_id":"r","seq":1,"kind":"K","x":}');

// depth: an unknown field's value nests without limit; a known field is no container
for (const d of [1, 2, 126, 127, 128, 129, 5000]) {
  edge(`{"run_id":"r","seq":1,"kind":"K","x":${arr(d)}}`);
  edge(`{"run_id":"r","seq":1,"kind":"K","x":${objs(d)}}`);
  edge(`{"x":${arr(d)},"run_id":"r","seq":1,"kind":"K"}`);
}
edge(`{"run_id":"r","seq":1,"kind":"K","x":${arr(5000, "1e400")}}`);
edge(`{"run_id":"r","seq":1,"kind":"K","x":${arr(5000, "01")}}`);
edge(`{"run_id":"r","seq":1,"kind":"K","x":${arr(5000).slice(0, -1)}}`);
edge(`{"run_id":"r","seq":1,"kind":"K","x":${arr(20000)}}`);
edge(`{"run_id":${arr(3)},"seq":1,"kind":"K"}`);
edge(`{"run_id":"r","seq":${objs(3)},"kind":"K"}`);

// the array form
edge(`[${goodArr.join(",")}]`);
edge('["r",1,null,null,"K",null]');
edge('["r",1,null,null,"K"]');
edge('["r",1,null,null]');
edge('["r",1]');
edge('["r"]');
edge('["r",1,null,null,"K",null,]');
edge('["r",1,null,null,"K",null,1]');
edge('["r",1,null,null,"K",null 1]');
edge('["r",1,null,null,"K",null');
edge('["r",1,null,null,"K",');
edge('["r",1,null,null,"K",]');
edge('[,"r",1,null,null,"K",null]');
edge('["r" 1,null,null,"K",null]');
edge('[1,"r",null,null,"K",null]');
edge('["r",1,null,null,"K",null]]');
edge('["r",1,null,null,"K",null] x');
edge('[["r",1,null,null,"K",null]]');
edge('["r",1,"s","a","K",-5]');
edge('["r",18446744073709551615,null,null,"K",null]');
edge('["r",9007199254740992,null,null,"K",null]');
edge('["r",1,null,null,"K",9223372036854775807]');
edge('["r",1,null,null,"K",1.0]');
edge('["r",1.0,null,null,"K",null]');
edge('["r",-0,null,null,"K",null]');
edge('["r",1,null,null,"K",{"x":1}]');
edge('["r",1,null,null,"K",null,{"x":1}]');

// each field with each kind of value, in both forms
const values = [
  "null",
  "true",
  "false",
  "nul",
  "nulll",
  "tru",
  "fals",
  "n",
  '""',
  '"x"',
  "[]",
  "{}",
  '["x"]',
  '{"x":1}',
  "",
  " ",
  "x",
  "}",
  "]",
  ",",
  "0",
  "1",
  "-1",
  "00",
  "01",
  "-01",
  "-",
  "--1",
  "+1",
  ".5",
  "1.",
  "0.",
  "-0",
  "-0.0",
  "0.0",
  "1.0",
  "1.5",
  "-1.0",
  "1e2",
  "1E2",
  "1e+2",
  "1e-2",
  "1e0",
  "10e-1",
  "0e0",
  "1ee2",
  "1e",
  "1e+",
  "0x10",
  "1_000",
  "NaN",
  "Infinity",
  "-Infinity",
  "9007199254740991",
  "9007199254740992",
  "9007199254740993",
  "-9007199254740991",
  "-9007199254740992",
  "999999999999999",
  "1000000000000000",
  "9999999999999999",
  "123456789012345",
  "1234567890123456",
  "-123456789012345",
  "-1234567890123456",
  "2147483647",
  "2147483648",
  "4294967295",
  "4294967296",
  "1700000000123",
  "-1700000000123",
  "9223372036854775807",
  "9223372036854775808",
  "-9223372036854775808",
  "-9223372036854775809",
  "18446744073709551615",
  "18446744073709551616",
  "-18446744073709551615",
  "-18446744073709551616",
  "99999999999999999999",
  "1" + "0".repeat(30),
  "1" + "0".repeat(308),
  "1" + "0".repeat(309),
  "1" + "0".repeat(400),
  "-1" + "0".repeat(400),
  "1e400",
  "-1e400",
  "1e-400",
  "1.7976931348623157e308",
  "1.7976931348623159e308",
  "18446744073709551619.5",
  "18446744073709551616.0",
  "100000000000000000000.",
  "18446744073709551616.",
  "100000000000000000000.e5",
  "12345678901234567890.",
  '"1"',
  '"\\u0041"',
  '"\\ud800"',
  '"\\udc00"',
  '"\\ud83d\\ude00"',
  '"\\ud83d\\u0041"',
  '"\\ud800\\ud800"',
  '"\\x"',
  '"\\u12"',
  '"\\u12g4"',
  '"a\u0001b"',
  '"a\u0000"',
  '"\u001f"',
  '"\u007f"',
  '"\u2028\u2029"',
  '"\ufeff"',
  '"é😀中"',
  '"\\"\\\\\\/\\b\\f\\n\\r\\t"',
  '"\\u00e9"',
  '"tab\\tid"',
  '"a"b"',
  '"a\\',
  '"a',
  '"\\u',
  '"\\ud800\\',
  '"\\ud800\\u',
  '"\\ud800x"',
  '"__proto__"',
  '"~/"',
];
// a string field meets the numbers through peek_invalid_type, which needs only a few of them
const stringFieldValues = values.filter(
  (v) =>
    !/^[-+.0-9]/.test(v) ||
    ["0", "1.5", "-0", "-", "01", "1e400", "18446744073709551616", "100000000000000000000."].includes(v),
);
for (let k = 0; k < 6; k++) {
  for (const v of k === 1 || k === 5 ? values : stringFieldValues) {
    edge(withField(F[k], v));
    edge(arrWith(k, v));
  }
}
for (const v of ["1.0", "1e2", "-0", "9007199254740992", "18446744073709551616", '"\\ud800"', "true"]) {
  edge(
    objOf([
      ["run_id", '"r"'],
      ["seq", v],
      ["kind", '"K"'],
    ]),
  );
  edge(
    objOf([
      ["run_id", '"r"'],
      ["seq", "1"],
      ["kind", '"K"'],
      ["timestamp_ms", v],
    ]),
  );
  edge(
    objOf([
      ["seq", v],
      ["seq", "1"],
      ["run_id", '"r"'],
      ["kind", '"K"'],
    ]),
  );
  edge(
    objOf([
      ["seq", "9007199254740992"],
      ["timestamp_ms", v],
      ["run_id", '"r"'],
      ["kind", '"K"'],
    ]),
  );
  edge(
    objOf([
      ["seq", "9007199254740992"],
      ["run_id", '"r"'],
      ["kind", '"K"'],
      ["x", "[1,]"],
    ]),
  );
  edge(
    objOf([
      ["seq", "9007199254740992"],
      ["run_id", '"r"'],
      ["kind", '"K"'],
    ]) + " x",
  );
}

// positions: lines, multi-byte characters before the fault
for (const pre of POSITION_PREFIXES) {
  const inline = pre.replace(/[\n\r]/g, "");
  const spaces = pre.replace(/[^\n\r]/g, " ");
  edge(`{"run_id":"${inline}x",${spaces}"seq":${pre.includes("\n") ? "\n" : ""}1.0,"kind":"K"}`);
  edge(`{"run_id":"${inline}x",${spaces}"seq":1,"kind":"K","seq":2}`);
  edge(`{"run_id":"${inline}",\n"seq":1,"kind":"${inline}\\ud800"}`);
  edge(`{"run_id":"${inline}\u0001"}`);
  edge(`{"run_id":"${inline}","seq":1,"kind":"K"${spaces}}${pre}x`);
  edge(`{"run_id":"${inline}","seq":1,"kind":"K","${inline}\u0002":2}`);
  edge(`{"run_id":"${inline}","seq":1,"kind":"K","x":"${inline}\\q"}`);
  edge(`{"run_id":"${inline}","seq":9007199254740993,${spaces}"kind":"K"}`);
  edge(`{"run_id":"${inline}","kind":"K"${spaces}}`);
  edge(`["${inline}",1,null,null,"K"${spaces}]`);
  edge(`{"run_id":"${inline}","seq":-1,"kind":"K"}`);
  edge(`{"run_id":"${inline}","seq":1,"kind":${inline.length ? `"${inline}` : "7"}`);
  edge(`{"run_id":"r","seq":1,"kind":"K","timestamp_ms":${spaces}9223372036854775808}`);
}

// every prefix of a few events (each ends in the middle of some token)
for (const t of [
  '{"run_id":"r\\u00e9","seq":12,"step_id":null,"action_id":"a\\n","kind":"K","timestamp_ms":-17}',
  ' [ "r" , 1 , "s" , null , "K" , 5 ] ',
  '{"x":[{"y":"\\ud83d\\ude00"}],"seq":1.5e3,"run_id":"r","kind":"K"}',
]) {
  for (const p of prefixes(t)) edge(p);
}

// ---- random events, written with random whitespace, escapes, forms, orders and extra keys ----
// make-fixture.mjs's pieces with "run-1" after "b", and "#"
const pieces = [...STRING_PIECES.slice(0, 2), "run-1", ...STRING_PIECES.slice(2), "#"];
const randomString = () => randomPieces(pieces);
const randomInteger = (signed) =>
  pick([
    () => String(int(0, 1000)),
    () => String(int(0, 2 ** 31)),
    () => String(int(0, 2 ** 31) * 2 ** 21 + int(0, 2 ** 21)),
    () => (signed ? String(-int(0, 2 ** 40)) : String(int(0, 2 ** 40))),
    () => String(int(1, 9)) + digits(int(15, 20)),
    () => (signed ? "-" : "") + String(int(1, 9)) + digits(int(15, 20)),
    () => "1700000000" + digits(3),
    () => `${int(0, 9)}.${digits(int(0, 2))}`.replace(/\.$/, ".0"),
    () => `${int(1, 9)}e${int(0, 3)}`,
    () => "-0",
  ])();
const randomJson = (depth) => {
  const r = rand();
  if (depth > 3 || r < 0.5)
    return pick([
      () => "null",
      () => "true",
      () => "false",
      () => randomInteger(true),
      () => writeString(randomString()),
    ])();
  if (r < 0.75) {
    const items = [];
    for (let k = int(0, 3); k > 0; k--) items.push(randomJson(depth + 1));
    return `[${items.join(",")}]`;
  }
  const entries = [];
  for (let k = int(0, 3); k > 0; k--)
    entries.push(`${writeString(pick(["a", "seq", "kind", randomString()]))}:${randomJson(depth + 1)}`);
  return `{${entries.join(",")}}`;
};
const randomValue = (f) => {
  if (f === "seq") return randomInteger(false);
  if (f === "timestamp_ms") return rand() < 0.3 ? "null" : randomInteger(true);
  if (f === "step_id" || f === "action_id") return rand() < 0.4 ? "null" : writeString(randomString());
  return writeString(
    f === "kind" && rand() < 0.5
      ? pick(["StateUpdated", "ActionRequested", "Interrupted", "Resumed", "Completed"])
      : randomString(),
  );
};
const randomEvent = () => {
  if (rand() < 0.12) return `${ws()}[${F.map((f) => ws() + randomValue(f) + ws()).join(",")}]${ws()}`;
  let entries = F.filter((f) => (f === "run_id" || f === "seq" || f === "kind" ? rand() < 0.97 : rand() < 0.7)).map(
    (f) => [f, randomValue(f)],
  );
  if (rand() < 0.3) entries.push([pick(["extra", "meta", "Seq", "kind ", "__proto__", randomString()]), randomJson(0)]);
  if (rand() < 0.04) entries.push(pick(entries) ?? ["seq", "1"]);
  if (rand() < 0.3) entries = sample(entries, entries.length);
  return `${ws()}{${entries.map(([k, v]) => `${ws()}${writeString(k)}${ws()}:${ws()}${v}${ws()}`).join(",")}}${ws()}`;
};
for (let k = 0; k < 500; k++) add(randomEvent(), "random");

// ---- mutations of trace lines and random events ----
const alphabet = [...MUTATION_ALPHABET, '"seq":1,', '"kind":"K",', ".0", "e2", "00000000"];
const seeds = [...traceSample, ...[...cases.keys()].filter((t) => cases.get(t) === "random" && t.length <= 300)];
for (let k = 0; k < 700; k++) add(mutate(pick(seeds), alphabet), "mutation");

// ---- ask the oracle ----
writeFixture({
  oracle,
  oracleArgs: ["trace"],
  caseSet,
  origins: ["wire", "trace", "edge", "random", "mutation"],
  accepted: (o, text) => ({ canonical: o.canonical === text ? 1 : o.canonical }),
  description:
    "Verdicts of serde_json 1.0.87 / serde 1.0.152 (default features) on KernelTraceEvent texts: serde_json::from_str::<KernelTraceEvent>. " +
    "Generated by tools/serde-event-oracle/make-trace-fixture.mjs. cases.wire: the KernelTraceEvent cases of the conformance wire.json; " +
    "cases.trace: a sample of the lines of the conformance traces.json; cases.edge: hand-written; cases.random: generated events; " +
    "cases.mutation: mutated trace lines and random events. " +
    "text: a string, or parts to join (a string, or [unit, count] for a unit repeated count times). " +
    "refused: serde_json's message. canonical: serde_json::to_string of the event it read (1 when that is the text itself). " +
    "illFormed: texts with a lone surrogate, which no Rust string can hold (refused by construction).",
  url: new URL("../../fixtures/serde-trace-event-oracle.json", import.meta.url),
});
