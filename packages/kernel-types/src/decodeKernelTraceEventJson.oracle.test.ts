import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { decodeKernelTraceEvent, decodeKernelTraceEventJson, encodeKernelTraceEvent, isDecodeError } from "./index.js";

/*
 * Differential test against the real serde 1.0.152 / serde_json 1.0.87:
 * fixtures/serde-trace-event-oracle.json holds their verdicts on ~3,300
 * KernelTraceEvent texts: the conformance wire.json cases, a sample of the
 * conformance traces' lines, hand-written cases for every rule, generated
 * events and random mutations. tools/serde-event-oracle/make-trace-fixture.mjs
 * regenerates it.
 */
type Text = string | (string | [string, number])[];
interface OracleCase {
  text: Text;
  /** serde_json's message, when it refuses the text. */
  refused?: string;
  /** serde_json::to_string of the event it read; 1 when that is the text itself. */
  canonical?: string | 1;
}
const oracle = JSON.parse(
  readFileSync(new URL("../fixtures/serde-trace-event-oracle.json", import.meta.url), "utf8"),
) as {
  cases: Record<"wire" | "trace" | "edge" | "random" | "mutation", OracleCase[]>;
  illFormed: Text[];
};

const expandText = (t: Text): string =>
  typeof t === "string" ? t : t.map((p) => (typeof p === "string" ? p : p[0].repeat(p[1]))).join("");

const POLICY = "cannot be held exactly in a JavaScript number";
const INTEGER_PATH = /^\/(seq|timestamp_ms|1|5)$/;

/** Whether serde's canonical text holds an integer JavaScript cannot hold exactly. */
function beyondSafe(canonical: string): boolean {
  const m = /^\{"run_id":"(?:[^"\\]|\\.)*","seq":(\d+),.*?(?:,"timestamp_ms":(-?\d+))?\}$/su.exec(canonical);
  if (m === null) throw new Error(`unexpected canonical form ${canonical}`);
  const big = (d: string | undefined): boolean =>
    d !== undefined && (BigInt(d) > BigInt(Number.MAX_SAFE_INTEGER) || BigInt(d) < -BigInt(Number.MAX_SAFE_INTEGER));
  return big(m[1]) || big(m[2]);
}

let policyRefusals = 0;

/** What went wrong with one case, or null when we agree with serde (within the integer policy). */
function disagreement(c: OracleCase): string | null {
  const text = expandText(c.text);
  const r = decodeKernelTraceEventJson(text);
  if (c.refused === undefined) {
    const canonical = c.canonical === 1 ? text : c.canonical!;
    if (beyondSafe(canonical)) {
      if (r.ok) return `serde reads an integer past 2^53−1 (${canonical}), we accept it`;
      if (!r.error.message.includes(POLICY) || !INTEGER_PATH.test(r.error.path))
        return `not the policy refusal: ${r.error.message}`;
      if (!/ at line \d+ column \d+\)$/.test(r.error.message)) return `no position in ${r.error.message}`;
      policyRefusals++;
      return null;
    }
    if (!r.ok) return `serde accepts, we refuse: ${r.error.message}`;
    const ours = encodeKernelTraceEvent(r.value);
    if (ours !== canonical) return `we read ${ours}, serde ${canonical}`;
    // the value decodeKernelTraceEvent makes of serde's own text, key order included
    const parsed = decodeKernelTraceEvent(JSON.parse(canonical));
    if (!parsed.ok) return `decodeKernelTraceEvent refuses serde's canonical text: ${parsed.error.message}`;
    if (JSON.stringify(Object.entries(parsed.value)) !== JSON.stringify(Object.entries(r.value)))
      return `shape ${JSON.stringify(r.value)}`;
    return null;
  }
  if (r.ok) return `serde refuses (${c.refused}), we accept ${JSON.stringify(r.value)}`;
  if (!isDecodeError(r.error)) return "the error is not a DecodeError";
  if (r.error.message.includes(POLICY))
    return `serde refuses (${c.refused}), we give the policy refusal ${r.error.message}`;
  if (!/^(\/([^~/]|~[01])*)*$/u.test(r.error.path)) return `path ${JSON.stringify(r.error.path)} is not a pointer`;
  const serdeAt = / at (line \d+ column \d+)$/.exec(c.refused)?.[1];
  const ourAt = / at (line \d+ column \d+)\)$/.exec(r.error.message)?.[1];
  if (ourAt === undefined) return `no position in ${r.error.message}`;
  if (serdeAt !== undefined && serdeAt !== ourAt)
    return `position ${ourAt} ≠ serde's ${serdeAt} (${c.refused}; ours: ${r.error.message})`;
  // The path names the right place for the errors that say where.
  const field = /^(duplicate|missing) field `(\w+)`/.exec(c.refused);
  if (field !== null && r.error.path !== `/${field[2]}`) return `path ${r.error.path} for ${c.refused}`;
  if (/^invalid type: floating point .*expected [ui]64/.test(c.refused) && !INTEGER_PATH.test(r.error.path))
    return `path ${r.error.path} for ${c.refused}`;
  if (/^invalid (length|type: .*expected struct KernelTraceEvent)/.test(c.refused) && r.error.path !== "")
    return `path ${r.error.path} for ${c.refused}`;
  if (/^trailing characters/.test(c.refused) && r.error.path !== "") return `path ${r.error.path} for ${c.refused}`;
  return null;
}

