import { gzipSync } from "node:zlib";
import { decodeKernelTraceEvent } from "@oris/kernel-types";
import { encodeKernelObservability, fromKernelTrace } from "@oris/observability";
import { afterAll, describe, expect, it } from "vitest";
import { runBin, runInProcess, tempDir } from "./helpers.js";

const tmp = tempDir();
afterAll(() => tmp.dispose());

const line = (seq: number, kind = "StateUpdated", extra = "") =>
  `{"run_id":"r1","seq":${seq},"step_id":"s","action_id":null,"kind":"${kind}"${extra}}`;
const STOPPED =
  "oris-observe: stopped at the first bad record, with no result (--skip-invalid leaves bad records out, --check lists them all)";
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

describe("a bad record stops the run by default: exit 65, FILE:LINE: /pointer: message, no result", () => {
  it("in an NDJSON file", async () => {
    const file = tmp.write(
      "bad-seq.ndjson",
      [line(1), line(2), line(3).replace('"seq":3', '"seq":1.5'), line(4)].join("\n"),
    );
    const r = await runBin([file]);
    expect(r.status).toBe(65);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      `${file}:3: /seq: expected an integer from 0 to 9007199254740991 (got the number 1.5)\n${STOPPED}\n`,
    );
  });

  it("in a JSON array: the pointer starts with the element's index, the line is where the element starts", async () => {
    const r = await runBin([], {
      stdin: `[\n  ${line(1)},\n  ${line(2)},\n  {"run_id": "r1",\n   "seq": -4, "kind": "X"}\n]\n`,
    });
    expect(r.status).toBe(65);
    expect(r.stderr).toBe(
      `<stdin>:4: /2/seq: expected an integer from 0 to 9007199254740991 (got the number -4)\n${STOPPED}\n`,
    );
  });

  it.each([
    ["not JSON", '{"run_id":"r1",', /^<stdin>:2:\d+: not valid JSON: .+\n/],
    ["not an object", "42", /^<stdin>:2: \(root\): expected an object.* \(got the number 42\)\n/],
    [
      "a missing key",
      '{"run_id":"r1","kind":"K"}',
      /^<stdin>:2: \/seq: expected an integer from 0 to 9007199254740991 \(got nothing: the key is missing\)\n/,
    ],
    [
      "a seq past 2^53−1 in serde's own layout",
      line(9007199254740992),
      /^<stdin>:2: \/seq: .*cannot be read exactly after JSON\.parse, so they are refused \(got 9007199254740992 \(not a safe integer\)\)\n/,
    ],
    [
      "a lone surrogate",
      '{"run_id":"r1","seq":2,"kind":"\\ud800"}',
      /^<stdin>:2: \/kind: expected a string of valid Unicode/,
    ],
  ])("%s", async (_what, bad, message) => {
    const r = await runInProcess([], `${line(1)}\n${bad}\n${line(3)}\n`);
    expect(r.status).toBe(65);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(message);
  });
});

describe("--skip-invalid", () => {
  const good = [1, 2, 3, 4, 5].map((n) => line(n, n === 2 ? "Interrupted" : n === 4 ? "Resumed" : "StateUpdated"));
  const bad = Array.from({ length: 25 }, (_, i) => `{"run_id":"r1","seq":"${i}","kind":"K"}`);
  const mixed = [
    ...bad.slice(0, 10),
    good[0],
    good[1],
    ...bad.slice(10, 20),
    good[2],
    good[3],
    ...bad.slice(20),
    good[4],
  ];

  it("leaves bad records out, shows the first 20 and counts the rest, and exits 0", async () => {
    const r = await runBin(["--skip-invalid"], { stdin: mixed.join("\n") + "\n" });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(expectedFor(good));
    const err = r.stderr.trimEnd().split("\n");
    expect(err).toHaveLength(22);
    expect(err[0]).toBe('<stdin>:1: /seq: expected an integer from 0 to 9007199254740991 (got the string "0")');
    expect(err[19]).toBe('<stdin>:22: /seq: expected an integer from 0 to 9007199254740991 (got the string "19")');
    expect(err[20]).toBe("oris-observe: … and 5 more bad records, not shown");
    expect(err[21]).toBe("oris-observe: skipped 25 bad records of 30");
  });

  it("says nothing when nothing was skipped", async () => {
    const r = await runBin(["--skip-invalid"], { stdin: good.join("\n") });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(expectedFor(good));
  });
});

