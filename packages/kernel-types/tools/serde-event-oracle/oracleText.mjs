// What make-fixture.mjs and make-trace-fixture.mjs share: the seeded random
// source and the random writers built on it, the case set, hand-written
// building blocks, the mutation of texts, and asking the oracle and writing
// the fixture.
//
// Each script's texts depend on the exact sequence of random numbers it
// consumes: a change here that draws more, fewer or other numbers changes the
// committed fixtures. `node <script> --cases-only …` prints the cases without
// the oracle, to compare before and after a change.
//
// This is a development tool: nothing in the package or its tests runs it.
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";

/** The first argument that asks for the cases alone, in place of the oracle's path. */
export const CASES_ONLY = "--cases-only";

/**
 * The script's arguments: the oracle's path (or CASES_ONLY) and the optional source;
 * prints `usage` and exits without the first.
 */
export const readArgs = (usage) => {
  const [oracle, source] = process.argv.slice(2);
  if (!oracle) {
    console.error(`usage: ${usage}`);
    process.exit(2);
  }
  return { oracle, source };
};

/** A small deterministic PRNG (mulberry32) and the random writers that draw from it. */
export const createRandom = (seed) => {
  let state = seed;
  const rand = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));
  const pick = (xs) => xs[Math.floor(rand() * xs.length)];
  const digits = (n) => {
    let d = "";
    for (let k = 0; k < n; k++) d += String(int(0, 9));
    return d;
  };
  /** Up to 4 of the pieces, joined. */
  const randomPieces = (pieces) => {
    let s = "";
    for (let k = int(0, 4); k > 0; k--) s += pick(pieces);
    return s;
  };
  /**
   * s as a JSON string, sometimes with `\u` escapes for its non-ASCII characters and `\/`
   * for `/`, as a writer other than serde might produce them.
   */
  const writeString = (s) => {
    let out = JSON.stringify(s);
    if (rand() < 0.3)
      out = out.replace(/[^\x20-\x7e]/gu, (ch) =>
        [...ch].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).join(""),
      );
    if (rand() < 0.1) out = out.replace(/\//g, "\\/");
    return out;
  };
  /** Mostly nothing, sometimes JSON whitespace. */
  const ws = () => (rand() < 0.8 ? "" : pick([" ", "\n", "\t", "\r\n", "  "]));
  /** The text after 1 to 3 random insertions or replacements (from the alphabet), deletions or duplicated slices. */
  const mutate = (text, alphabet) => {
    let t = text;
    for (let m = int(1, 3); m > 0; m--) {
      const at = int(0, t.length);
      const op = int(0, 3);
      if (op === 0) t = t.slice(0, at) + pick(alphabet) + t.slice(at);
      else if (op === 1) t = t.slice(0, at) + t.slice(at + int(1, 3));
      else if (op === 2) t = t.slice(0, at) + pick(alphabet) + t.slice(at + 1);
      else {
        // duplicate a slice elsewhere (a repeated key, an extra element, …)
        const from = int(0, t.length);
        const piece = t.slice(from, from + int(1, 24));
        t = t.slice(0, at) + piece + t.slice(at);
      }
    }
    return t;
  };
  return { rand, int, pick, digits, randomPieces, writeString, ws, mutate };
};

/**
 * The cases: text -> origin, the first origin wins (and fixes the text's place), and apart
 * the texts a Rust string cannot hold (a lone surrogate), refused by construction.
 */
export const createCases = () => {
  const cases = new Map();
  const illFormed = new Set();
  const add = (text, from) => {
    if (!text.isWellFormed()) illFormed.add(text);
    else if (!cases.has(text)) cases.set(text, from);
  };
  const edge = (t) => add(t, "edge");
  return { cases, illFormed, add, edge };
};

/** Whitespace around and between tokens: JSON's four, and others that JSON refuses. */
export const WHITESPACES = [
  " ",
  "\t",
  "\n",
  "\r",
  "\r\n",
  " \n\t\r ",
  "\f",
  "\v",
  "\u00a0",
  "\u2028",
  "\ufeff",
  "\u3000",
  "\u0000",
  "\u0085",
];

/** Text before a fault, to move its line and column: new lines, multi-byte characters. */
export const POSITION_PREFIXES = ["", "\n", "\n\n  ", "\r\n", "é", "😀", "\u2028", "中文", "\n😀é\n"];

