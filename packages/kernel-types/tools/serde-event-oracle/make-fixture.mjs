#!/usr/bin/env node
// Regenerates ../../fixtures/serde-event-oracle.json: event_json texts chosen
// to hit every rule of serde_json 1.0.87 reading the kernel `Event` (serde
// 1.0.152), with the verdicts of the real crates (the Rust program beside this
// file). Deterministic: the same seed and the same store give the same file.
//
//   apt-get install librust-serde-json-dev librust-serde-derive-dev   # Debian bookworm
//   cd packages/kernel-types/tools/serde-event-oracle && cargo build --release --offline
//   node make-fixture.mjs target/release/serde-event-oracle [path/to/oris.sqlite3]
//
// The store (default: the repository's copy of the conformance store, fixtures/stores/oris.sqlite3)
// gives realistic events: every distinct event_json is a case, and the short
// ones are mutated. Reading it takes python3's sqlite3 module.
//
// Texts are stored run-length encoded where a unit of up to 8 characters
// repeats 16 times or more: `text` is a string, or an array of strings and
// [unit, count] pairs to be joined (see expandText in
// src/decodeKernelEventJson.oracle.test.ts).
//
// What this and make-trace-fixture.mjs share (the random source and writers,
// the mutations, the encoding, asking the oracle) is in oracleText.mjs.
// `node make-fixture.mjs --cases-only [oris.sqlite3]` prints the cases, a JSON
// line each, without the oracle.
//
// This is a development tool: nothing in the package or its tests runs it.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
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
  "node make-fixture.mjs <path to the serde-event-oracle binary | --cases-only> [oris.sqlite3]",
);
const storePath = source ?? fileURLToPath(new URL("../../../../fixtures/stores/oris.sqlite3", import.meta.url));

const { rand, int, pick, digits, randomPieces, writeString, ws, mutate } = createRandom(0x5eed0152);

/** Origins: "store", "edge", "random", "mutation". */
const caseSet = createCases();
const { cases, add, edge } = caseSet;

// ---- the store's events ----
const storeTexts = existsSync(storePath)
  ? JSON.parse(
      execFileSync(
        "python3",
        [
          "-c",
          "import sqlite3, json, sys\n" +
            "c = sqlite3.connect('file:' + sys.argv[1] + '?mode=ro', uri=True)\n" +
            "print(json.dumps(sorted(set(r[0] for r in c.execute('SELECT event_json FROM kernel_events')))))",
          storePath,
        ],
        { maxBuffer: 1 << 28 },
      ).toString(),
    )
  : [];
if (storeTexts.length === 0) console.error(`warning: no store at ${storePath}; no store cases`);
for (const t of storeTexts) add(t, "store");

// ---- hand-written edge cases ----
const V = ["StateUpdated", "ActionRequested", "ActionSucceeded", "ActionFailed", "Interrupted", "Resumed", "Completed"];
const FIELDS = {
  StateUpdated: ["step_id", "payload"],
  ActionRequested: ["action_id", "payload"],
  ActionSucceeded: ["action_id", "output"],
  ActionFailed: ["action_id", "error"],
  Interrupted: ["value"],
  Resumed: ["value"],
};
const goodField = {
  step_id: '"s"',
  payload: '{"a":1}',
  action_id: '"a1"',
  output: "[1,2]",
  error: '"boom"',
  value: "true",
};
const obj = (v, body) => `{"${v}":${body}}`;
const su = (payload, extra = "") => `{"StateUpdated":{"step_id":"s","payload":${payload}${extra}}}`;
const ignored = (value) => `{"StateUpdated":{"step_id":"s","payload":1,"x":${value}}}`;

// whitespace
for (const w of WHITESPACES) {
  edge(`${w}"Completed"`);
  edge(`"Completed"${w}`);
  edge(`${w}{${w}"Resumed"${w}:${w}{${w}"value"${w}:${w}[${w}1${w},${w}{${w}"k"${w}:${w}null${w}}${w}]${w}}${w}}${w}`);
  edge(`{"StateUpdated":[${w}"s"${w},${w}1${w}]}`);
}
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
  "[]",
  "{}",
  "[{}]",
  '["Completed"]',
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

