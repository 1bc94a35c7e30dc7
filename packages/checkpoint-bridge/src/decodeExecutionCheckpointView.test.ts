import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { isDecodeError } from "@oris/kernel-types";
import { decodeExecutionCheckpointView, executionCheckpointViewSchema } from "./index.js";

const decode = (json: string) => decodeExecutionCheckpointView(JSON.parse(json));

describe("decodeExecutionCheckpointView", () => {
  it("reads the wire form", () => {
    expect(decode('{"checkpoint_id":"cp-1","created_at":"2023-11-14T22:13:20.123Z"}')).toEqual({
      ok: true,
      value: { checkpoint_id: "cp-1", created_at: "2023-11-14T22:13:20.123Z" },
    });
  });

  it("reads a missing or null checkpoint_id as null", () => {
    const expected = { ok: true, value: { checkpoint_id: null, created_at: "2023-11-14T22:13:20Z" } };
    expect(decode('{"created_at":"2023-11-14T22:13:20Z"}')).toEqual(expected);
    expect(decode('{"checkpoint_id":null,"created_at":"2023-11-14T22:13:20Z"}')).toEqual(expected);
  });

  it("normalises created_at to chrono's canonical UTC form", () => {
    const r = decode('{"checkpoint_id":"c","created_at":"2023-11-14 23:13:20.5000+01:00"}');
    expect(r.ok && r.value.created_at).toBe("2023-11-14T22:13:20.500Z");
  });

  it("ignores unknown keys and does not copy them", () => {
    const r = decode('{"checkpoint_id":"c","created_at":"2023-11-14T22:13:20Z","extra":1,"constructor":{}}');
    expect(r.ok && Object.keys(r.value)).toEqual(["checkpoint_id", "created_at"]);
  });

  it("ignores a __proto__ key without touching any prototype", () => {
    const r = decode('{"__proto__":{"polluted":true},"checkpoint_id":"p","created_at":"2023-11-14T22:13:20Z"}');
    expect(r).toEqual({ ok: true, value: { checkpoint_id: "p", created_at: "2023-11-14T22:13:20Z" } });
    expect(r.ok && Object.getPrototypeOf(r.value)).toBe(Object.prototype);
    expect((Object.prototype as Record<string, unknown>)["polluted"]).toBeUndefined();
    expect(r.ok && (r.value as unknown as Record<string, unknown>)["polluted"]).toBeUndefined();
  });

  it("does not read inherited properties", () => {
    const value = Object.create({ created_at: "2023-11-14T22:13:20Z" }) as object;
    const r = decodeExecutionCheckpointView(value);
    expect(r.ok ? "" : r.error.path).toBe("/created_at");
  });

  it.each([
    [
      "created_at missing",
      '{"checkpoint_id":"c"}',
      "/created_at",
      "an RFC 3339 date-time string",
      "nothing: the key is missing",
    ],
    [
      "created_at a number",
      '{"created_at":1700000000000}',
      "/created_at",
      "an RFC 3339 date-time string",
      "the number 1700000000000",
    ],
    ["created_at null", '{"created_at":null}', "/created_at", "an RFC 3339 date-time string", "null"],
    [
      "checkpoint_id a number",
      '{"checkpoint_id":1,"created_at":"2023-11-14T22:13:20Z"}',
      "/checkpoint_id",
      "a string or null",
      "the number 1",
    ],
    [
      "an array of three",
      '[null,"2023-11-14T22:13:20Z",1]',
      "",
      "an object, or serde's array form of the struct: 2 elements [checkpoint_id, created_at]",
      "an array of 3 items",
    ],
    [
      "an array form with a bad date",
      '[null,"2023-11-14"]',
      "/1",
      'a time after the date ("T" or a space, then hh:mm:ss and an offset) in an RFC 3339 date-time such as "2023-11-14T22:13:20Z" (chrono: input is not enough for unique date and time)',
      'the string "2023-11-14"',
    ],
    ["null", "null", "", "an object", "null"],
    ["a string", '"2023-11-14T22:13:20Z"', "", "an object", 'the string "2023-11-14T22:13:20Z"'],
  ])("refuses %s", (_what, json, path, expected, got) => {
    const r = decode(json);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect([r.error.path, r.error.expected, r.error.got]).toEqual([path, expected, got]);
    expect(isDecodeError(r.error)).toBe(true);
  });

  it("refuses a created_at chrono refuses, at /created_at, quoting chrono", () => {
    const r = decode('{"checkpoint_id":"c","created_at":"2023-02-29T00:00:00Z"}');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.path).toBe("/created_at");
    expect(r.error.expected).toMatch(
      /^a day that exists in month 2 of year 2023 at index 8 of .*\(chrono: input is out of range\)$/,
    );
    expect(r.error.got).toBe('the string "2023-02-29T00:00:00Z"');
    expect(r.error.message).toMatch(/^\/created_at: expected a day that exists/);
  });

  it("refuses lone surrogates, which serde_json refuses", () => {
    const id = decode('{"checkpoint_id":"\\ud800","created_at":"2023-11-14T22:13:20Z"}');
    expect(id.ok ? "" : id.error.path).toBe("/checkpoint_id");
    const at = decode('{"created_at":"2023-11-14T22:13:20Z\\udc00"}');
    expect(at.ok ? "" : at.error.path).toBe("/created_at");
  });

  it("accepts escaped and non-ASCII strings serde accepts", () => {
    expect(decode('{"checkpoint_id":"\\u00e9\\ud83d\\ude00","created_at":"2023-11-14\\u005422:13:20Z"}')).toEqual({
      ok: true,
      value: { checkpoint_id: "é😀", created_at: "2023-11-14T22:13:20Z" },
    });
  });

  it("never throws, whatever it is given", () => {
    for (const value of [
      undefined,
      0,
      Number.NaN,
      Symbol("s"),
      () => 1,
      new Date(),
      new Map(),
      Object.create(null),
      [],
      [[]],
    ]) {
      expect(() => decodeExecutionCheckpointView(value)).not.toThrow();
      expect(decodeExecutionCheckpointView(value).ok).toBe(false);
    }
  });
});

describe("executionCheckpointViewSchema", () => {
  it("is the schema file the package ships, which is the conformance schema", () => {
    const read = (url: URL): unknown => JSON.parse(readFileSync(url, "utf8"));
    const shipped = read(new URL("../schema/ExecutionCheckpointView.json", import.meta.url));
    expect(executionCheckpointViewSchema).toEqual(shipped);
    expect(shipped).toEqual(
      read(new URL("../../../fixtures/conformance/schemas/ExecutionCheckpointView.json", import.meta.url)),
    );
  });

  it("is the published schema", () => {
    expect(executionCheckpointViewSchema).toMatchObject({
      title: "ExecutionCheckpointView",
      type: "object",
      required: ["created_at"],
      properties: { checkpoint_id: { type: ["string", "null"] }, created_at: { type: "string", format: "date-time" } },
    });
  });
});
