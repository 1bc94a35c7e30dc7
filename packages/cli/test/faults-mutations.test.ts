import { readFileSync } from "node:fs";
import { join } from "node:path";
import { decodeKernelTraceEvent, type KernelTraceEvent } from "@oris/kernel-types";
import { encodeKernelObservability, fromKernelTrace } from "@oris/observability";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT, runBin, tempDir } from "./helpers.js";

/*
 * Part of the fault suite: a seeded random sample of serde_json's own
 * verdicts on mutated, generated and hand-written KernelTraceEvent texts
 * (the oracle of packages/kernel-types, made by serde 1.0.152 / serde_json
 * 1.0.87), written as one NDJSON trace and read by the built CLI. Every line
 * serde_json refuses must be reported bad at its line; every line it
 * accepts must be read — save the integers past 2^53−1 that the README's
 * integer policy refuses — and the result of the good lines (with
 * --skip-invalid) must be byte-equal to the library's result for serde's
 * reading of them.
 */

type Text = string | (string | [string, number])[];
interface OracleCase {
  text: Text;
  refused?: string;
  canonical?: string | 1;
}
const oracle = JSON.parse(
  readFileSync(join(ROOT, "packages/kernel-types/fixtures/serde-trace-event-oracle.json"), "utf8"),
) as {
  cases: Record<string, OracleCase[]>;
};
const expand = (t: Text): string =>
  typeof t === "string" ? t : t.map((p) => (typeof p === "string" ? p : p[0].repeat(p[1]))).join("");

/** Unicode White_Space, what Rust's `str::trim` removes: such a line is blank and skipped, not parsed. */
const BLANK = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$/;

/** A deterministic sample of `n` of `items` (xorshift32, fixed seed). */
function sample<T>(items: readonly T[], n: number, seed: number): T[] {
  const pool = [...items];
  let x = seed;
  const out: T[] = [];
  while (out.length < n && pool.length > 0) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out.push(pool.splice((x >>> 0) % pool.length, 1)[0] as T);
  }
  return out;
}

const MAX = BigInt(Number.MAX_SAFE_INTEGER);
/** serde's canonical text holds an integer a JavaScript number cannot hold exactly. */
function beyondSafe(canonical: string): boolean {
  const m = /"seq":(\d+),.*?(?:,"timestamp_ms":(-?\d+))?\}$/su.exec(canonical);
  if (m === null) throw new Error(`unexpected canonical form ${canonical}`);
  const big = (d: string | undefined): boolean => d !== undefined && (BigInt(d) > MAX || BigInt(d) < -MAX);
  return big(m[1]) || big(m[2]);
}

const tmp = tempDir();
afterAll(() => tmp.dispose());

describe("fault suite: mutated traces, checked against serde_json's verdicts", () => {
  // Single-line texts only (NDJSON), and not blank (a blank line is skipped, as the runtime skips it).
  const pool = ["mutation", "random", "edge"]
    .flatMap((k) => oracle.cases[k] ?? [])
    .filter((c) => {
      const text = expand(c.text);
      return !text.includes("\n") && !BLANK.test(text);
    });
  const cases = sample(pool, 600, 0x9e3779b9);

  it("has a sample with both verdicts in it", () => {
    expect(cases.length).toBe(600);
    expect(cases.filter((c) => c.refused !== undefined).length).toBeGreaterThan(100);
    expect(cases.filter((c) => c.canonical !== undefined).length).toBeGreaterThan(100);
  });

  it("reports exactly the lines serde_json refuses (and the policy's), and derives the rest as the library does", async () => {
    const file = tmp.write("mutated.ndjson", cases.map((c) => `${expand(c.text)}\n`).join(""));
    const check = await runBin([file, "--check"]);
    expect(check.status).toBe(65);
    const reported = new Set(
      check.stderr
        .split("\n")
        .filter((l) => l.startsWith(`${file}:`))
        .map((l) => Number(l.slice(file.length + 1).split(":")[0])),
    );
    const good: KernelTraceEvent[] = [];
    cases.forEach((c, i) => {
      const lineNo = i + 1;
      const canonical = c.canonical === 1 ? expand(c.text) : c.canonical;
      const expectedBad = canonical === undefined || beyondSafe(canonical);
      expect(
        reported.has(lineNo),
        `line ${lineNo}: ${JSON.stringify(expand(c.text)).slice(0, 200)} (serde: ${c.refused ?? "accepted"})`,
      ).toBe(expectedBad);
      if (!expectedBad) {
        const r = decodeKernelTraceEvent(JSON.parse(canonical));
        if (!r.ok) throw r.error;
        good.push(r.value);
      }
    });
    expect(check.stderr).toMatch(
      new RegExp(`\\noris-observe: ${reported.size} of ${cases.length} records are bad\\n$`),
    );

    for (const profile of ["0.2", "0.3"] as const) {
      const run = await runBin([file, "--skip-invalid", "--profile", profile]);
      expect(run.status).toBe(0);
      expect(run.stdout).toBe(`${encodeKernelObservability(fromKernelTrace(good, { profile }))}\n`);
    }
  });
});