// the outer form
for (const v of V) {
  edge(`"${v}"`);
  edge(`"${v.toLowerCase()}"`);
  edge(`{"${v}":null}`);
  edge(`{"${v}":{}}`);
  edge(`{"${v}":[]}`);
  edge(`{"${v}":0}`);
  edge(`{"${v}":"x"}`);
  edge(`{"${v}":true}`);
  edge(`{"${v}"}`);
  edge(`{"${v}":}`);
  edge(`{"${v}"`);
  edge(`{"${v}":`);
  edge(`{"${v}`);
  edge(`"${v}`);
  edge(`"${v} "`);
  edge(`" ${v}"`);
  edge(`"${v}\\u0000"`);
  edge(`{"${v}" : null }`);
  edge(`{"${v}":null,}`);
  edge(`{"${v}":null,"Completed":null}`);
  edge(`{"${v}":null "Completed":null}`);
  edge(`{"Completed":null,"${v}":null}`);
  if (v !== "Completed") {
    const fs = FIELDS[v];
    const full = fs.map((f) => `"${f}":${goodField[f]}`).join(",");
    edge(obj(v, `{${full}}`));
    edge(
      obj(
        v,
        `{${[...fs]
          .reverse()
          .map((f) => `"${f}":${goodField[f]}`)
          .join(",")}}`,
      ),
    );
    edge(obj(v, `[${fs.map((f) => goodField[f]).join(",")}]`));
    edge(obj(v, `[${fs.map((f) => goodField[f]).join(",")},]`));
    edge(obj(v, `[${fs.map((f) => goodField[f]).join(",")},1]`));
    edge(obj(v, `[${fs.map((f) => goodField[f]).join(",")} 1]`));
    edge(obj(v, `[${fs.map((f) => goodField[f]).join(",")}`));
    edge(
      obj(
        v,
        `[${fs
          .map((f) => goodField[f])
          .slice(0, -1)
          .join(",")}]`,
      ),
    );
    edge(obj(v, `[,${fs.map((f) => goodField[f]).join(",")}]`));
    edge(
      obj(
        v,
        `[${[...fs]
          .reverse()
          .map((f) => goodField[f])
          .join(",")}]`,
      ),
    );
    edge(obj(v, `{${full},"extra":{"deep":[1,{"x":null}]}}`));
    edge(obj(v, `{"extra":1,${full}}`));
    edge(obj(v, `{${full},}`));
    edge(obj(v, `{${full}`));
    edge(obj(v, `{${full}} `) + "x");
    edge(obj(v, `{${full},"extra":1,"extra":2}`));
    edge(`{"${v}":{${full}},"${v}":{${full}}}`);
    edge(`{"${v}":{${full}}}"Completed"`);
    edge(`{"${v}":{${full}}}}`);
    edge(`{"${v}":{${full}}}{}`);
    for (const f of fs) {
      edge(obj(v, `{${full},"${f}":${goodField[f]}}`));
      edge(obj(v, `{${full},"${f}":[}`));
      edge(obj(v, `{${full},"${f}"}`));
      edge(obj(v, `{"${f}":${goodField[f]},"${f}":${goodField[f]}}`));
      edge(
        obj(
          v,
          `{${fs
            .filter((g) => g !== f)
            .map((g) => `"${g}":${goodField[g]}`)
            .join(",")}}`,
        ),
      );
      edge(obj(v, `{${full.replace(`"${f}":`, `"${f}" :`)}}`));
      edge(obj(v, `{${full.replace(`"${f}":`, `"${f}"`)}}`));
      edge(obj(v, `{${full.replace(`"${f}":`, `"${f}":: `)}}`));
      edge(
        obj(v, `{${full.replace(`"${f}"`, `"${f.slice(0, 2)}\\u00${f.charCodeAt(2).toString(16)}${f.slice(3)}"`)}}`),
      );
      edge(obj(v, `{${full.replace(`"${f}"`, `"${f.toUpperCase()}"`)}}`));
      edge(obj(v, `{${full.replace(`"${f}"`, `"${f} "`)}}`));
      for (const bad of [
        "null",
        "7",
        "-0",
        "1.5",
        "true",
        "false",
        '"x"',
        "[]",
        "{}",
        '["x"]',
        '{"x":1}',
        "nul",
        "nulll",
        "tru",
        "1e400",
        "01",
        '"\\ud800"',
        '"\\x"',
        '"a\u0001"',
        '"\\ud83d\\ude00"',
        '"é😀"',
        '"\\u00e9"',
        '"a\\nb\\"c\\\\d\\/e\\tf\\bg\\fh\\ri"',
        "",
        " ",
        "x",
        "}",
        "]",
      ]) {
        edge(obj(v, `{${fs.map((g) => `"${g}":${g === f ? bad : goodField[g]}`).join(",")}}`));
        edge(obj(v, `[${fs.map((g) => (g === f ? bad : goodField[g])).join(",")}]`));
      }
    }
  }
}
edge('{"StateUpdated":{"payload":1}}');
edge('{"StateUpdated":{"step_id":null,"payload":1}}');
edge('{"StateUpdated":[null,1]}');
edge('{"StateUpdated":[null]}');
edge('{"StateUpdated":["s"]}');
edge('{"StateUpdated":[1]}');
edge('{"StateUpdated":{"step_id":"s"}}');
edge('{"StateUpdated":{}}');
edge('{"ActionRequested":{}}');
edge('{"ActionFailed":{"error":"e"}}');
edge('{"ActionFailed":{"action_id":"a"}}');
edge('{"Interrupted":{}}');
edge('{"Interrupted":{"value":null}}');
edge('{"Interrupted":{"values":1}}');
edge('{"Completed":{"x":1}}');
edge('{"X":{"value":1}}');
edge('{"":null}');
edge("{1:null}");
edge("{null:null}");
edge("{[]:null}");
edge("{{}:null}");
edge('{"Completed":null}');
edge('{"Complet\\u0065d":null}');
edge('"Complet\\u0065d"');
edge('"\\u0043ompleted"');
edge('"Completed\\u0000"');
edge('"Completed\\"');
edge('"Completed\\');
edge('"Com\\pleted"');
edge('"Completed"\u0000');
edge('{"Stat\\u0065Updated":{"payload":1}}');
edge('{"StateUpdated":{"step\\u005fid":"s","payload":1}}');
edge('{"StateUpdated":{"step_id":"s","p\\u0061yload":1,"payload":2}}');
edge('{"StateUpdated":{"\\ud800":1,"payload":1}}');
edge('{"StateUpdated":{"\\udc00":1,"payload":1}}');
edge('{"StateUpdated":{"\\ud83d\\ude00":1,"payload":1}}');
edge('{"StateUpdated":{"a\u0001":1,"payload":1}}');
edge('{"StateUpdated":{"\\x":1,"payload":1}}');
edge('{"\\ud800":null}');
edge('{"\\ud800Completed":null}');
edge('{"Completed\u0001":null}');
edge('"\\ud800"');
edge('"\\udc00"');
edge('"\u0001"');

