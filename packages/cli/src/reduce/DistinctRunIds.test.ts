import { describe, expect, it } from "vitest";
import { DistinctRunIds } from "./DistinctRunIds.js";

const TAIL = "; the result mixes them — use --by-run for one record per run";

describe("DistinctRunIds", () => {
  it("says nothing for no run or one run (the empty id is an id)", () => {
    const none = new DistinctRunIds();
    expect(none.warning()).toBeNull();
    const one = new DistinctRunIds();
    for (let i = 0; i < 5; i++) one.add("");
    expect(one.warning()).toBeNull();
  });

  it("names the first two ids, counts exactly up to 1,000, then says more than 1,000", () => {
    const ids = new DistinctRunIds();
    for (const id of ["", "a", "", "a", "b"]) ids.add(id);
    expect(ids.warning()).toBe(`the trace holds 3 runs ("", "a", …)${TAIL}`);
    for (let i = 0; i < 997; i++) ids.add(`r${i}`);
    expect(ids.warning()).toBe(`the trace holds 1,000 runs ("", "a", …)${TAIL}`);
    ids.add("r0");
    expect(ids.warning()).toBe(`the trace holds 1,000 runs ("", "a", …)${TAIL}`);
    ids.add("one more");
    expect(ids.warning()).toBe(`the trace holds more than 1,000 runs ("", "a", …)${TAIL}`);
  });

  it("escapes ids for the terminal", () => {
    const ids = new DistinctRunIds();
    ids.add("\u001b[2J");
    ids.add('"\u{1F600}\u2028');
    expect(ids.warning()).toBe(`the trace holds 2 runs ("\\u001b[2J", "\\"\u{1F600}\u2028")${TAIL}`);
  });
});
