import { createHash, randomBytes } from "node:crypto";
import { gzipSync } from "node:zlib";
import { decodeKernelTraceEvent } from "@oris/kernel-types";
import { encodeKernelObservability, fromKernelTrace } from "@oris/observability";
import { afterAll, describe, expect, it } from "vitest";
import { readInput } from "../src/openInput.js";
import { runBin, runInProcess, tempDir } from "./helpers.js";

// Faults found by adversarial testing of the reading path (issue 8), each
// with the input that showed it.

const tmp = tempDir();
afterAll(() => tmp.dispose());

const STOPPED =
  "oris-observe: stopped at the first bad record, with no result (--skip-invalid leaves bad records out, --check lists them all)";
const line = (seq: number, kind = "StateUpdated") =>
  `{"run_id":"r1","seq":${seq},"step_id":"s","action_id":null,"kind":"${kind}"}`;
/** The Rust bytes for these good lines (the library's reducer and encoder). */
const expectedFor = (lines: readonly string[]) =>
  `${encodeKernelObservability(
    fromKernelTrace(
      lines.map((l) => {
        const r = decodeKernelTraceEvent(JSON.parse(l));
        if (!r.ok) throw r.error;
        return r.value;
      }),
    ),
  )}\n`;

describe("a lone surrogate escape in a field name is refused, as serde's field identifier (parse_str) refuses it", () => {
  const KEY =
    "(root): expected field names of valid Unicode (serde_json refuses a lone surrogate escape in a field name, known or not; only inside an unknown field's value is it ignored)";

  it.each([
    ["a lone high surrogate", '{"run_id":"r","seq":1,"kind":"K","\\ud800":0}', '"\\ud800"'],
    ["a lone low surrogate, before the fields", '{"\\udc00":0,"run_id":"r","seq":1,"kind":"K"}', '"\\udc00"'],
    ["a lone surrogate among other characters", '{"run_id":"r","seq":1,"kind":"K","a\\ud83db":null}', '"a\\ud83db"'],
    [
      "a high surrogate escape followed by a non-surrogate escape",
      '{"run_id":"r","seq":1,"kind":"K","\\ud83d\\u0041":[]}',
      '"\\ud83d\\u0041"',
    ],
  ])("%s", async (_what, record, token) => {
    const r = await runInProcess([], `${line(1)}\n${record}\n`);
    expect(r.status).toBe(65);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(`<stdin>:2: ${KEY} (got the key ${token})\n${STOPPED}\n`);
  });

  it("in a JSON array element, under the element's pointer", async () => {
    const r = await runInProcess([], `[${line(1)},\n{"run_id":"r","seq":2,"kind":"K","\\ud800":0}]`);
    expect(r.status).toBe(65);
    expect(r.stderr).toBe(
      `<stdin>:2: /1: expected field names of valid Unicode (serde_json refuses a lone surrogate escape in a field name, known or not; only inside an unknown field's value is it ignored) (got the key "\\ud800")\n${STOPPED}\n`,
    );
  });

  it("inside an unknown field's value, keys and strings alike, it is ignored (ignore_str checks no surrogates); a pair is fine anywhere", async () => {
    const records = [
      '{"run_id":"r1","seq":1,"kind":"A","x":{"\\ud800":"\\udc00","y":[{"\\udfff":1}]}}',
      '{"run_id":"r1","seq":2,"kind":"B","\\ud83d\\ude00":0}',
      '{"run_id":"r1","seq":3,"kind":"C","\\u0078":"\\ud800"}',
    ];
    const r = await runInProcess([], records.join("\n"));
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(expectedFor(records));
  });

  it("in a checkpoint history too", async () => {
    const file = tmp.write(
      "cp-surrogate.json",
      '[{"checkpoint_id":"c1","created_at":"2024-05-01T10:00:00Z","\\ud800":1}]',
    );
    const r = await runBin(["--checkpoints", file, "--run-id", "r"]);
    expect(r.status).toBe(65);
    expect(r.stderr).toContain(`${file}:1: /0: expected field names of valid Unicode`);
  });
});