describe("--check", () => {
  it("reports every bad record, writes no result, exits 65", async () => {
    const lines = [line(1), ...Array.from({ length: 30 }, (_, i) => line(i + 2, "K", ',"timestamp_ms":"soon"'))];
    const r = await runBin(["--check"], { stdin: lines.join("\n") });
    expect(r.status).toBe(65);
    expect(r.stdout).toBe("");
    const err = r.stderr.trimEnd().split("\n");
    expect(err).toHaveLength(31);
    expect(err[29]).toBe(
      '<stdin>:31: /timestamp_ms: expected an integer from -9007199254740991 to 9007199254740991 or null (got the string "soon")',
    );
    expect(err[30]).toBe("oris-observe: 30 of 31 records are bad");
  });

  it("exits 0 and says so when every record is valid", async () => {
    const r = await runBin(["--check", "examples/run.ndjson"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe("oris-observe: 17 records, all valid\n");
  });
});

describe("broken input: each with a clear message", () => {
  it("a truncated final line", async () => {
    const r = await runBin([], { stdin: `${line(1)}\n{"run_id":"r1","se` });
    expect(r.status).toBe(65);
    expect(r.stderr).toMatch(
      /^<stdin>:2:\d+: truncated final line \(the input ends without a newline\): not valid JSON: .+\n/,
    );
    const skipped = await runBin(["--skip-invalid"], { stdin: `${line(1)}\n{"run_id":"r1","se` });
    expect(skipped.status).toBe(0);
    expect(skipped.stdout).toBe(expectedFor([line(1)]));
  });

  it("a complete final line without a newline is fine", async () => {
    const r = await runBin([], { stdin: `${line(1)}\n${line(2)}` });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(expectedFor([line(1), line(2)]));
  });

  it.each([
    [
      "a byte that cannot start a character",
      Buffer.from([0xff]),
      /^<stdin>:2: not valid UTF-8: byte 0xff \(byte 63 of the line\) cannot start a character\n/,
    ],
    [
      "an overlong encoding",
      Buffer.from([0xc0, 0xaf]),
      /^<stdin>:2: not valid UTF-8: byte 0xc0 \(byte 63 of the line\) cannot start a character\n/,
    ],
    [
      "an encoded surrogate",
      Buffer.from([0xed, 0xa0, 0x80]),
      /^<stdin>:2: not valid UTF-8: the character at byte 63 of the line is a UTF-16 surrogate\n/,
    ],
    [
      "a character cut short",
      Buffer.from([0xe2, 0x82]),
      /^<stdin>:2: not valid UTF-8: byte 0x22 \(byte 65 of the line\) does not continue the character that starts at byte 63\n/,
    ],
  ])("invalid UTF-8: %s", async (_what, bytes, message) => {
    const bad = Buffer.concat([Buffer.from(line(2, "").slice(0, -2)), bytes, Buffer.from('"}\n')]);
    const r = await runBin([], {
      stdin: Buffer.concat([Buffer.from(`${line(1)}\n`), bad, Buffer.from(`${line(3)}\n`)]),
    });
    expect(r.status).toBe(65);
    expect(r.stderr).toMatch(message);
  });

  it("invalid UTF-8 in a JSON array element", async () => {
    const r = await runInProcess(
      [],
      Buffer.concat([
        Buffer.from(`[${line(1)},\n{"run_id":"`),
        Buffer.from([0xf8]),
        Buffer.from('","seq":2,"kind":"K"}]'),
      ]),
    );
    expect(r.status).toBe(65);
    expect(r.stderr).toMatch(
      /^<stdin>:2: \/1: not valid UTF-8: byte 0xf8 \(byte 12 of element 1\) cannot start a character\n/,
    );
  });

  it("a line over 16 MiB", async () => {
    const long = line(2, "x".repeat(17 * 1024 * 1024));
    const file = tmp.write("long.ndjson", `${line(1)}\n${long}\n${line(3)}\n`);
    const r = await runBin([file]);
    expect(r.status).toBe(65);
    expect(r.stderr).toBe(
      `${file}:2: the line is longer than 16 MiB (16777216 bytes), the most one record may take\n${STOPPED}\n`,
    );
    const skipped = await runBin(["--skip-invalid", file]);
    expect(skipped.status).toBe(0);
    expect(skipped.stdout).toBe(expectedFor([line(1), line(3)]));
  });

  it("a JSON array element over 16 MiB", async () => {
    const r = await runBin(["--skip-invalid"], {
      stdin: `[${line(1)},\n${line(2, "x".repeat(17 * 1024 * 1024))},${line(3)}]`,
    });
    expect(r.stderr).toContain(
      "<stdin>:2: /1: element 1 is longer than 16 MiB (16777216 bytes), the most one record may take\n",
    );
    expect(r.stdout).toBe(expectedFor([line(1), line(3)]));
  });

  it.each([
    ["an empty file", "", "no bytes"],
    ["a file of whitespace", " \n\n\t\r\n", "only whitespace"],
  ])("an empty input: %s", async (_what, text, why) => {
    const file = tmp.write("empty.ndjson", text);
    const r = await runBin([file]);
    expect(r.status).toBe(65);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      `oris-observe: ${file}: empty input: ${why}, so no trace (an empty trace is the JSON array [])\n`,
    );
  });

  it("a JSON array that never closes", async () => {
    const after = await runBin([], { stdin: `[${line(1)},\n${line(2)}\n` });
    expect(after.status).toBe(65);
    expect(after.stderr).toBe(
      `<stdin>:3: the JSON array never closes: the input ends after 2 elements, with no "]"\n${STOPPED}\n`,
    );
    const inside = await runBin([], { stdin: `[${line(1)},\n${line(2)},\n{"run_id":"r1",` });
    expect(inside.stderr).toBe(
      `<stdin>:3: /2: the JSON array never closes: the input ends inside element 2, which starts on line 3\n${STOPPED}\n`,
    );
  });

  it.each([
    [
      "a trailing comma",
      `[${line(1)},]`,
      '<stdin>:1: /1: expected an element after "," (got "]": a trailing comma is not JSON)',
    ],
    ["an empty element", `[${line(1)},,${line(2)}]`, '<stdin>:1: /1: expected an element (got ",")'],
    [
      "something after the array",
      `[${line(1)}]\n[${line(2)}]`,
      '<stdin>:2: expected nothing after the closing "]" of the JSON array (got "[")',
    ],
    [
      "something after a whole record",
      `[${line(1)} x,${line(2)}]`,
      `<stdin>:1:${line(1).length + 3}: /0: not valid JSON: expected the end of the text (only whitespace may follow the event) (got the character "x")`,
    ],
  ])("a broken JSON array: %s", async (_what, text, message) => {
    const r = await runInProcess([], text);
    expect(r.status).toBe(65);
    expect(r.stderr.split("\n")[0]).toBe(message);
  });

  it.each([
    [
      "a UTF-8 byte order mark",
      Buffer.from([0xef, 0xbb, 0xbf]),
      "starts with a UTF-8 byte order mark, which JSON text must not have; remove its first 3 bytes",
    ],
    ["UTF-16", Buffer.from([0xff, 0xfe]), "is UTF-16 (it starts with a UTF-16 byte order mark); convert it to UTF-8"],
  ])("%s", async (_what, mark, message) => {
    const r = await runBin([], { stdin: Buffer.concat([mark, Buffer.from(`${line(1)}\n`)]) });
    expect(r.status).toBe(65);
    expect(r.stderr).toBe(`oris-observe: <stdin>: ${message}\n`);
  });

  it("a 0.3 interrupt latency past 2^53−1 ms, which no JavaScript number holds exactly", async () => {
    const r = await runInProcess(
      ["-p", "0.3"],
      `${line(1, "Interrupted", ',"timestamp_ms":-9007199254740991')}\n${line(2, "Resumed", ',"timestamp_ms":9007199254740991')}\n`,
    );
    expect(r.status).toBe(65);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      "oris-observe: interrupt_latency_ms is 18014398509481982 ms, beyond 2^53−1: a JavaScript number cannot hold it exactly\n",
    );
  });

  it("gzip data that is corrupt or cut short", async () => {
    const gz = gzipSync(`${line(1)}\n${line(2)}\n`);
    const cut = tmp.write("cut.ndjson.gz", gz.subarray(0, gz.length - 6));
    const r = await runBin([cut]);
    expect(r.status).toBe(65);
    expect(r.stderr).toBe(`oris-observe: ${cut}: not valid gzip data: unexpected end of file\n`);
    const notGzip = tmp.write("plain.ndjson.gz", `${line(1)}\n`);
    const p = await runBin([notGzip]);
    expect(p.status).toBe(65);
    expect(p.stderr).toBe(`oris-observe: ${notGzip}: not valid gzip data: incorrect header check\n`);
  });
});
