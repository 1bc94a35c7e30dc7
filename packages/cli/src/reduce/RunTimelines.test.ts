import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compareUtf8 } from "@oris/store";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { RunTimelines, TimelineSlot } from "./RunTimelines.js";

let dir: string;
let saved: string | undefined;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "run-timelines-test-"));
  saved = process.env["TMPDIR"];
  process.env["TMPDIR"] = dir;
});
afterEach(() => {
  if (saved === undefined) delete process.env["TMPDIR"];
  else process.env["TMPDIR"] = saved;
  rmSync(dir, { recursive: true, force: true });
});

/** Appends `entries` (run index, entry) to fresh slots; returns each run's timeline as read back. */
function roundTrip(
  timelines: RunTimelines,
  ids: readonly string[],
  entries: readonly (readonly [number, string])[],
): Map<string, string> {
  const slots = ids.map((id) => new TimelineSlot(id));
  for (const [i, entry] of entries)
    timelines.append(slots[i] as TimelineSlot, entry, /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/.test(entry));
  timelines.finish();
  const out = new Map<string, string>();
  for (const slot of [...slots].sort((a, b) => compareUtf8(a.id, b.id))) {
    const chunks: Buffer[] = [];
    for (const chunk of timelines.take(slot)) chunks.push(Buffer.from(chunk)); // a chunk is valid until the next
    out.set(slot.id, Buffer.concat(chunks).toString("utf8"));
  }
  return out;
}

describe("RunTimelines", () => {
  const ids = ["b", "a", "\u{1F600}", "\uFF01", "", 'run "q"', "é"];
  const entries: [number, string][] = [];
  let x = 1;
  for (let n = 0; n < 5000; n++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    const i = x % ids.length;
    entries.push([
      i,
      n % 11 === 0
        ? `Résumé\u{1F600}#${n}("\\\n)`
        : n % 97 === 0
          ? `long-${"x".repeat(70_000)}#${n}`
          : `StateUpdated#${n}(s)`,
    ]);
  }
  const want = new Map(
    ids.map((id, i) => [
      id,
      entries
        .filter(([j]) => j === i)
        .map(([, e]) => `${JSON.stringify(e)}\n`)
        .join(""),
    ]),
  );

  it("keeps every run's entries in order, in memory", () => {
    const t = new RunTimelines(Number.MAX_SAFE_INTEGER);
    expect(roundTrip(t, ids, entries)).toEqual(want);
    expect(t.spills).toBe(0);
    t.dispose();
  });

  for (const budget of [0, 3000, 100_000]) {
    it(`spills past a budget of ${budget} bytes (merging spools past 16) with the same result, and removes its files`, () => {
      const t = new RunTimelines(budget);
      const got = roundTrip(t, ids, entries);
      expect(t.spills).toBeGreaterThan(budget === 0 ? 1000 : budget === 3000 ? 16 : 2);
      // The spools are unlinked as soon as they are open: only the private directory shows.
      const made = readdirSync(dir);
      expect(made).toHaveLength(1);
      expect(made[0]).toMatch(/^oris-observe-/);
      expect(readdirSync(join(dir, made[0] as string))).toEqual([]);
      expect(got).toEqual(want);
      t.dispose();
      expect(readdirSync(dir)).toEqual([]);
      t.dispose();
    });
  }

  it("writes each entry as serde_json does, and refuses a lone surrogate (EncodeError at /reasoning_timeline)", () => {
    const t = new RunTimelines(1 << 30);
    const slot = new TimelineSlot("r");
    const odd = ["\u0000\u001f\u007f\u2028", 'q"\\', "\u{1F600}é", `${"x".repeat(5000)}\n`];
    for (const e of odd) t.append(slot, e, false);
    expect(() => t.append(slot, "K\ud800#1", false)).toThrow(
      expect.objectContaining({ name: "EncodeError", path: "/reasoning_timeline" }),
    );
    t.finish();
    const chunks: Buffer[] = [];
    for (const chunk of t.take(slot)) chunks.push(Buffer.from(chunk));
    expect(Buffer.concat(chunks).toString("utf8")).toBe(odd.map((e) => `${JSON.stringify(e)}\n`).join(""));
    t.dispose();
  });

  it("creates nothing on disk when it never spills", () => {
    const t = new RunTimelines(1 << 30);
    roundTrip(t, ids, entries.slice(0, 100));
    expect(readdirSync(dir)).toEqual([]);
    t.dispose();
  });
});
