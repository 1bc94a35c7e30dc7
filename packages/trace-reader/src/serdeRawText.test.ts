import { describe, expect, it } from "vitest";
import { checkRawRecord, EXECUTION_CHECKPOINT_VIEW, KERNEL_TRACE_EVENT } from "./serdeRawText.js";

// Checked against serde_json 1.0.87 with serde_derive 1.0.152 and a struct
// of KernelTraceEvent's fields (u64 seq, Option<i64> timestamp_ms): serde
// refuses each record refused here with `duplicate field` or `invalid type:
// floating point` at that field; it reads each record left to the decoder,
// or refuses it for another reason (a type, a missing field), which the
// decoder reports.
const check = (text: string): string | null => {
  JSON.parse(text); // the scanner runs only on text JSON.parse accepted
  return checkRawRecord(text, KERNEL_TRACE_EVENT)?.path ?? null;
};

describe("checkRawRecord", () => {
  it.each([
    ['{"run_id":"r","seq":1,"seq":2,"kind":"K"}', "/seq"],
    ['{"run_id":"r","seq":1.0,"kind":"K"}', "/seq"],
    ['{"run_id":"r","seq":1e2,"kind":"K"}', "/seq"],
    ['{"run_id":"r","seq":1e300,"kind":"K"}', "/seq"],
    ['{"run_id":"r","seq":2.50e1,"kind":"K"}', "/seq"],
    ['{"run_id":"r","seq":0.0e0,"kind":"K"}', "/seq"],
    ['{"run_id":"r","seq":-0,"kind":"K"}', "/seq"],
    ['{"run_id":"r","seq":1,"kind":"K","timestamp_ms":-5.0}', "/timestamp_ms"],
    ['{"run_id":"r","seq":1,"kind":"K","timestamp_ms":1E2}', "/timestamp_ms"],
    ['{"run_id":"r","seq":1,"kind":"K","timestamp_ms":-0}', "/timestamp_ms"],
    ['{"run_id":"r","s\\u0065q":1,"seq":2,"kind":"K"}', "/seq"],
    ['{"run_id":"r","seq":1,"step_id":null,"step_id":null,"kind":"K"}', "/step_id"],
    ['{"run_id":"r","seq":1,"kind":"K","timestamp_ms":null,"timestamp_ms":null}', "/timestamp_ms"],
    ['{"run_id":"r","seq":1.0,"seq":1,"kind":"K"}', "/seq"], // the float comes first in the text
    [' { "run_id" : "r" , "seq" : 1 ,\t"kind" : "K" , "kind" : "K" } ', "/kind"],
    ['["r",1.0,null,null,"K",null]', "/1"],
    ['["r",1,null,null,"K",5.0]', "/5"],
    ['["r",1,null,null,"K",-0]', "/5"],
    ['["r]",1e0,null,null,"K",null]', "/1"],
  ])("refuses %s at %s", (text, pointer) => {
    expect(check(text)).toBe(pointer);
  });

  it.each([
    '{"run_id":"r","seq":1,"kind":"K"}',
    '{"run_id":"r","seq":1,"kind":"K","timestamp_ms":-5}',
    '{"run_id":"r","seq":1,"kind":"K","x":1,"x":2}', // an unknown key, even repeated, is ignored
    '{"run_id":"r","seq":1,"kind":"K","x":{"a":1,"a":2,"seq":1.5}}', // IgnoredAny checks nothing inside
    '{"__proto__":1,"__proto__":2,"run_id":"r","seq":1,"kind":"K"}',
    '{"run_id":"r\\",\\"seq\\":1.0","seq":1,"kind":"K}{,\\"seq\\":2"}', // keys and floats inside strings
    '{"x":"{\\"","seq":1,"run_id":"r","kind":"K"}',
    '["r",1,null,null,"K",null]',
    '["r",1,null,null,"K",-7]',
    '["r",1,1.5,null,"K",null]', // a wrong type elsewhere is the decoder's to report
    '{"run_id":"r","seq":"1.0","kind":"K"}',
    '{"run_id":"r","seq":1.5,"kind":"K"}', // not an integer after JSON.parse either: the decoder refuses it
    '{"run_id":"r","seq":1,"kind":"K","timestamp_ms":-2.5e-1}',
    "{}",
    "[]",
    "42.5",
    '"seq"',
  ])("leaves %s to the decoder", (text) => {
    expect(check(text)).toBeNull();
  });

  it("says what serde refuses and what was found", () => {
    expect(checkRawRecord('{"seq":1,"seq":2}', KERNEL_TRACE_EVENT)?.message).toBe(
      '/seq: expected the key only once (serde_json refuses a duplicate key, `duplicate field`, where JSON.parse keeps the last value) (got "seq" again)',
    );
    expect(checkRawRecord('{"seq":1,"s\\u0065q":2}', KERNEL_TRACE_EVENT)?.got).toBe(
      '"s\\u0065q" (that is, "seq") again',
    );
    expect(checkRawRecord('{"seq":1e2}', KERNEL_TRACE_EVENT)?.message).toBe(
      "/seq: expected an integer literal (serde_json reads 1.0, 1e2 and -0 as floating point numbers and refuses a float literal for an integer field) (got the float literal 1e2)",
    );
  });

  it("checkpoint views: a repeated field only", () => {
    const view = (text: string) => checkRawRecord(text, EXECUTION_CHECKPOINT_VIEW)?.path ?? null;
    expect(view('{"checkpoint_id":"a","created_at":"t","checkpoint_id":"b"}')).toBe("/checkpoint_id");
    expect(view('{"checkpoint_id":"a","created_at":"t","note":1,"note":2}')).toBeNull();
    expect(view('["a","t"]')).toBeNull();
  });
});