// payload values: every kind of JSON value and its syntax
const payloads = [
  "null",
  "true",
  "false",
  "0",
  "-0",
  "1",
  "-1",
  "0.5",
  "-0.0",
  "1e5",
  "1E5",
  "1e+5",
  "1e-5",
  "1.5e3",
  "12345678901234567890",
  "18446744073709551615",
  "18446744073709551616",
  "-9223372036854775808",
  "-9223372036854775809",
  '""',
  '"x"',
  "[]",
  "{}",
  "[1,[2,[3]]]",
  '{"a":{"b":{"c":[]}}}',
  '{"a":1,"a":2}',
  '{"a":1,"a":"x","a":[]}',
  '{"__proto__":{"polluted":true}}',
  '{"":""}',
  '[null,true,false,0,"",[],{}]',
  "01",
  "00",
  "-",
  "-a",
  "+1",
  ".5",
  "1.",
  "1.e5",
  "1e",
  "1e+",
  "1e-",
  "1ee5",
  "--1",
  "-01",
  "0x10",
  "1_000",
  "NaN",
  "Infinity",
  "-Infinity",
  "nul",
  "nulll",
  "tru",
  "True",
  "fals",
  "falsee",
  "n",
  "t",
  "f",
  "[1,]",
  "[,1]",
  "[1 2]",
  "[1,,2]",
  "[",
  "]",
  "{",
  '{"a"}',
  '{"a":}',
  '{"a":1,}',
  '{"a" 1}',
  "{a:1}",
  "{'a':1}",
  "{1:1}",
  '{"a":1 "b":2}',
  '{,"a":1}',
  "[}",
  "{]",
  "[1}",
  '{"a":1]',
  "'x'",
  '"x',
  '"\\',
  '"\\u',
  '"\\u00',
  '"\\u00e',
  '"\\u00e9',
  '"\\u00e9"',
  '"\\u00E9"',
  '"\\u00g9"',
  '"\\U00e9"',
  '"\\x41"',
  '"\\a"',
  '"\\0"',
  '"\\ "',
  '"\\\n"',
  '"\\/"',
  '"/"',
  '"\\b\\f\\n\\r\\t"',
  '"\\ud800"',
  '"\\udbff"',
  '"\\udc00"',
  '"\\udfff"',
  '"\\ud800\\udc00"',
  '"\\udbff\\udfff"',
  '"\\ud83d\\ude00"',
  '"\\ud83d\\u0041"',
  '"\\ud800\\ud800"',
  '"\\ud800\\udbff\\udc00"',
  '"\\udc00\\ud800"',
  '"\\ud800\\n"',
  '"\\ud800x"',
  '"\\ud800\\"',
  '"\\ud800\\u"',
  '"\\ud800\\u12"',
  '"\\ud800\\uzzzz"',
  '"\\ud800',
  '"\\ud800\\',
  '"\\ud800\\u',
  '"\\ud800\\udc0',
  '"\\uD83D\\uDE00"',
  '"\\u0000"',
  '"\\u001f"',
  '"\\u007f"',
  '"\\u2028\\u2029"',
  '"\\ufeff"',
  '"\\uffff"',
  '"\u0000"',
  '"\u0001"',
  '"\n"',
  '"\t"',
  '"\u001f"',
  '"\u007f"',
  '"\u0080"',
  '"\u2028"',
  '"\ufeff"',
  '"é"',
  '"😀"',
  '"\uffff"',
  '"a\u0000b"',
  '"\\u00é"',
  '"\\u0é"',
  '"\\ué"',
  '"\\u😀"',
  '"\\u0😀"',
  '"\\u00😀"',
  "1e400",
  "-1e400",
  "1e309",
  "1e308",
  "1.7976931348623157e308",
  "1.7976931348623158e308",
  "1.7976931348623159e308",
  "1.797693134862316e308",
  "-1.7976931348623159e308",
  "17976931348623157e292",
  "17976931348623159e292",
  "179769313486231570000e288",
  "0.17976931348623157e309",
  "1e-400",
  "-1e-400",
  "1e-324",
  "5e-324",
  "1e-2147483648",
  "1e-2147483649",
  "1e2147483647",
  "1e2147483648",
  "0e2147483648",
  "0e999999999999",
  "0.0e999999",
  "0.0000e99999999999999",
  "1e0000000000000000000001",
  "1e-0000000000000000000001",
  "0.0001e311",
  "0.0001e312",
  "100000000000000000000000000000000e276",
  "100000000000000000000000000000000e277",
  "1" + "0".repeat(308),
  "1" + "0".repeat(309),
  "9".repeat(308),
  "9".repeat(309),
  "9".repeat(310),
  "1" + "0".repeat(400),
  "-1" + "0".repeat(400),
  "1" + "0".repeat(400) + ".5",
  "0." + "0".repeat(400) + "1",
  "0." + "0".repeat(400) + "1e400",
  "0." + "0".repeat(400) + "1e800",
  "1." + "0".repeat(400) + "e308",
  "18446744073709551615.5",
  "18446744073709551616.5",
  "18446744073709551619.5",
  "18446744073709551619.55",
  "18446744073709551619.5e3",
  "-18446744073709551619.5",
  "184467440737095516190.5",
  "184467440737095516190.55",
  "1844674407370955161.5",
  "18446744073709551619.0",
  "18446744073709551620.5",
  "18446744073709551629.5",
  "18446744073709551619.6",
  "18446744073709551619.5E0",
  "18446744073709551699.5",
  "99999999999999999999.5",
  "99999999999999999999.55",
  "184467440737095516199.55",
  "184467440737095516199.555",
  "1.8446744073709551619",
  "0.18446744073709551619",
  "18446744073709551615e0",
  "18446744073709551616e1",
  // past u64::MAX, serde_json's Value reading lets the fraction digits be missing
  "10000000000000000000000.",
  "18446744073709551616.",
  "18446744073709551615.",
  "99999999999999999999.",
  "-100000000000000000000.",
  "100000000000000000000.e5",
  "100000000000000000000.E-3",
  "18446744073709551616..",
  "18446744073709551616.e",
  "1" + "0".repeat(400) + ".",
  "12345678901234567890.",
  "0.",
  "-0.",
  "1.e5",
];
for (const p of payloads) {
  edge(su(p));
  edge(ignored(p));
  edge(`{"ActionSucceeded":["a",${p}]}`);
}
for (const p of ['"\\ud800"', "1e400", "01", '"\u0001"', '"\\x"', "[1,]"]) {
  edge(`{"StateUpdated":{"payload":{"a":[1,{"b":${p}}]}}}`);
  edge(`{"StateUpdated":{"payload":[0,1,{"k/~":[${p}]}]}}`);
  edge(`{"StateUpdated":{"payload":1,"un/known~":{"a":[1,{"b":${p}}]}}}`);
  edge(`{"StateUpdated":{"step_id":"s","payload":1,"x":[{"y":${p}}],"payload":2}}`);
}

