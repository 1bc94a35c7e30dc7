import { describe, expect, it } from "vitest";
import { checkpoints, ndjson, runBin, runInProcess, traces } from "./helpers.js";

describe("--format pretty: serde_json's to_string_pretty", () => {
  // Written out from serde_json's PrettyFormatter: two-space indent, "key": value,
  // one element per line, a tuple as a nested array, an empty Vec as [].
  it("writes the seed's unit test trace as serde_json would", async () => {
    const c = traces.find((x) => x.name === "seed unit test")!;
    const r = await runBin(["--format", "pretty", "--profile", "0.3"], { stdin: ndjson(c) });
    expect(r.stdout).toBe(
      [
        "{",
        '  "reasoning_timeline": [',
        '    "Interrupted#1(n1)",',
        '    "Resumed#2(n1)"',
        "  ],",
        '  "lease_graph": null,',
        '  "replay_cost": 2,',
        '  "interrupt_latency_ms": 1',
        "}",
        "",
      ].join("\n"),
    );
  });

  it("writes null for the timeline of an empty trace", async () => {
    const r = await runBin(["-f", "pretty"], { stdin: "[]" });
    expect(r.stdout).toBe(
      '{\n  "reasoning_timeline": null,\n  "lease_graph": null,\n  "replay_cost": null,\n  "interrupt_latency_ms": null\n}\n',
    );
  });

  it("writes a lease graph edge as a nested two-element array", async () => {
    const c = checkpoints.find((x) => x.name === "seed unit test")!;
    const r = await runInProcess(
      ["--checkpoints", "-", "--run-id", c.run_id, "-p", "0.3", "--lease", "attempt-1=worker-1", "-f", "pretty"],
      c.history_json,
    );
    expect(r.stdout).toBe(
      [
        "{",
        '  "reasoning_timeline": [',
        '    "CheckpointSaved#1(cp-1)",',
        '    "CheckpointSaved#2(cp-2)"',
        "  ],",
        '  "lease_graph": [',
        "    [",
        '      "attempt-1",',
        '      "worker-1"',
        "    ]",
        "  ],",
        '  "replay_cost": 2,',
        '  "interrupt_latency_ms": 1000',
        "}",
        "",
      ].join("\n"),
    );
  });

  it.each(traces.map((c) => [c.name, c] as const))("%s: the pretty form of the Rust bytes", async (_name, c) => {
    // JSON.stringify(…, null, 2) lays out arrays and objects as serde_json's pretty printer does.
    for (const [args, json] of [
      [[], c.seed_json],
      [["-p", "0.3"], c.upstream_0_3_json],
    ] as const) {
      const r = await runInProcess([...args, "-f", "pretty"], ndjson(c));
      expect(r.stdout).toBe(`${JSON.stringify(JSON.parse(json), null, 2)}\n`);
    }
  });
});

describe("--format summary", () => {
  it("tells people what is in the example run (0.2)", async () => {
    const r = await runBin(["--format", "summary", "examples/run.ndjson"]);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe("");
    const lines = r.stdout.split("\n");
    expect(lines).toContain("input              examples/run.ndjson (NDJSON)");
    expect(lines).toContain("events             17");
    expect(lines).toContain(
      "by kind            StateUpdated 4, ActionRequested 5, ActionSucceeded 4, ActionFailed 1, Interrupted 1, Resumed 1, Completed 1",
    );
    expect(lines).toContain("replay cost        17");
    expect(lines).toContain(
      "interrupt latency  1 event (not milliseconds: the index rule), from the first Interrupted",
    );
    expect(lines).toContain("                   (event 12, seq 12) to the first Resumed (event 13, seq 13)");
    expect(lines).toContain("seq                first 1, last 17");
    expect(lines).toContain(
      "time               first 2024-05-01T10:00:00.000Z (1714557600000), last 2024-05-01T10:01:48.925Z (1714557708925)",
    );
    expect(lines).toContain("run ids            1: run-7f3a9c");
  });

  it("names the Interrupted→Resumed pair that gave the 0.3 latency", async () => {
    const r = await runBin(["-f", "summary", "-p", "0.3", "examples/run.ndjson"]);
    expect(r.stdout).toContain(
      "interrupt latency  95,000 ms, from Interrupted#12 at 2024-05-01T10:00:13.220Z (1714557613220)\n" +
        "                   to Resumed#13 at 2024-05-01T10:01:48.220Z (1714557708220)\n",
    );
  });

  it("counts kinds it does not know, and says when there are no timestamps or no latency", async () => {
    const r = await runInProcess(
      ["-f", "summary"],
      '{"run_id":"a","seq":5,"kind":"Custom"}\n{"run_id":"b","seq":6,"kind":"Custom"}\n{"run_id":"a","seq":7,"kind":"Completed"}\n',
    );
    expect(r.stdout).toContain("by kind            Completed 1, Custom 2\n");
    expect(r.stdout).toContain("interrupt latency  none\n");
    expect(r.stdout).toContain("seq                first 5, last 7\n");
    expect(r.stdout).toContain("time               no timestamps\n");
    expect(r.stdout).toContain("run ids            2: a, b\n");
  });

  it("summarises a checkpoint history", async () => {
    const r = await runBin([
      "--checkpoints",
      "examples/checkpoints.json",
      "--run-id",
      "run-7f3a9c",
      "-p",
      "0.3",
      "--lease",
      "attempt-1=worker-a",
      "-f",
      "summary",
    ]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("events             5\n");
    expect(r.stdout).toContain("by kind            CheckpointSaved 5\n");
    expect(r.stdout).toContain("interrupt latency  95,060 ms, the largest gap between consecutive checkpoints\n");
    expect(r.stdout).toContain("lease graph        attempt-1 → worker-a\n");
  });
});
