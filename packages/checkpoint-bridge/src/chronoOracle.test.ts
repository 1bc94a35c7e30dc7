import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  decodeExecutionCheckpointView,
  encodeExecutionCheckpointView,
  formatRfc3339,
  parseRfc3339,
  signedDurationSince,
  timestampMillis,
} from "./index.js";

/*
 * Differential test against the real chrono 0.4.23: fixtures/chrono-oracle.json
 * holds its verdicts on ~5,000 texts chosen to reach every branch of its
 * reader (systematic variations, whitespace and characters in every gap,
 * the edges of its range, random date-times and random mutations), plus
 * signed_duration_since pairs and whole documents through serde_json.
 * tools/chrono-oracle/ regenerates it.
 */
interface ParseCase {
  text: string;
  ok: boolean;
  canonical?: string;
  timestamp_millis?: number;
  error?: string;
}
interface DiffCase {
  earlier: string;
  later: string;
  ms: string;
  ns: string | null;
}
interface ViewCase {
  json: string;
  ok: boolean;
  canonical?: string;
  error?: string;
}
const oracle = JSON.parse(readFileSync(new URL("../fixtures/chrono-oracle.json", import.meta.url), "utf8")) as {
  parse: ParseCase[];
  diff: DiffCase[];
  view: ViewCase[];
};

const instant = (text: string) => {
  const r = parseRfc3339(text);
  if (!r.ok) throw new Error(`${JSON.stringify(text)}: ${r.error.message}`);
  return r.value;
};

describe("parseRfc3339 agrees with chrono 0.4.23", () => {
  it("covers accepted and rejected texts of every kind", () => {
    const kinds = new Set(oracle.parse.map((c) => (c.ok ? "ok" : c.error)));
    expect(kinds).toEqual(
      new Set([
        "ok",
        "input contains invalid characters",
        "input is out of range",
        "trailing input",
        "premature end of input",
        "input is not enough for unique date and time",
        "PANIC",
      ]),
    );
    expect(oracle.parse.length).toBeGreaterThan(5000);
  });

  it("gives chrono's verdict, canonical form, timestamp_millis and error on every text", () => {
    const mismatches: string[] = [];
    for (const c of oracle.parse) {
      const r = parseRfc3339(c.text);
      if (c.ok) {
        if (!r.ok) mismatches.push(`${JSON.stringify(c.text)}: chrono accepts, got ${r.error.message}`);
        else if (formatRfc3339(r.value) !== c.canonical || timestampMillis(r.value) !== c.timestamp_millis) {
          mismatches.push(
            `${JSON.stringify(c.text)}: ${formatRfc3339(r.value)} ${timestampMillis(r.value)} ≠ ${c.canonical} ${c.timestamp_millis}`,
          );
        }
      } else if (r.ok) {
        mismatches.push(`${JSON.stringify(c.text)}: chrono refuses (${c.error}), got ${formatRfc3339(r.value)}`);
      } else {
        // chrono panics on a leap second that an offset pushes before its first day; that is refused as out of range here.
        const kind = c.error === "PANIC" ? "input is out of range" : c.error;
        if (!r.error.expected.endsWith(`(chrono: ${kind})`)) {
          mismatches.push(`${JSON.stringify(c.text)}: chrono says ${c.error}, got ${r.error.expected}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });
});

describe("signedDurationSince agrees with chrono's signed_duration_since", () => {
  it("on every pair, in nanoseconds and in truncated milliseconds", () => {
    const mismatches: string[] = [];
    for (const c of oracle.diff) {
      const ns = signedDurationSince(instant(c.later), instant(c.earlier));
      if (ns / 1_000_000n !== BigInt(c.ms) || (c.ns !== null && ns !== BigInt(c.ns))) {
        mismatches.push(`${c.later} − ${c.earlier}: ${ns} ns ≠ ${c.ns} ns / ${c.ms} ms`);
      }
    }
    expect(mismatches).toEqual([]);
    expect(oracle.diff.length).toBeGreaterThan(2000);
  });
});

describe("decodeExecutionCheckpointView agrees with serde_json on whole documents", () => {
  it.each(oracle.view.map((c) => [c.json, c] as const))("%s", (json, c) => {
    const value: unknown = JSON.parse(json);
    const r = decodeExecutionCheckpointView(value);
    expect(r.ok).toBe(c.ok);
    if (r.ok) expect(encodeExecutionCheckpointView(r.value)).toBe(c.canonical);
  });
});