// the recursion limit
const mixed = (d) => {
  let open = "";
  let close = "";
  for (let k = 0; k < d; k++) {
    if (k % 2) {
      open += '{"k":';
      close = "}" + close;
    } else {
      open += "[0,";
      close = "]" + close;
    }
  }
  return open + "null" + close;
};
for (const d of [1, 2, 64, 120, 124, 125, 126, 127, 128, 129, 200]) {
  edge(su(arr(d)));
  edge(su(objs(d)));
  edge(su(mixed(d)));
  edge(`{"StateUpdated":["s",${arr(d)}]}`);
  edge(`{"ActionSucceeded":{"action_id":"a","output":${arr(d)}}}`);
  edge(`{"Interrupted":{"value":${objs(d)}}}`);
  edge(`{"Resumed":[${mixed(d)}]}`);
  edge(ignored(arr(d)));
  edge(ignored(objs(d)));
  edge(`{"StateUpdated":{"step_id":"s","payload":${arr(d)},"x":${arr(d + 50)}}}`);
  edge(`{"StateUpdated":{"step_id":${arr(d)},"payload":1}}`);
}
edge(su(arr(125, "1e400")));
edge(su(arr(125, '"\\ud800"')));
edge(su(arr(125, "[")));
edge(su(arr(126, "1e400")));
edge(ignored(arr(5000)));
edge(ignored(objs(5000)));
edge(ignored(arr(5000, "1e400")));
edge(ignored(arr(5000, "01")));
edge(ignored(arr(5000).slice(0, -1)));
edge(`{"StateUpdated":{"step_id":"s","payload":1,"x":${arr(20000)}}}`);

