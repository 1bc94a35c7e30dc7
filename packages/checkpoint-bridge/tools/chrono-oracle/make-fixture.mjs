#!/usr/bin/env node
// Regenerates ../../fixtures/chrono-oracle.json: texts and pairs chosen to hit
// every branch of chrono 0.4.23's RFC 3339 reader, with the verdicts of the
// real chrono (the Rust program beside this file). Deterministic: the same
// seed gives the same file.
//
//   apt-get install librust-chrono-dev librust-serde-json-dev librust-serde-derive-dev   # Debian bookworm
//   cd packages/checkpoint-bridge/tools/chrono-oracle && cargo build --release
//   node make-fixture.mjs target/release/chrono-oracle
//
// This is a development tool: nothing in the package or its tests runs it.
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";

const oracle = process.argv[2];
if (!oracle) {
  console.error("usage: node make-fixture.mjs <path to the chrono-oracle binary>");
  process.exit(2);
}

// ---- a small deterministic PRNG (mulberry32) ----
let state = 0x5eed2023;
const rand = () => {
  state = (state + 0x6d2b79f5) | 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
const pad = (v, w) => String(v).padStart(w, "0");

const texts = new Set();
// A Rust string cannot hold a lone surrogate (a mutation may split an emoji): those are left out.
const add = (t) => {
  if (t.isWellFormed()) texts.add(t);
};

// ---- systematic variations of one date-time ----
const base = {
  y: "2023",
  mo: "11",
  d: "14",
  sep: "T",
  h: "22",
  mi: "13",
  s: "20",
  frac: "",
  ws1: "",
  off: "Z",
  tail: "",
};
const build = (p) => `${p.y}-${p.mo}-${p.d}${p.sep}${p.h}:${p.mi}:${p.s}${p.frac}${p.ws1}${p.off}${p.tail}`;
const vary = (key, values) => values.forEach((v) => add(build({ ...base, [key]: v })));

vary("y", [
  "2023",
  "0",
  "00",
  "023",
  "0000",
  "9999",
  "10000",
  "+10000",
  "-10000",
  "+2023",
  "-2023",
  "-0",
  "+0",
  "-0001",
  "+0001",
  "-1",
  "+1",
  "-262144",
  "-262145",
  "262143",
  "+262143",
  "+262144",
  "-2147483648",
  "+2147483647",
  "+2147483648",
  "+9223372036854775807",
  "+9223372036854775808",
  "-9223372036854775808",
  "+00000000000000000000002023",
  "",
  "+",
  "-",
  "--2023",
  "+-2023",
  "2023a",
  "a2023",
  "٢٠٢٣",
  "２０２３",
  " 2023",
  "\t2023",
  "\u00a02023",
  "\ufeff2023",
  "\u30002023",
  "+ 2023",
  "- 2023",
  "1e3",
]);
vary("mo", ["1", "01", "001", "0", "00", "12", "13", "99", "", "1a", " 11", "11 ", "\u200311", "+11", "-11"]);
vary("d", ["1", "01", "0", "00", "28", "29", "30", "31", "32", "99", "", " 14", "014", "+14"]);
for (const [y, mo] of [
  ["2023", "02"],
  ["2024", "02"],
  ["1900", "02"],
  ["2000", "02"],
  ["0000", "02"],
  ["-0004", "02"],
  ["-0100", "02"],
  ["-0400", "02"],
  ["2023", "04"],
  ["2023", "06"],
  ["2023", "09"],
  ["2023", "11"],
  ["2023", "01"],
  ["2023", "12"],
  ["+262143", "12"],
  ["-262144", "01"],
]) {
  for (const d of ["28", "29", "30", "31", "32"]) add(build({ ...base, y, mo, d }));
}
vary("sep", ["T", "t", " ", "  ", "T ", " T", "\t", "\n", "_", "", "TT", "\u00a0", "\u3000", "Z", "T\t", " \u2003"]);
vary("h", ["0", "00", "000", "1", "9", "23", "24", "25", "99", "", "+1", " 22", "2 2"]);
vary("mi", ["0", "00", "59", "60", "99", "", "5", " 13", "013"]);
vary("s", ["0", "00", "59", "60", "61", "99", "", "5", " 20", "020", "60.5", "60.999999999"]);
vary("frac", [
  "",
  ".",
  ".0",
  ".5",
  ".05",
  ".005",
  ".0005",
  ".123",
  ".123456",
  ".123456789",
  ".1234567891",
  ".12345678912345678901234567890",
  ".000000000",
  ".999999999",
  ".9999999999",
  ",5",
  ". 5",
  ".a",
  "..5",
  ".5.5",
  ".-5",
  ".+5",
  ".٥",
]);
vary("ws1", [
  "",
  " ",
  "  ",
  "\t",
  "\n",
  "\r\n",
  "\u000b",
  "\u000c",
  "\u0085",
  "\u00a0",
  "\u1680",
  "\u2000",
  "\u200a",
  "\u200b",
  "\u2028",
  "\u2029",
  "\u202f",
  "\u205f",
  "\u3000",
  "\ufeff",
  "\u180e",
  "\u0000",
]);
vary("off", [
  "Z",
  "z",
  "UTC",
  "utc",
  "uTc",
  "Utc",
  "UT",
  "U",
  "UTCX",
  "UTC+1",
  "GMT",
  "+00:00",
  "-00:00",
  "+0000",
  "-0000",
  "+00",
  "+0",
  "+",
  "-",
  "",
  "+05:30",
  "-05:30",
  "+0530",
  "+05::30",
  "+05 30",
  "+05 : 30",
  "+05:\t30",
  "+05\u00a030",
  "+05:3",
  "+05:",
  "+05:5",
  "+05:59",
  "+05:60",
  "+05:69",
  "+05:6a",
  "+05:a0",
  "+5:30",
  "+ 05:30",
  "+23:59",
  "-23:59",
  "+24:00",
  "-24:00",
  "+23:60",
  "+99:59",
  "+99:99",
  "+05:30:00",
  "+05:30Z",
  "+05:30 ",
  "Z ",
  "Z\n",
  "ZZ",
  "Zz",
  "+05:30:",
  "+053",
  "+05300",
  "+0530 00",
  "+٠٥:30",
  "+05:٣0",
  "-05:30Z",
  "Z+05:30",
  "+05:30+05:30",
  "\u2212" + "05:30",
  "+05é",
  "+0é",
  "+é",
  "Ué",
  "UTé",
  "+05:é",
]);
vary("tail", ["", " ", "\n", "x", "Z", "0", "\u00a0", "\ufeff", ":", ".", "  \t "]);

// Whitespace in every gap, and one more character in every gap.
const plain = "2023-11-14T22:13:20.5+05:30";
for (let i = 0; i <= plain.length; i++) {
  for (const w of [" ", "\t", "\u3000", "\ufeff", "0", ":", "-", "."]) add(plain.slice(0, i) + w + plain.slice(i));
  add(plain.slice(0, i) + plain.slice(i + 1));
}
add("");
add(" ");
add("2023-11-14");
add("2023-11-14 ");
add("2023-11-14T");
add("2023-11-14T22");
add("2023-11-14T22:13");
add("2023-11-14T22:13:20");
add("2023-11-14T22:13:20.");
add("2023-11");
add("2023-");
add("2023");
add("Tue, 14 Nov 2023 22:13:20 GMT");
add("2023-11-14T22:13:20.123456789+05:30");
add("1970-01-01T00:00:00Z");
add("1969-12-31T23:59:59.9995Z");
add("1969-12-31T23:59:59.999999999Z");
add("2016-12-31T23:59:60Z");
add("2016-12-31T23:59:60.999999999Z");
add("2023-11-14T12:34:60Z");
add("2023-11-14T00:00:60.5+00:01");
add("2023-11-14T23:59:60.5-00:01");

// The edges of chrono's range, with offsets and leap seconds.
for (const off of ["Z", "+00:00", "-00:00", "+00:01", "-00:01", "+23:59", "-23:59", "+01:00", "-01:00"]) {
  for (const t of [
    "00:00:00",
    "00:00:59",
    "00:00:60",
    "00:00:60.5",
    "00:59:60",
    "23:59:59",
    "23:59:60",
    "23:59:60.999999999",
    "23:58:60.5",
  ]) {
    add(`-262144-01-01T${t}${off}`);
    add(`+262143-12-31T${t}${off}`);
    add(`-262145-12-31T${t}${off}`);
    add(`+262144-01-01T${t}${off}`);
  }
}

// ---- random date-times over the whole range ----
const randomText = () => {
  const r = rand();
  let y =
    r < 0.5
      ? int(1900, 2100)
      : r < 0.7
        ? int(-9999, 9999)
        : r < 0.9
          ? int(-262150, 262150)
          : pick([-262144, 262143, -262145, 262144, 0, 9999, 10000, -1]);
  const sign = y < 0 ? "-" : y > 9999 || rand() < 0.1 ? "+" : "";
  const yt = sign + pad(Math.abs(y), rand() < 0.8 ? 4 : int(1, 6));
  const mo = rand() < 0.95 ? int(1, 12) : int(0, 13);
  const d = rand() < 0.9 ? int(1, 28) : int(0, 32);
  const h = rand() < 0.95 ? int(0, 23) : int(24, 25);
  const mi = rand() < 0.97 ? int(0, 59) : 60;
  const s = rand() < 0.9 ? int(0, 59) : int(60, 61);
  const w = (k) => (rand() < 0.85 ? pad(k, 2) : String(k));
  const digits = rand() < 0.4 ? 0 : int(1, 12);
  let frac = digits === 0 ? "" : ".";
  for (let k = 0; k < digits; k++) frac += String(int(0, 9));
  const oh = rand() < 0.9 ? int(0, 23) : int(24, 30);
  const om = rand() < 0.95 ? int(0, 59) : int(60, 99);
  const off =
    rand() < 0.3
      ? pick(["Z", "z", "UTC"])
      : `${pick(["+", "-"])}${pad(oh, 2)}${pick([":", ":", "", " "])}${pad(om, 2)}`;
  return `${yt}-${w(mo)}-${w(d)}${pick(["T", "T", "T", " "])}${w(h)}:${w(mi)}:${w(s)}${frac}${off}`;
};
for (let k = 0; k < 2500; k++) add(randomText());

// ---- mutations of valid texts ----
const alphabet = [
  "0",
  "1",
  "5",
  "9",
  "-",
  "+",
  ":",
  ".",
  "T",
  "t",
  "Z",
  "z",
  "U",
  " ",
  "\t",
  "\u00a0",
  "é",
  "😀",
  "\ufeff",
  "6",
  "2",
];
for (let k = 0; k < 2000; k++) {
  let t = randomText();
  for (let m = int(1, 3); m > 0; m--) {
    const at = int(0, t.length);
    const op = int(0, 2);
    if (op === 0) t = t.slice(0, at) + pick(alphabet) + t.slice(at);
    else if (op === 1) t = t.slice(0, at) + t.slice(at + 1);
    else t = t.slice(0, at) + pick(alphabet) + t.slice(at + 1);
  }
  add(t);
}

const textList = [...texts];
const parseLines = textList.map((t) => JSON.stringify(["parse", t]));
const parseOut = execFileSync(oracle, { input: parseLines.join("\n") + "\n", maxBuffer: 1 << 28 })
  .toString()
  .trim()
  .split("\n");
const parse = textList.map((text, i) => {
  const o = JSON.parse(parseOut[i]);
  return o.ok
    ? { text, ok: true, canonical: o.canonical, timestamp_millis: o.timestamp_millis }
    : { text, ok: false, error: o.error };
});

// ---- pairs for signed_duration_since ----
const accepted = parse.filter((c) => c.ok).map((c) => c.canonical);
const pairs = [];
const leapish = [
  "2016-12-31T23:59:59Z",
  "2016-12-31T23:59:59.999999999Z",
  "2016-12-31T23:59:60Z",
  "2016-12-31T23:59:60.5Z",
  "2016-12-31T23:59:60.999999999Z",
  "2017-01-01T00:00:00Z",
  "2017-01-01T00:00:00.6Z",
  "2016-12-31T23:58:60.5Z",
  "2016-12-30T23:59:60.5Z",
  "2017-01-01T00:00:60.25Z",
  "1969-12-31T23:59:59.9995Z",
  "1970-01-01T00:00:00Z",
  "1969-12-31T23:59:60.5Z",
  "1970-01-01T00:00:00.0005Z",
  "2023-11-14T22:13:20Z",
  "2023-11-14T22:13:20.000500Z",
  "2023-11-14T22:13:20.001999999Z",
  "-262144-01-01T00:00:00Z",
  "+262143-12-31T23:59:60.999999999Z",
];
for (const a of leapish) for (const b of leapish) pairs.push([a, b]);
for (let k = 0; k < 1500; k++) pairs.push([pick(accepted), pick(accepted)]);
const near = accepted.filter((t) => /^20\d\d-/.test(t));
for (let k = 0; k < 500; k++) {
  const a = pick(near);
  pairs.push([a, pick(near.filter((t) => t.slice(0, 10) === a.slice(0, 10)).concat([a]))]);
}
const diffLines = pairs.map(([a, b]) => JSON.stringify(["diff", a, b]));
const diffOut = execFileSync(oracle, { input: diffLines.join("\n") + "\n", maxBuffer: 1 << 28 })
  .toString()
  .trim()
  .split("\n");
const diff = pairs.map(([a, b], i) => {
  const o = JSON.parse(diffOut[i]);
  if (!o.ok) throw new Error(`diff ${a} ${b} failed`);
  return { earlier: a, later: b, ms: o.ms, ns: o.ns };
});

// ---- whole views through serde_json ----
const views = [
  '{"checkpoint_id":"cp-1","created_at":"2023-11-14T22:13:20Z"}',
  '{"created_at":"2023-11-14T22:13:20Z"}',
  '{"checkpoint_id":null,"created_at":"2023-11-14T22:13:20Z","extra":[1,{"a":null}]}',
  '{"created_at":"2023-11-14T22:13:20Z","checkpoint_id":"late key"}',
  '{"__proto__":{"polluted":true},"checkpoint_id":"p","created_at":"2023-11-14T22:13:20Z"}',
  '{"checkpoint_id":1,"created_at":"2023-11-14T22:13:20Z"}',
  '{"checkpoint_id":["a"],"created_at":"2023-11-14T22:13:20Z"}',
  '{"checkpoint_id":"c","created_at":null}',
  '{"checkpoint_id":"c","created_at":true}',
  '{"checkpoint_id":"c","created_at":["2023-11-14T22:13:20Z"]}',
  '{"checkpoint_id":"c","created_at":{"secs":1}}',
  '{"checkpoint_id":"c","created_at":"2023-11-14\\u005422:13:20Z"}',
  '{"checkpoint_id":"\\u00e9\\ud83d\\ude00","created_at":"2023-11-14T22:13:20Z"}',
  '{"checkpoint_id":"c","created_at":"\\u00a02023-11-14T22:13:20Z\\u3000"}',
  '{"checkpoint_id":"line\\nbreak \\"quoted\\" \\\\ \\u0001 \\u007f \\u2028","created_at":"2023-11-14T22:13:20Z"}',
  "[]",
  '[null,"2023-11-14T22:13:20Z"]',
  '["c","2023-11-14T22:13:20Z"]',
  "null",
  '"2023-11-14T22:13:20Z"',
  "{}",
];
const viewOut = execFileSync(oracle, { input: views.map((v) => JSON.stringify(["view", v])).join("\n") + "\n" })
  .toString()
  .trim()
  .split("\n");
const view = views.map((json, i) => {
  const o = JSON.parse(viewOut[i]);
  return o.ok ? { json, ok: true, canonical: o.canonical } : { json, ok: false, error: o.error };
});

const out = {
  description:
    "Verdicts of chrono 0.4.23 (serde 1.0.152, serde_json 1.0.87) on RFC 3339 texts, signed_duration_since pairs and whole ExecutionCheckpointView documents; generated by tools/chrono-oracle/make-fixture.mjs. parse: DateTime<Utc> deserialisation (canonical = serde's output, error = chrono's message, PANIC = chrono panicked). diff: later.signed_duration_since(earlier).",
  parse,
  diff,
  view,
};
writeFileSync(new URL("../../fixtures/chrono-oracle.json", import.meta.url), JSON.stringify(out, null, 1) + "\n");
console.log(
  `parse ${parse.length} (${parse.filter((c) => c.ok).length} accepted), diff ${diff.length}, view ${view.length}`,
);
