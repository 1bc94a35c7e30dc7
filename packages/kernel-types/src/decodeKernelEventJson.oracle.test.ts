import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  decodeKernelEventJson,
  isDecodeError,
  KERNEL_EVENT_VARIANTS,
  kernelEventToTraceEvent,
  type KernelEvent,
} from "./index.js";

/*
 * Differential test against the real serde 1.0.152 / serde_json 1.0.87:
 * fixtures/serde-event-oracle.json holds their verdicts on ~7,600 texts:
 * every distinct event_json of the conformance store (so these tests need no
 * ../shared), hand-written cases for every rule, generated events and random
 * mutations. tools/serde-event-oracle/ regenerates it.
 */
type Text = string | (string | [string, number])[];
interface OracleCase {
  text: Text;
  /** serde_json's message, when it refuses the text. */
  refused?: string;
  /** [kind, step_id, action_id], as to_trace_event maps an accepted event. */
  trace?: [string, string | null, string | null];
  /** ActionFailed's error. */
  error?: string;
  /** serde_json's re-serialisation of payload/output/value, when short. */
  value?: string;
}
const oracle = JSON.parse(readFileSync(new URL("../fixtures/serde-event-oracle.json", import.meta.url), "utf8")) as {
  cases: Record<"store" | "edge" | "random" | "mutation", OracleCase[]>;
  illFormed: Text[];
};

/** The fixture's run-length encoding: a string, or parts to join ([unit, count] repeats unit). */
const expandText = (t: Text): string =>
  typeof t === "string" ? t : t.map((p) => (typeof p === "string" ? p : p[0].repeat(p[1]))).join("");

const rawValueOf = (e: KernelEvent): string | undefined => {
  if (typeof e === "string") return undefined;
  if ("StateUpdated" in e) return e.StateUpdated.payload;
  if ("ActionRequested" in e) return e.ActionRequested.payload;
  if ("ActionSucceeded" in e) return e.ActionSucceeded.output;
  if ("Interrupted" in e) return e.Interrupted.value;
  if ("Resumed" in e) return e.Resumed.value;
  return undefined;
};

/** Equal JSON values, numbers within the rounding of serde_json's (not correctly rounded) float reading. */
const sameJson = (a: unknown, b: unknown): boolean => {
  if (typeof a === "number" && typeof b === "number")
    return a === b || Math.abs(a - b) <= 1e-15 * Math.max(Math.abs(a), Math.abs(b));
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, k) => sameJson(x, b[k]));
  if (
    a !== null &&
    b !== null &&
    typeof a === "object" &&
    typeof b === "object" &&
    !Array.isArray(a) &&
    !Array.isArray(b)
  ) {
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    return (
      sameJson(ka, kb) &&
      ka.every((k) => sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
    );
  }
  return a === b;
};

const POINTER = new RegExp(`^(/(${KERNEL_EVENT_VARIANTS.join("|")})(/([^~/]|~[01])*)*)?$`, "u");

/** What went wrong with one case, or null when we agree with serde. */
function disagreement(c: OracleCase): string | null {
  const text = expandText(c.text);
  const r = decodeKernelEventJson(text);
  if (c.refused === undefined) {
    if (!r.ok) return `serde accepts, we refuse: ${r.error.message}`;
    const t = kernelEventToTraceEvent(r.value, "run", 1);
    if (t.kind !== c.trace![0] || t.step_id !== c.trace![1] || t.action_id !== c.trace![2]) {
      return `trace ${JSON.stringify([t.kind, t.step_id, t.action_id])} ≠ serde's ${JSON.stringify(c.trace)}`;
    }
    if (
      c.error !== undefined &&
      (typeof r.value === "string" || !("ActionFailed" in r.value) || r.value.ActionFailed.error !== c.error)
    ) {
      return `error field ≠ serde's ${JSON.stringify(c.error)}`;
    }
    const raw = rawValueOf(r.value);
    if (raw !== undefined) {
      if (!text.includes(raw) || raw !== raw.trim())
        return `the raw value ${JSON.stringify(raw)} is not a trimmed slice of the text`;
      // serde_json accepts a number past u64::MAX with no digit after the point; JSON.parse does not
      const parsed = /\d{20}\.(?!\d)/.test(raw) ? JSON.parse(raw.replace(/(\d{20,})\.(?!\d)/g, "$1")) : JSON.parse(raw);
      if (c.value !== undefined && !sameJson(parsed, JSON.parse(c.value)))
        return `raw value ${raw} ≠ serde's ${c.value}`;
    }
    return null;
  }
  if (r.ok) return `serde refuses (${c.refused}), we accept ${JSON.stringify(r.value).slice(0, 200)}`;
  if (!isDecodeError(r.error)) return "the error is not a DecodeError";
  if (!POINTER.test(r.error.path)) return `path ${JSON.stringify(r.error.path)} is not a pointer into an event`;
  // serde's position, when it gives one, is ours too (line, and column in UTF-8 bytes).
  const serdeAt = / at (line \d+ column \d+)$/.exec(c.refused)?.[1];
  const ourAt = / at (line \d+ column \d+)\)$/.exec(r.error.message)?.[1];
  if (ourAt === undefined) return `no position in ${r.error.message}`;
  if (serdeAt !== undefined && serdeAt !== ourAt)
    return `position ${ourAt} ≠ serde's ${serdeAt} (${c.refused}; ours: ${r.error.message})`;
  // The path names the right place for the errors that say where.
  const field = /^(duplicate|missing) field `(\w+)`/.exec(c.refused);
  if (field?.[1] === "duplicate" && !r.error.path.endsWith(`/${field[2]}`))
    return `path ${r.error.path} for ${c.refused}`;
  if (field?.[1] === "missing" && r.error.path.split("/").length !== 2) return `path ${r.error.path} for ${c.refused}`;
  if (/^unknown variant/.test(c.refused) && r.error.path !== "") return `path ${r.error.path} for ${c.refused}`;
  if (/^recursion limit exceeded/.test(c.refused) && r.error.path.split("/").length < 3)
    return `path ${r.error.path} for ${c.refused}`;
  return null;
}

describe("decodeKernelEventJson agrees with serde_json 1.0.87 (fixtures/serde-event-oracle.json)", () => {
  it("has cases of every origin, accepted and refused", () => {
    const all = Object.values(oracle.cases).flat();
    expect(all.length).toBeGreaterThan(7000);
    for (const cases of Object.values(oracle.cases)) {
      expect(cases.some((c) => c.refused === undefined)).toBe(true);
      expect(cases.some((c) => c.refused !== undefined)).toBe(true);
    }
    const messages = all.flatMap((c) => (c.refused === undefined ? [] : [c.refused]));
    for (const m of [
      "unknown variant",
      "invalid type: unit variant, expected struct variant",
      "invalid type: map, expected unit",
      "invalid type: integer",
      "missing field",
      "duplicate field",
      "invalid length",
      "trailing characters",
      "trailing comma",
      "recursion limit exceeded",
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
    it(`gives serde's verdict, trace fields and error position on every ${origin} case (${cases.length})`, () => {
      const wrong: string[] = [];
      for (const c of cases) {
        const d = disagreement(c);
        if (d !== null) wrong.push(`${JSON.stringify(expandText(c.text)).slice(0, 300)}: ${d}`);
      }
      expect(wrong.slice(0, 20)).toEqual([]);
    });
  }

  it("refuses every text that holds a lone surrogate, which no Rust string can", () => {
    expect(oracle.illFormed.length).toBeGreaterThan(0);
    for (const t of oracle.illFormed) expect(decodeKernelEventJson(expandText(t)).ok).toBe(false);
  });
});
