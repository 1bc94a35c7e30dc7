import { afterAll, describe, expect, it } from "vitest";
import { checkpoints, runBin, runInProcess, tempDir } from "./helpers.js";

// --checkpoints: the conformance histories through @oris/checkpoint-bridge,
// compared with the Rust runtime's bytes for both rule sets.

const tmp = tempDir();
afterAll(() => tmp.dispose());

const leaseArgs = (graph: readonly (readonly [string, string])[] | null): string[] =>
  (graph ?? []).flatMap(([attempt, worker]) => ["--lease", `${attempt}=${worker}`]);

describe("every conformance history (in process)", () => {
  it.each(checkpoints.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const seed = await runInProcess(["--checkpoints", "-", "--run-id", c.run_id], c.history_json);
    expect(seed.stderr).toBe("");
    expect(seed.stdout).toBe(`${c.seed_json}\n`);
    const upstream = await runInProcess(
      ["--checkpoints", "-", "--run-id", c.run_id, "-p", "0.3", ...leaseArgs(c.lease_graph)],
      c.history_json,
    );
    expect(upstream.stdout).toBe(`${c.upstream_0_3_json}\n`);
  });
});

describe("the built binary", () => {
  const named = checkpoints.filter((c) => !c.name.startsWith("random"));
  it.each(named.map((c) => [c.name, c] as const))("%s, from a file", async (_name, c) => {
    const file = tmp.write(`${c.name.replace(/\W/g, "_")}.json`, c.history_json);
    const seed = await runBin(["--checkpoints", file, "--run-id", c.run_id]);
    expect(seed.stdout).toBe(`${c.seed_json}\n`);
    const upstream = await runBin([
      "--checkpoints",
      file,
      "--run-id",
      c.run_id,
      "--profile",
      "0.3",
      ...leaseArgs(c.lease_graph),
    ]);
    expect(upstream.stdout).toBe(`${c.upstream_0_3_json}\n`);
  });

  it("the example history", async () => {
    const r = await runBin([
      "--checkpoints",
      "examples/checkpoints.json",
      "--run-id",
      "run-7f3a9c",
      "-p",
      "0.3",
      "--lease",
      "attempt-1=worker-a",
      "--lease",
      "attempt-2=worker=b",
    ]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(
      '{"reasoning_timeline":["CheckpointSaved#1(cp-1-plan)","CheckpointSaved#2(cp-2-search)","CheckpointSaved#3(cp-3-summarize)","CheckpointSaved#4(cp-4-review)","CheckpointSaved#5(cp-5-publish)"],' +
        '"lease_graph":[["attempt-1","worker-a"],["attempt-2","worker=b"]],"replay_cost":5,"interrupt_latency_ms":95060}\n',
    );
  });
});

describe("bad checkpoint histories", () => {
  const good = '{"checkpoint_id":"cp-1","created_at":"2023-11-14T22:13:20Z"}';
  it("a bad element: FILE:LINE: /index/field", async () => {
    const r = await runInProcess(
      ["--checkpoints", "-", "--run-id", "r"],
      `[\n${good},\n{"checkpoint_id":"cp-2","created_at":"yesterday"}\n]`,
    );
    expect(r.status).toBe(65);
    expect(r.stdout).toBe("");
    expect(r.stderr.split("\n")[0]).toMatch(/^<stdin>:3: \/1\/created_at: expected .*\(got the string "yesterday"\)$/);
  });

  it("--skip-invalid leaves it out", async () => {
    const r = await runInProcess(
      ["--checkpoints", "-", "--run-id", "r", "--skip-invalid"],
      `[${good},{"created_at":5}]`,
    );
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(
      '{"reasoning_timeline":["CheckpointSaved#1"],"lease_graph":null,"replay_cost":1,"interrupt_latency_ms":null}\n',
    );
    expect(r.stderr).toContain("oris-observe: skipped 1 bad record of 2\n");
  });

  it("--check validates", async () => {
    const r = await runInProcess(["--checkpoints", "-", "--run-id", "r", "--check"], `[${good},${good}]`);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe("oris-observe: 2 records, all valid\n");
  });

  it("not a JSON array", async () => {
    const r = await runInProcess(["--checkpoints", "-", "--run-id", "r"], `${good}\n`);
    expect(r.status).toBe(65);
    expect(r.stderr).toBe(
      'oris-observe: <stdin>: expected a JSON array of ExecutionCheckpointView (it starts with "{", not "[")\n',
    );
  });
});
