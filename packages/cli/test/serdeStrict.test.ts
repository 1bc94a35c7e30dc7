import { describe, expect, it } from "vitest";
import { runBin } from "./helpers.js";

// What serde_json refuses and JSON.parse hides — a repeated field, a float
// literal for an integer field — is refused from the record's text on the
// general path, as a bad record like any other.

const good = (seq: number) => `{"run_id":"r1","seq":${seq},"step_id":"s","action_id":null,"kind":"StateUpdated"}`;
const STOPPED =
  "oris-observe: stopped at the first bad record, with no result (--skip-invalid leaves bad records out, --check lists them all)";
const DUPLICATE =
  "expected the key only once (serde_json refuses a duplicate key, `duplicate field`, where JSON.parse keeps the last value)";
const FLOAT =
  "expected an integer literal (serde_json reads 1.0, 1e2 and -0 as floating point numbers and refuses a float literal for an integer field)";

const refused: readonly (readonly [string, string, string])[] = [
  ['{"run_id":"r1","seq":2,"seq":3,"kind":"K"}', "/seq", `${DUPLICATE} (got "seq" again)`],
  ['{"run_id":"r1","seq":2,"kind":"K","s\\u0065q":3}', "/seq", `${DUPLICATE} (got "s\\u0065q" (that is, "seq") again)`],
  ['{"run_id":"r1","seq":2.0,"kind":"K"}', "/seq", `${FLOAT} (got the float literal 2.0)`],
  ['{"run_id":"r1","seq":1e2,"kind":"K"}', "/seq", `${FLOAT} (got the float literal 1e2)`],
  ['{"run_id":"r1","seq":2,"kind":"K","timestamp_ms":-5.0}', "/timestamp_ms", `${FLOAT} (got the float literal -5.0)`],
  ['["r1",2.0,null,null,"K",null]', "/1", `${FLOAT} (got the float literal 2.0)`],
  ['["r1",2,null,null,"K",5e0]', "/5", `${FLOAT} (got the float literal 5e0)`],
];

describe("refused as serde refuses them: exit 65, FILE:LINE: /pointer: message", () => {
  it.each(refused)("%s", async (bad, pointer, message) => {
    const r = await runBin([], { stdin: `${good(1)}\n${bad}\n${good(3)}\n` });
    expect(r.status).toBe(65);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(`<stdin>:2: ${pointer}: ${message}\n${STOPPED}\n`);
  });

  it("in a JSON array, under the element's index", async () => {
    const r = await runBin([], { stdin: `[\n${good(1)},\n{"run_id":"r1",\n "seq":1e2,"kind":"K"}\n]\n` });
    expect(r.status).toBe(65);
    expect(r.stderr).toBe(`<stdin>:3: /1/seq: ${FLOAT} (got the float literal 1e2)\n${STOPPED}\n`);
  });

  it("--skip-invalid leaves them out and counts them; --check lists them", async () => {
    const stdin = [good(1), ...refused.map(([bad]) => bad), good(2)].join("\n");
    const skipped = await runBin(["--skip-invalid"], { stdin });
    const clean = await runBin([], { stdin: `${good(1)}\n${good(2)}\n` });
    expect(clean.status).toBe(0);
    expect(skipped.status).toBe(0);
    expect(skipped.stdout).toBe(clean.stdout);
    expect(skipped.stderr.trimEnd().split("\n").at(-1)).toBe(
      `oris-observe: skipped ${refused.length} bad records of ${refused.length + 2}`,
    );
    const checked = await runBin(["--check"], { stdin });
    expect(checked.status).toBe(65);
    expect(checked.stderr.trimEnd().split("\n").at(-1)).toBe(
      `oris-observe: ${refused.length} of ${refused.length + 2} records are bad`,
    );
  });
});

describe("read as serde reads them", () => {
  it.each([
    [
      "a key repeated inside an unknown key's value (serde's IgnoredAny checks nothing there)",
      '{"run_id":"r1","seq":2,"kind":"K","extra":{"a":1,"a":2,"seq":1.5}}',
    ],
    ["an unknown key repeated (serde's derive ignores it)", '{"run_id":"r1","seq":2,"kind":"K","extra":1,"extra":2}'],
    ["keys and floats inside strings", '{"run_id":"r1\\",\\"seq\\":1.0","seq":2,"kind":"K"}'],
    ["integers in another layout", ' { "kind" : "K" , "seq" : 2 , "run_id" : "r1" , "timestamp_ms" : -5 } '],
  ])("%s", async (_what, text) => {
    const r = await runBin([], { stdin: `${good(1)}\n${text}\n` });
    // A run_id other than good(1)'s makes the trace two runs: the warning about that, and nothing else.
    expect(r.stderr.replace(/^oris-observe: warning: the trace holds 2 runs \(.*\n/, "")).toBe("");
    expect(r.status).toBe(0);
  });
});

describe("--checkpoints", () => {
  it("a repeated field of a view is refused", async () => {
    const r = await runBin(["--checkpoints", "-", "--run-id", "r"], {
      stdin: '[{"checkpoint_id":"cp-1","created_at":"2023-11-14T22:13:20Z","checkpoint_id":"cp-2"}]',
    });
    expect(r.status).toBe(65);
    expect(r.stderr.split("\n")[0]).toBe(`<stdin>:1: /0/checkpoint_id: ${DUPLICATE} (got "checkpoint_id" again)`);
  });
});