describe("decodeKernelTraceEventJson agrees with serde_json 1.0.87 (fixtures/serde-trace-event-oracle.json)", () => {
  it("has cases of every origin and every rule", () => {
    const all = Object.values(oracle.cases).flat();
    expect(all.length).toBeGreaterThan(3000);
    expect(oracle.cases.trace.every((c) => c.refused === undefined)).toBe(true);
    for (const [origin, cases] of Object.entries(oracle.cases)) {
      if (origin !== "trace")
        expect(
          cases.some((c) => c.refused !== undefined),
          origin,
        ).toBe(true);
      expect(
        cases.some((c) => c.refused === undefined),
        origin,
      ).toBe(true);
    }
    const messages = all.flatMap((c) => (c.refused === undefined ? [] : [c.refused]));
    for (const m of [
      "invalid type: floating point",
      "invalid value: integer",
      "invalid type: null, expected u64",
      "invalid type: string",
      "invalid type: null, expected struct KernelTraceEvent",
      "invalid type: map, expected u64",
      "invalid type: sequence, expected a string",
      "invalid value: integer `-1`, expected u64",
      "invalid value: integer `9223372036854775808`, expected i64",
      "missing field `run_id`",
      "missing field `seq`",
      "missing field `kind`",
      "duplicate field `seq`",
      "duplicate field `timestamp_ms`",
      "invalid length 5, expected struct KernelTraceEvent with 6 elements",
      "trailing characters",
      "trailing comma",
      "number out of range",
      "invalid number",
      "lone leading surrogate in hex escape",
      "unexpected end of hex escape",
      "control character (\\u0000-\\u001F) found while parsing a string",
      "invalid escape",
      "EOF while parsing a string",
      "EOF while parsing a value",
      "EOF while parsing an object",
      "EOF while parsing a list",
      "expected value",
      "expected ident",
      "expected `:`",
      "expected `,` or `]`",
      "expected `,` or `}`",
      "key must be a string",
    ]) {
      expect(
        messages.some((message) => message.startsWith(m)),
        m,
      ).toBe(true);
    }
  });

  for (const [origin, cases] of Object.entries(oracle.cases)) {
    it(`gives serde's verdict, value and error position on every ${origin} case (${cases.length})`, () => {
      const wrong: string[] = [];
      for (const c of cases) {
        const d = disagreement(c);
        if (d !== null) wrong.push(`${JSON.stringify(expandText(c.text)).slice(0, 300)}: ${d}`);
      }
      expect(wrong.slice(0, 20)).toEqual([]);
    });
  }

  it("refuses, with the policy message, exactly the texts serde reads with an integer past 2^53−1", () => {
    // counted by the tests above (vitest runs a file's tests in order)
    expect(policyRefusals).toBe(POLICY_CASES);
  });

  it("refuses every text that holds a lone surrogate, which no Rust string can", () => {
    expect(oracle.illFormed.length).toBeGreaterThan(0);
    for (const t of oracle.illFormed) expect(decodeKernelTraceEventJson(expandText(t)).ok).toBe(false);
  });
});

/** The accepted oracle cases whose seq or timestamp_ms is past ±(2^53−1): serde reads them, the policy refuses them. */
const POLICY_CASES = 103;
