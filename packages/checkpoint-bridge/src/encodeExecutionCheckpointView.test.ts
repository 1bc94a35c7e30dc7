import { describe, expect, it } from "vitest";
import { EncodeError } from "@oris/kernel-types";
import { encodeExecutionCheckpointView, type ExecutionCheckpointView } from "./index.js";

describe("encodeExecutionCheckpointView", () => {
  it("writes serde_json's bytes: keys in order, no whitespace", () => {
    expect(encodeExecutionCheckpointView({ checkpoint_id: "cp-1", created_at: "2023-11-14T22:13:20Z" })).toBe(
      '{"checkpoint_id":"cp-1","created_at":"2023-11-14T22:13:20Z"}',
    );
    expect(encodeExecutionCheckpointView({ checkpoint_id: null, created_at: "2023-11-14T22:13:20.100Z" })).toBe(
      '{"checkpoint_id":null,"created_at":"2023-11-14T22:13:20.100Z"}',
    );
  });

  it("re-formats created_at canonically", () => {
    expect(encodeExecutionCheckpointView({ checkpoint_id: null, created_at: "2023-11-14 23:13:20.1+01:00" })).toBe(
      '{"checkpoint_id":null,"created_at":"2023-11-14T22:13:20.100Z"}',
    );
  });

  it("escapes the id as serde_json does", () => {
    expect(
      encodeExecutionCheckpointView({
        checkpoint_id: 'a"b\\c\n\u0001\u007f\u2028é',
        created_at: "2023-11-14T22:13:20Z",
      }),
    ).toBe('{"checkpoint_id":"a\\"b\\\\c\\n\\u0001\u007f\u2028é","created_at":"2023-11-14T22:13:20Z"}');
  });

  it("never writes unknown properties", () => {
    const view = { checkpoint_id: "c", created_at: "2023-11-14T22:13:20Z", extra: 1 } as ExecutionCheckpointView;
    expect(encodeExecutionCheckpointView(view)).toBe('{"checkpoint_id":"c","created_at":"2023-11-14T22:13:20Z"}');
  });

  it.each([
    ["an unreadable created_at", { checkpoint_id: "c", created_at: "2023-11-14T22:13:20" }, "/created_at"],
    ["a created_at that is not a string", { checkpoint_id: "c", created_at: 1_700_000_000_000 }, "/created_at"],
    ["an id with a lone surrogate", { checkpoint_id: "\ud800", created_at: "2023-11-14T22:13:20Z" }, "/checkpoint_id"],
    ["an id that is not a string", { checkpoint_id: 1, created_at: "2023-11-14T22:13:20Z" }, "/checkpoint_id"],
  ])("throws EncodeError for %s", (_what, view, path) => {
    let thrown: unknown;
    try {
      encodeExecutionCheckpointView(view as unknown as ExecutionCheckpointView);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(EncodeError);
    expect((thrown as EncodeError).path).toBe(path);
  });

  it("says what chrono expected for an unreadable created_at", () => {
    expect(() => encodeExecutionCheckpointView({ checkpoint_id: null, created_at: "2023-11-14" })).toThrow(
      /^cannot encode \/created_at: expected a time after the date .*\(chrono: input is not enough for unique date and time\)/,
    );
  });
});