/** d nested arrays around inner. */
export const arr = (d, inner = "") => "[".repeat(d) + inner + "]".repeat(d);
/** d nested objects {"a": …} around inner. */
export const objs = (d, inner = "1") => '{"a":'.repeat(d) + inner + "}".repeat(d);

/** Every prefix of the text, the empty one and the whole text included. */
export const prefixes = (t) => Array.from({ length: t.length + 1 }, (_, k) => t.slice(0, k));

/** The pieces of the random strings in make-fixture.mjs (make-trace-fixture.mjs adds two). */
export const STRING_PIECES = [
  "a",
  "b",
  "node",
  "step-1",
  " ",
  "é",
  "😀",
  "中",
  '"',
  "\\",
  "/",
  "\n",
  "\t",
  "\u0000",
  "\u001f",
  "\u007f",
  "\u2028",
  "\ufeff",
  "~",
  "__proto__",
];

/** What a mutation inserts: tokens, escapes, values and characters JSON refuses. */
export const MUTATION_ALPHABET = [
  "{",
  "}",
  "[",
  "]",
  '"',
  ":",
  ",",
  "\\",
  " ",
  "\n",
  "0",
  "1",
  "9",
  "-",
  "+",
  ".",
  "e",
  "E",
  "n",
  "u",
  "l",
  "t",
  "f",
  "a",
  "s",
  "x",
  "\u0000",
  "\u0001",
  "\t",
  "é",
  "😀",
  "\\u",
  "\\ud800",
  "\\udc00",
  "\\ud83d\\ude00",
  "null",
  "true",
  '""',
  "[]",
  "{}",
  "1e400",
  "\u00a0",
];

/**
 * Run-length encoding of a unit of 1 to 8 characters repeated 16 times or more: a string, or
 * an array of strings and [unit, count] pairs to be joined (see expandText in
 * src/decodeKernelEventJson.oracle.test.ts).
 */
export const encodeText = (t) => {
  const parts = [];
  let last = 0;
  for (const m of t.matchAll(/(.{1,8}?)\1{15,}/gsu)) {
    if (m.index > last) parts.push(t.slice(last, m.index));
    parts.push([m[1], m[0].length / m[1].length]);
    last = m.index + m[0].length;
  }
  if (last < t.length) parts.push(t.slice(last));
  return parts.length === 1 && typeof parts[0] === "string" ? parts[0] : parts.length === 0 ? "" : parts;
};

/**
 * Asks the oracle (run with oracleArgs) about every case and writes the fixture to `url`:
 * { description, cases: { origin: [{ text, refused } or { text, …accepted(o, text) }] }, illFormed }.
 * With CASES_ONLY in place of the oracle, prints the cases instead, a JSON line
 * [origin, text] each in order, then ["illFormed", text] for each ill-formed text.
 */
export const writeFixture = ({ oracle, oracleArgs, caseSet, origins, accepted, description, url }) => {
  const { cases, illFormed } = caseSet;
  if (oracle === CASES_ONLY) {
    for (const [text, origin] of cases) console.log(JSON.stringify([origin, text]));
    for (const text of illFormed) console.log(JSON.stringify(["illFormed", text]));
    return;
  }
  const texts = [...cases.keys()];
  const out = execFileSync(oracle, oracleArgs, {
    input: texts.map((t) => JSON.stringify(t)).join("\n") + "\n",
    maxBuffer: 1 << 28,
  })
    .toString()
    .trim()
    .split("\n");
  if (out.length !== texts.length) throw new Error(`the oracle answered ${out.length} lines for ${texts.length} texts`);

  const grouped = Object.fromEntries(origins.map((o) => [o, []]));
  texts.forEach((text, i) => {
    const o = JSON.parse(out[i]);
    const c = { text: encodeText(text) };
    if (!o.ok) c.refused = o.error;
    else Object.assign(c, accepted(o, text));
    grouped[cases.get(text)].push(c);
  });

  const fixture = { description, cases: grouped, illFormed: [...illFormed].map(encodeText) };
  const json = JSON.stringify(fixture).replace(/\{"text"/g, '\n{"text"') + "\n";
  writeFileSync(url, json);
  console.log(
    `${texts.length} cases: ` +
      origins
        .map((f) => `${f} ${grouped[f].length} (${grouped[f].filter((c) => !c.refused).length} accepted)`)
        .join(", ") +
      `; ${illFormed.size} ill-formed; ${(Buffer.byteLength(json) / 1024).toFixed(0)} KiB`,
  );
};