describe("leading whitespace: the layout is told in one pass", () => {
  // In 16 KiB chunks, as a pipe delivers them: telling the layout by
  // re-reading everything held at each chunk took minutes here.
  const BLANK = Buffer.alloc(20 * 1024 * 1024, "\n");
  const pieces = (head: Buffer, tail: string): Buffer[] => {
    const all = Buffer.concat([head, Buffer.from(tail)]);
    const out: Buffer[] = [];
    for (let i = 0; i < all.length; i += 16 * 1024) out.push(all.subarray(i, i + 16 * 1024));
    return out;
  };

  it("20 MB of blank lines, then one record: the record is read, and its line number is right", async () => {
    const r = await runInProcess(
      [],
      pieces(BLANK, `${line(1, "Interrupted")}\n{"run_id":"r1","seq":"2","kind":"K"}\n`),
      {},
    );
    expect(r.status).toBe(65);
    expect(r.stderr).toBe(
      `<stdin>:${BLANK.length + 2}: /seq: expected an integer from 0 to 9007199254740991 (got the string "2")\n${STOPPED}\n`,
    );
    const ok = await runInProcess([], pieces(BLANK, `${line(1, "Interrupted")}\n`));
    expect(ok.status).toBe(0);
    expect(ok.stdout).toBe(expectedFor([line(1, "Interrupted")]));
  });

  it("20 MB of blank lines with spaces, tabs and CRs, then a JSON array: lines are counted, the array is read", async () => {
    const head = Buffer.alloc(20 * 1024 * 1024, " \t\r\n");
    const r = await runInProcess([], pieces(head, `  [\n\n ${line(1)},\n{"run_id":"r1","seq":-2,"kind":"K"}]\n`));
    expect(r.status).toBe(65);
    expect(r.stderr).toBe(
      `<stdin>:${head.length / 4 + 4}: /1/seq: expected an integer from 0 to 9007199254740991 (got the number -2)\n${STOPPED}\n`,
    );
  });

  it("a file of 20 MB of blank lines, then a record", async () => {
    const file = tmp.write("blank-then-record.ndjson", Buffer.concat([BLANK, Buffer.from(`${line(1)}\n`)]));
    const r = await runBin([file]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(expectedFor([line(1)]));
  });

  it("the byte order mark and the empty input are still told apart, however the bytes are cut", async () => {
    expect((await runInProcess([], [Buffer.from("\n\n"), Buffer.from("  \n"), Buffer.from(" ")])).stderr).toMatch(
      /empty input: only whitespace/,
    );
    expect((await runInProcess([], [Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(line(1))])).stderr).toMatch(
      /UTF-8 byte order mark/,
    );
    const split = await runInProcess(
      [],
      [Buffer.from("\n \n["), Buffer.from("\n\n  "), Buffer.from('"r1",1,null,null,"K",null]\n')],
    );
    expect(split.stderr).toMatch(/^<stdin>:3:1: not valid JSON/); // NDJSON (a "[" then a '"'): line 3 is "[" alone
  });
});

describe("a deeply nested value is skipped without being built, as serde's ignore_value skips it", () => {
  // The binary runs with a 64 MB heap: building 3 million nested arrays
  // (JSON.parse) needs several times that and ran out of memory.
  const SMALL_HEAP = { PATH: process.env["PATH"] ?? "", NODE_OPTIONS: "--max-old-space-size=64" };
  const DEPTH = 3_000_000;
  const deep = (open: number, close: number) => `${"[".repeat(open)}${"]".repeat(close)}`;

  it("under an unknown key: accepted, and the result is that of the other fields", async () => {
    const record = `{"run_id":"r1","seq":2,"kind":"Resumed","x":${deep(DEPTH, DEPTH)}}`;
    const file = tmp.write("deep.ndjson", `${line(1, "Interrupted")}\n${record}\n${line(3)}\n`);
    const r = await runBin([file], { env: SMALL_HEAP });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(expectedFor([line(1, "Interrupted"), '{"run_id":"r1","seq":2,"kind":"Resumed"}', line(3)]));
  });

  it("objects and arrays mixed, with strings, numbers and literals, in a JSON array element: accepted", async () => {
    const value = `${'{"a":[1,-2.5e3,"s\\u00e9",true,null,'.repeat(200_000)}{}${"]}".repeat(200_000)}`;
    const file = tmp.write(
      "deep-array.json",
      `[${line(1)},\n{"run_id":"r1","seq":2,"kind":"K","deep":${value}},${line(3)}]`,
    );
    const r = await runBin([file], { env: SMALL_HEAP });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(expectedFor([line(1), '{"run_id":"r1","seq":2,"kind":"K"}', line(3)]));
  });

  it("unbalanced: refused, with where and why", async () => {
    const file = tmp.write(
      "deep-bad.ndjson",
      `${line(1)}\n{"run_id":"r1","seq":2,"kind":"K","x":${deep(DEPTH, DEPTH - 1)}}\n`,
    );
    const r = await runBin([file], { env: SMALL_HEAP });
    expect(r.status).toBe(65);
    // The column of the "}" that closes the record while one array is still open, as serde_json counts it.
    const column = '{"run_id":"r1","seq":2,"kind":"K","x":'.length + 2 * DEPTH;
    expect(r.stderr).toBe(
      `${file}:2:${column}: not valid JSON: /x/0: expected "," or "]" (got the character "}")\n${STOPPED}\n`,
    );
  });

  it("never closing, and a bad token deep inside: refused", async () => {
    const cut = tmp.write("deep-cut.ndjson", `{"run_id":"r1","seq":2,"kind":"K","x":${deep(DEPTH, 0)}\n`);
    const r = await runBin([cut], { env: SMALL_HEAP });
    expect(r.status).toBe(65);
    const end = '{"run_id":"r1","seq":2,"kind":"K","x":'.length + DEPTH;
    expect(r.stderr).toBe(
      `${cut}:1:${end}: not valid JSON: /x/0/0/0/… (${DEPTH + 1} levels deep): expected "," or "]" (got the end of the text)\n${STOPPED}\n`,
    );
    const bad = tmp.write(
      "deep-token.ndjson",
      `{"run_id":"r1","seq":2,"kind":"K","x":${"[".repeat(DEPTH)}01${"]".repeat(DEPTH)}}\n`,
    );
    const r2 = await runBin([bad, "--check"], { env: SMALL_HEAP });
    expect(r2.status).toBe(65);
    expect(r2.stderr).toMatch(
      /:1:\d+: not valid JSON: \/x\/0\/0\/0\/… \(\d+ levels deep\): expected a JSON number .* \(got the number 01… \(a leading zero\)\)\n/,
    );
  });

  it("under a known field: refused as the decoder refuses any array there", async () => {
    const file = tmp.write("deep-known.ndjson", `{"run_id":${deep(DEPTH, DEPTH)},"seq":2,"kind":"K"}\n`);
    const r = await runBin([file], { env: SMALL_HEAP });
    expect(r.status).toBe(65);
    expect(r.stderr).toBe(`${file}:1: /run_id: expected a string (got an array of 1 item)\n${STOPPED}\n`);
  });
});

describe("a blank line is one of Unicode White_Space only, as the Rust side's `l.trim().is_empty()`", () => {
  const records = [line(1), line(2, "Interrupted"), line(3, "Resumed")];

  it.each([
    ["\\v", "\v"],
    ["\\f", "\f"],
    ["U+0085", "\u0085"],
    ["U+00A0", "\u00a0"],
    ["U+1680", "\u1680"],
    ["U+2000 and U+200A", "\u2000\u200a"],
    ["U+2028 and U+2029", "\u2028\u2029"],
    ["U+202F, U+205F and U+3000", "\u202f\u205f\u3000"],
    ["all of them with space, tab and CR", " \t\v\f\r\u0085\u00a0\u2028\u3000\r"],
  ])("a line of %s is skipped", async (_what, blank) => {
    const r = await runInProcess(
      [],
      `${blank}\n${records[0]}\n${blank}\n${records[1]}\n${blank}\r\n${records[2]}\n${blank}`,
    );
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(expectedFor(records));
  });

  it.each([
    ["U+FEFF (not White_Space)", "\ufeff"],
    ["U+200B (not White_Space)", "\u200b"],
    ["\\f before a record (serde_json's whitespace is space, tab, LF, CR)", `\f${line(2)}`],
    ["U+00A0 after a record", `${line(2)}\u00a0`],
  ])("a line of %s is a bad record", async (_what, text) => {
    const r = await runInProcess([], `${records[0]}\n${text}\n${records[2]}\n`);
    expect(r.status).toBe(65);
    expect(r.stderr).toMatch(/^<stdin>:2:\d+: not valid JSON: /);
  });

  it("an input of nothing but blank lines is an empty input", async () => {
    const r = await runInProcess([], "\f\n\u00a0\n\v");
    expect(r.status).toBe(65);
    expect(r.stderr).toBe(
      "oris-observe: <stdin>: empty input: only whitespace, so no trace (an empty trace is the JSON array [])\n",
    );
  });
});

describe("gzip input: the file's buffers are reused, zlib done with each before the next read", () => {
  it("gives back every byte of a gzip file of many chunks, compressed and not", async () => {
    const data = Buffer.concat([
      randomBytes(3 * 1024 * 1024),
      Buffer.alloc(5 * 1024 * 1024, line(1)),
      randomBytes(1024 * 1024 + 7),
    ]);
    const file = tmp.write("bytes.gz", gzipSync(data));
    const hash = createHash("sha256");
    let n = 0;
    for await (const chunk of readInput({ name: file, path: file, size: 1 }, process.stdin)) {
      hash.update(chunk);
      n += chunk.length;
    }
    expect(n).toBe(data.length);
    expect(hash.digest("hex")).toBe(createHash("sha256").update(data).digest("hex"));
  });
});