// positions: lines, multi-byte characters before the fault
for (const pre of POSITION_PREFIXES) {
  edge(
    `{"StateUpdated":{"step_id":"${pre.replace(/\n/g, "\\n").replace(/\r/g, "\\r")}x",${pre.replace(/[^\n\r]/g, " ")}"payload":${pre.includes("\n") ? "\n" : ""}1e400}}`,
  );
  edge(`{"StateUpdated":{"step_id":"${pre.replace(/[\n\r]/g, "")}x",\n"payload":[1,${pre.replace(/[^\n]/g, " ")}2,]}}`);
  edge(
    `{"StateUpdated":{"step_id":"${pre.replace(/[\n\r]/g, "")}",\n"payload":"${pre.replace(/[\n\r]/g, "")}\\ud800"}}`,
  );
  edge(`{"StateUpdated":{"step_id":"${pre.replace(/[\n\r]/g, "")}\u0001"}}`);
  edge(`${pre.replace(/[^\n\r\t ]/g, " ")}{"Resumed":{"value":"${pre.replace(/[\n\r]/g, "")}"}}${pre}`);
  edge(`{"StateUpdated":{"payload":1,"${pre.replace(/[\n\r]/g, "")}\u0002":2}}`);
  edge(`{"StateUpdated":{"payload":1,"x":"${pre.replace(/[\n\r]/g, "")}\u0002"}}`);
  edge(`{"StateUpdated":{"payload":1,"x":"${pre.replace(/[\n\r]/g, "")}\\q"}}`);
  edge(`{"StateUpdated":{"payload":"${pre.replace(/[\n\r]/g, "")}\\u12${pre.replace(/[\n\r]/g, "")}"}}`);
  edge(`{"StateUpdated":{"payload":"\\u1${pre.replace(/[\n\r]/g, "")}`);
  edge(`{"StateUpdated":{"payload":"\\u${pre.replace(/[\n\r]/g, "")}`);
}

