import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import {
  KERNEL_TRACE_EVENT,
  MAX_RECORD_BYTES,
  observeTrace,
  readRecordArray,
  readTrace,
  readTraceBatches,
  readTraceBytes,
  readTraceEvents,
  readTraceStepwise,
  readRecordArrayStepwise,
  TraceReadError,
  type TraceInput,
  type TraceRecord,
} from "../src/index.js";
import { decodeKernelTraceEvent, type KernelTraceEvent } from "@oris/kernel-types";

const dir = mkdtempSync(join(tmpdir(), "oris-trace-reader-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const line = (seq: number, kind = "StateUpdated") =>
  `{"run_id":"r1","seq":${seq},"step_id":"s","action_id":null,"kind":"${kind}"}`;
const bytes = (text: string) => new TextEncoder().encode(text);

async function all(input: TraceInput): Promise<TraceRecord[]> {
  const out: TraceRecord[] = [];
  for await (const r of readTraceEvents(input)) out.push(r);
  return out;
}

describe("readTraceEvents", () => {
  it("gives each event with its line, and each bad record with its line and message, reading on after it", async () => {
    const text = `${line(1)}\n\n{"seq":"2"}\n${line(3)}\r\n  \n${line(4, "Résumé ✓")}\n{"run_id":"r1","seq":5,"seq":5,"kind":"K"}\n${line(6).slice(0, 20)}`;
    const records = await all(bytes(text));
    expect(records.map((r) => ("event" in r ? [r.line, r.event.seq] : [r.error.line, r.error.message]))).toEqual([
      [1, 1],
      [3, expect.stringContaining("")],
      [4, 3],
      [6, 4],
      [7, expect.stringContaining("/seq")],
      [8, expect.stringMatching(/^truncated final line \(the input ends without a newline\): not valid JSON: /)],
    ]);
    expect("error" in records[1]! && records[1].error.message).toMatch(/^\/[a-z_]+: expected /);
    expect("event" in records[3]! && records[3].event.kind).toBe("Résumé ✓");
  });

  it("says where a record stops being JSON: line and column (in UTF-8 bytes, as serde_json counts), with serde_json's words and no raw text", async () => {
    const text = `${line(1)}\n{"run_id":"é","seq":2 x}\n{"run_id":"r","seq":3,"kind":"K"\u001b[2J\n`;
    const records = await all(bytes(text));
    expect(
      records.map((r) => ("event" in r ? ["event", r.line] : [r.error.line, r.error.column, r.error.message])),
    ).toEqual([
      ["event", 1],
      // `{"run_id":"é","seq":2 ` is 23 bytes (é takes two): the x is byte 24.
      [2, 24, 'not valid JSON: expected "," or "}" (got the character "x")'],
      [3, 33, 'not valid JSON: expected "," or "}" (got the control character U+001B)'],
    ]);
    expect(JSON.stringify(records)).not.toContain("\u001b[2J");
    await expect(observeTrace(bytes(text), { name: "t.ndjson" })).rejects.toThrow(/^t\.ndjson:2:24: not valid JSON: /);
  });

  it("places the column of an error inside a JSON array element in the input's lines", async () => {
    const records = await all(bytes(`[\n  ${line(1)}, {"run_id":"r", x},\n  {"run_id":"r",\n   "seq": 2 x}\n]`));
    const errors = records.flatMap((r) => ("error" in r ? [[r.error.line, r.error.column, r.error.index]] : []));
    // Element 1 starts at byte 2 + line(1) + 3 of line 2 and its x is its 16th byte. Element 2's x is on its second line, byte 13.
    expect(errors).toEqual([
      [2, 2 + line(1).length + 3 + 16 - 1, 1],
      [4, 13, 2],
    ]);
  });

  it("tells a gzip input by onGzip, before the first chunk", async () => {
    const seen: string[] = [];
    const reading = readTraceStepwise(
      gzipSync(bytes(`${line(1)}\n`)),
      { event: () => void seen.push("event"), bad: () => {} },
      { onGzip: () => void seen.push("gzip") },
    );
    for (let r = await reading.next(); r.done !== true; r = await reading.next());
    expect(seen).toEqual(["gzip", "event"]);
    const plain: string[] = [];
    await readTrace(
      bytes(`${line(1)}\n`),
      { event: () => {}, bad: () => {} },
      { onGzip: () => void plain.push("gzip") },
    );
    expect(plain).toEqual([]);
  });

  it("gives a JSON array element's index with its error", async () => {
    const records = await all(bytes(`[\n${line(1)},\n{"seq":1.0,"run_id":"r","kind":"K"},\n${line(3)}\n]`));
    expect(
      records.map((r) => ("event" in r ? ["event", r.line] : [r.error.line, r.error.index, r.error.message])),
    ).toEqual([
      ["event", 2],
      [3, 1, expect.stringMatching(/^\/1\/seq: /)],
      ["event", 4],
    ]);
  });

  it("refuses invalid UTF-8, records over 16 MiB, and a byte order mark, as the CLI does", async () => {
    const bad = Buffer.concat([
      Buffer.from(`${line(1)}\n{"run_id":"`),
      Buffer.from([0xc0, 0xaf]),
      Buffer.from(`","seq":2,"kind":"K"}\n${line(3)}\n`),
    ]);
    const records = await all(bad);
    expect(records.map((r) => ("event" in r ? r.line : r.error.message))).toEqual([
      1,
      expect.stringMatching(/^not valid UTF-8: /),
      3,
    ]);

    const long = Buffer.concat([
      Buffer.from(`${line(1)}\n"`),
      Buffer.alloc(MAX_RECORD_BYTES + 10, 0x61),
      Buffer.from(`"\n${line(3)}\n`),
    ]);
    const longRecords = await all(long);
    expect(longRecords.map((r) => ("event" in r ? r.line : [r.error.line, r.error.message]))).toEqual([
      1,
      [2, expect.stringContaining("longer than 16 MiB")],
      3,
    ]);

    await expect(
      all(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${line(1)}\n`)])),
    ).rejects.toMatchObject({
      name: "TraceReadError",
      code: "data",
      message: expect.stringContaining("byte order mark"),
    });
  });

  it("skips a deeply nested value under an unknown key, as serde does", async () => {
    const deep = `{"run_id":"r1","seq":1,"x":${"[".repeat(200_000)}${"]".repeat(200_000)},"step_id":null,"action_id":null,"kind":"K"}\n`;
    const records = await all(bytes(deep));
    expect(records).toEqual([{ event: { run_id: "r1", seq: 1, step_id: null, action_id: null, kind: "K" }, line: 1 }]);
  });

  it("reads the same records from a path, a stream, an async iterable and bytes, plain or gzip", async () => {
    const text = Buffer.from(`${line(1)}\n{"seq":2}\n${line(3)}\n`);
    const expected = await all(text);
    for (const data of [text, gzipSync(text)]) {
      const path = join(dir, `t${data === text ? "" : ".gz"}`);
      writeFileSync(path, data);
      expect(await all(path)).toEqual(expected);
      expect(await all(Readable.from([data]))).toEqual(expected);
      expect(
        await all(
          (async function* () {
            yield new Uint8Array(data);
          })(),
        ),
      ).toEqual(expected);
      expect(await all(data)).toEqual(expected);
    }
  });

  it("throws a TraceReadError for what cannot be read at all", async () => {
    await expect(all(join(dir, "missing"))).rejects.toMatchObject({
      code: "open",
      message: `${join(dir, "missing")}: cannot open: no such file`,
    });
    await expect(all(dir)).rejects.toMatchObject({ code: "open", message: `${dir}: cannot open: it is a directory` });
    await expect(all(Buffer.from([0x1f, 0x8b, 1, 2, 3]))).rejects.toMatchObject({ code: "gzip" });
    await expect(all(bytes(" \n\t\n"))).rejects.toMatchObject({
      code: "data",
      message: "<bytes>: empty input: only whitespace, so no trace (an empty trace is the JSON array [])",
    });
    await expect(all(bytes("\n\n"))).rejects.toBeInstanceOf(TraceReadError);
  });
});

describe("readTraceBatches", () => {
  it("gives the records of readTraceEvents in batches, a chunk at a time", async () => {
    const text = Array.from({ length: 20_000 }, (_, i) => line(i + 1)).join("\n");
    let n = 0;
    let batches = 0;
    for await (const batch of readTraceBatches(bytes(text))) {
      batches++;
      for (const r of batch)
        if ("event" in r && r.event.seq === ++n && r.line === n) continue;
        else throw new Error(`record ${n}`);
    }
    expect(n).toBe(20_000);
    expect(batches).toBeGreaterThan(1);
  });
});

describe("readTrace, readRecordArray, readTraceBytes", () => {
  it("readTrace tells the layout and sends events and bad records to the sink", async () => {
    const seen: unknown[] = [];
    const layout = await readTrace(bytes(`[${line(1)},{}]`), {
      event: (e, l) => seen.push([e.seq, l]),
      bad: (l, m, i) => seen.push([l, i, m]),
    });
    expect(layout).toBe("JSON array");
    expect(seen).toEqual([
      [1, 1],
      [1, 1, expect.stringMatching(/^\/1\/[a-z_]+: expected /)],
    ]);
  });

  it("readRecordArray reads an array of any struct, and refuses other layouts", async () => {
    const events: KernelTraceEvent[] = [];
    const schema = { name: "KernelTraceEvent", shape: KERNEL_TRACE_EVENT, decode: decodeKernelTraceEvent };
    await readRecordArray(bytes(`[${line(1)}]`), schema, { record: (e) => void events.push(e), bad: () => {} });
    expect(events.map((e) => e.seq)).toEqual([1]);
    await expect(
      readRecordArray(bytes(line(1)), schema, { record: () => {}, bad: () => {} }, { name: "t" }),
    ).rejects.toMatchObject({
      code: "data",
      message: 't: expected a JSON array of KernelTraceEvent (it starts with "{", not "[")',
    });
  });

  it("readTraceBytes gives the gunzipped bytes", async () => {
    const data = Buffer.from("x".repeat(1_000_000));
    const parts: Buffer[] = [];
    for await (const chunk of readTraceBytes(gzipSync(data))) parts.push(Buffer.from(chunk));
    expect(Buffer.concat(parts).equals(data)).toBe(true);
  });
});

describe("observeTrace", () => {
  it("gives the Rust runtime's JSON, or throws at the first bad record with its location", async () => {
    const trace = `{"run_id":"r1","seq":1,"step_id":"n1","action_id":null,"kind":"Interrupted"}\n{"run_id":"r1","seq":2,"step_id":"n1","action_id":null,"kind":"Resumed"}\n`;
    expect(await observeTrace(bytes(trace))).toBe(
      '{"reasoning_timeline":["Interrupted#1","Resumed#2"],"lease_graph":null,"replay_cost":2,"interrupt_latency_ms":1}',
    );
    expect(await observeTrace(bytes(trace), { profile: "0.3" })).toBe(
      '{"reasoning_timeline":["Interrupted#1(n1)","Resumed#2(n1)"],"lease_graph":null,"replay_cost":2,"interrupt_latency_ms":1}',
    );
    await expect(observeTrace(bytes(`${trace}{"seq":-1}\n`), { name: "trace.ndjson" })).rejects.toThrow(
      /^trace\.ndjson:3: /,
    );
  });
});

describe("the stepwise forms", () => {
  it("readTraceStepwise reads a chunk per step, yields the input bytes consumed so far, and returns the layout", async () => {
    const data = Buffer.from(Array.from({ length: 30_000 }, (_, i) => `${line(i + 1)}\n`).join(""));
    const gz = gzipSync(data);
    for (const input of [data, gz]) {
      let events = 0;
      const reading = readTraceStepwise(input, { event: () => void events++, bad: () => {} });
      const seen: number[] = [];
      let step = await reading.next();
      for (; step.done !== true; step = await reading.next()) seen.push(step.value);
      expect(step.value).toBe("NDJSON");
      expect(events).toBe(30_000);
      expect(seen.length).toBeGreaterThan(1);
      expect(seen.every((n, i) => i === 0 || n >= seen[i - 1]!)).toBe(true);
      expect(seen.at(-1)).toBe(input.length);
    }
  });

  it("readRecordArrayStepwise, and an early return closes the input", async () => {
    const path = join(dir, "array.json");
    writeFileSync(path, `[${Array.from({ length: 30_000 }, (_, i) => line(i + 1)).join(",")}]`);
    const schema = { name: "KernelTraceEvent", shape: KERNEL_TRACE_EVENT, decode: decodeKernelTraceEvent };
    let n = 0;
    for await (const bytes of readRecordArrayStepwise(path, schema, { record: () => void n++, bad: () => {} }))
      expect(bytes).toBeGreaterThan(0);
    expect(n).toBe(30_000);
    n = 0;
    for await (const _ of readRecordArrayStepwise(path, schema, { record: () => void n++, bad: () => {} })) break;
    expect(n).toBeLessThan(30_000);
  });

  it("readTrace's callbacks see every chunk and every input byte", async () => {
    const data = gzipSync(Buffer.from(Array.from({ length: 30_000 }, (_, i) => `${line(i + 1)}\n`).join("")));
    let raw = 0;
    let chunks = 0;
    await readTrace(
      data,
      { event: () => {}, bad: () => {} },
      { onRawBytes: (b) => void (raw += b), onChunk: () => void chunks++ },
    );
    expect(raw).toBe(data.length);
    expect(chunks).toBeGreaterThan(1);
  });
});