// every prefix of a few events (each ends in the middle of some token)
for (const t of [
  '{"StateUpdated":{"step_id":"n\\u00e9","payload":{"a":[1,-2.5e-3,true,null,"x\\n"],"b":{}}}}',
  '{"ActionFailed":["a1","boom"]}',
  ' { "Resumed" : { "x" : [ {"y":false} ] , "value" : [ 1 , { } ] } } ',
  '{"Completed":null}',
]) {
  for (const p of prefixes(t)) edge(p);
}

// numbers around serde_json's u64 and f64 limits, in a payload, an ignored field, a String field and deep
for (let k = 0; k < 500; k++) {
  const r = rand();
  let n =
    r < 0.3
      ? "1844674407370955161" + digits(int(0, 3))
      : r < 0.8
        ? String(int(1, 9)) + digits(int(14, 24))
        : String(int(1, 9)) + digits(int(300, 320));
  n = (rand() < 0.2 ? "-" : "") + n;
  if (rand() < 0.6) n += "." + digits(rand() < 0.3 ? 0 : int(1, 22));
  if (rand() < 0.4) n += pick(["e", "E"]) + pick(["", "+", "-"]) + digits(int(1, 3));
  edge(pick([su, ignored, (p) => `{"StateUpdated":{"step_id":${p},"payload":1}}`, (p) => `{"Resumed":[[${p}]]}`])(n));
}

// ---- random events, written with random whitespace and forms ----
const randomString = () => randomPieces(STRING_PIECES);
const randomNumber = () =>
  pick([
    () => String(int(-1000, 1000)),
    () => String(rand() * 1e6 - 5e5),
    () => `${int(1, 9)}e${int(-400, 400)}`,
    () => `${int(0, 9)}.${int(0, 999999)}e${pick(["", "+", "-"])}${int(0, 330)}`,
    () => String(rand() * 2 ** 64),
    () => "-0",
    () => "1" + "0".repeat(int(15, 25)),
  ])();
const randomJson = (depth) => {
  const r = rand();
  if (depth > 4 || r < 0.45) {
    return pick([() => "null", () => "true", () => "false", randomNumber, () => writeString(randomString())])();
  }
  if (r < 0.7) {
    const items = [];
    for (let k = int(0, 4); k > 0; k--) items.push(ws() + randomJson(depth + 1) + ws());
    return `[${items.join(",")}]`;
  }
  const entries = [];
  for (let k = int(0, 4); k > 0; k--)
    entries.push(
      `${ws()}${writeString(pick(["a", "b", "n", randomString()]))}${ws()}:${ws()}${randomJson(depth + 1)}${ws()}`,
    );
  return `{${entries.join(",")}}`;
};
const randomEvent = () => {
  const v = pick(V);
  if (v === "Completed")
    return rand() < 0.5 ? `${ws()}"Completed"${ws()}` : `{${ws()}"Completed"${ws()}:${ws()}null${ws()}}`;
  const value = (f) =>
    f === "step_id"
      ? rand() < 0.3
        ? "null"
        : writeString(randomString())
      : f === "action_id" || f === "error"
        ? writeString(randomString())
        : randomJson(0);
  const fs = FIELDS[v];
  let body;
  if (rand() < 0.15) body = `[${fs.map((f) => ws() + value(f) + ws()).join(",")}]`;
  else {
    let entries = fs.filter((f) => f !== "step_id" || rand() < 0.8).map((f) => [f, value(f)]);
    if (rand() < 0.3) entries.push([pick(["extra", "meta", "step", "Payload", "__proto__"]), randomJson(0)]);
    if (rand() < 0.3) entries = entries.reverse();
    body = `{${entries.map(([k, val]) => `${ws()}${writeString(k)}${ws()}:${ws()}${val}${ws()}`).join(",")}}`;
  }
  return `${ws()}{${ws()}${writeString(v)}${ws()}:${ws()}${body}${ws()}}${ws()}`;
};
for (let k = 0; k < 1200; k++) add(randomEvent(), "random");

// ---- mutations of realistic events ----
const seeds = [
  ...storeTexts.filter((t) => t.length <= 400),
  ...[...cases.keys()].filter((t) => cases.get(t) === "random" && t.length <= 400),
];
for (let k = 0; k < 2000; k++) add(mutate(pick(seeds), MUTATION_ALPHABET), "mutation");

// ---- ask the oracle ----
writeFixture({
  oracle,
  oracleArgs: [],
  caseSet,
  origins: ["store", "edge", "random", "mutation"],
  accepted: (o) => {
    const c = { trace: [o.kind, o.step_id, o.action_id] };
    if (o.error !== undefined) c.error = o.error;
    if (o.value !== undefined && o.value.length <= 80) c.value = o.value;
    return c;
  },
  description:
    "Verdicts of serde_json 1.0.87 / serde 1.0.152 (default features) on kernel Event texts: serde_json::from_str::<Event>, mapped as to_trace_event maps it. " +
    "Generated by tools/serde-event-oracle/make-fixture.mjs. cases.store: every distinct kernel_events.event_json of the conformance store; " +
    "cases.edge: hand-written; cases.random: generated events; cases.mutation: mutated store and random events. " +
    "text: a string, or parts to join (a string, or [unit, count] for a unit repeated count times). " +
    "refused: serde_json's message. Otherwise accepted: trace = [kind, step_id, action_id] as to_trace_event maps them, error = ActionFailed's error, " +
    "value = serde_json's re-serialisation of payload/output/value (when at most 80 characters). " +
    "illFormed: texts with a lone surrogate, which no Rust string can hold (refused by construction).",
  url: new URL("../../fixtures/serde-event-oracle.json", import.meta.url),
});
