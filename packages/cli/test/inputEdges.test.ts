import { spawn } from "node:child_process";
import { chmodSync, chownSync, readdirSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { BIN, ROOT, runBin, runInProcess, tempDir, type RunResult } from "./helpers.js";

// Issue 9's input and terminal edges: inputs checked for readability before
// anything is written, a run with no valid event is no success, syntax errors
// located as FILE:LINE:COLUMN, gzip named in the summary, and text from the
// input escaped wherever a person reads it.

const tmp = tempDir();
chmodSync(tmp.dir, 0o755); // `nobody` must reach the files below
afterAll(() => tmp.dispose());

const line = (seq: number, extra: Partial<Record<"run_id" | "kind" | "step_id", string>> = {}) =>
  JSON.stringify({
    run_id: extra.run_id ?? "r1",
    seq,
    step_id: extra.step_id ?? null,
    action_id: null,
    kind: extra.kind ?? "StateUpdated",
  });

/** Runs the built CLI as a user who cannot read a file mode 000: `nobody` when this is root, else this user. */
function runUnprivileged(args: readonly string[]): Promise<RunResult> {
  const root = process.getuid?.() === 0;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: { PATH: process.env["PATH"] ?? "" },
      ...(root ? { uid: 65534, gid: 65534 } : {}),
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    child.on("error", reject);
    child.on("close", (code) => {
      const stdoutBytes = Buffer.concat(out);
      resolve({
        status: code ?? -1,
        stdout: stdoutBytes.toString(),
        stderr: Buffer.concat(err).toString(),
        stdoutBytes,
      });
    });
    child.stdin.end();
  });
}

describe("every input is checked for reading before anything is written", () => {
  it("an unreadable second file fails the run (66) with nothing on stdout and the --output target untouched", async () => {
    // Big enough that its result (over 128 KiB) would be on its way to stdout before the second file is opened.
    const first = tmp.write("first.ndjson", Array.from({ length: 20_000 }, (_, i) => `${line(i + 1)}\n`).join(""));
    const second = tmp.write("second.ndjson", `${line(2)}\n`);
    chmodSync(first, 0o644);
    chmodSync(second, 0o000);
    const r = await runUnprivileged([first, second]);
    expect(r.status).toBe(66);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(`oris-observe: ${second}: cannot open: permission denied\n`);

    const target = tmp.write("result.json", "previous result\n");
    chmodSync(target, 0o666);
    if (process.getuid?.() === 0) chownSync(tmp.dir, 65534, 65534); // nobody may create its temporary file here
    try {
      const w = await runUnprivileged([first, second, "--output", target]);
      expect(w.status).toBe(66);
      expect(tmp.read("result.json")).toBe("previous result\n");
      expect(readdirSync(tmp.dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    } finally {
      if (process.getuid?.() === 0) chownSync(tmp.dir, 0, 0);
    }
  });
});

describe("--skip-invalid: a run with no valid event is not a success", () => {
  it("every record bad: exit 65, no result, a message that says why", async () => {
    const r = await runInProcess(["--skip-invalid"], '{"seq":"1"}\n{"run_id":1}\nnot json\n');
    expect(r.status).toBe(65);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(
      /^<stdin>:1: \/[a-z_]+: expected .*\n<stdin>:2: .*\n<stdin>:3:2: not valid JSON: expected null \(got "no"\)\n/,
    );
    expect(r.stderr).toMatch(/\noris-observe: no valid event: all 3 records were bad, so there is no result\n$/);
  });

  it("one valid event is enough, and an empty trace is still an empty result", async () => {
    const some = await runInProcess(["--skip-invalid"], `{"seq":"1"}\n${line(2)}\n`);
    expect(some.status).toBe(0);
    expect(some.stdout).toBe(
      '{"reasoning_timeline":["StateUpdated#2"],"lease_graph":null,"replay_cost":1,"interrupt_latency_ms":null}\n',
    );
    const empty = await runInProcess(["--skip-invalid"], "[]");
    expect(empty.status).toBe(0);
    expect(empty.stdout).toBe(
      '{"reasoning_timeline":null,"lease_graph":null,"replay_cost":null,"interrupt_latency_ms":null}\n',
    );
  });

  it("--by-run and --checkpoints refuse an all-bad input the same way", async () => {
    const byRun = await runInProcess(["--by-run", "--skip-invalid"], '{"seq":"1"}\n');
    expect(byRun.status).toBe(65);
    expect(byRun.stdout).toBe("");
    expect(byRun.stderr).toMatch(/no valid event: all 1 record was bad/);
    const history = tmp.write("history.json", '[{"checkpoint_id":1}]');
    const cp = await runInProcess(["--checkpoints", history, "--run-id", "r", "--skip-invalid"]);
    expect(cp.status).toBe(65);
    expect(cp.stdout).toBe("");
    expect(cp.stderr).toMatch(/no valid event: all 1 record was bad/);
  });
});

describe("a record that is not JSON is located as FILE:LINE:COLUMN", () => {
  it("in NDJSON, with serde_json's column (UTF-8 bytes) and words, and no raw input echoed", async () => {
    const file = tmp.write("syntax.ndjson", `${line(1)}\n{"run_id":"é","seq":2 "kind"}\n`);
    const r = await runBin([file]);
    expect(r.status).toBe(65);
    expect(r.stderr.split("\n")[0]).toBe(`${file}:2:24: not valid JSON: expected "," or "}" (got the character "\\"")`);
  });

  it("in a JSON array, on the line and column where the element stops being JSON", async () => {
    const file = tmp.write("syntax.json", `[\n  ${line(1)},\n  {"run_id": "r1",\n   "seq": 2 3}\n]\n`);
    const r = await runBin([file, "--check"]);
    expect(r.status).toBe(65);
    expect(r.stderr.split("\n")[0]).toBe(
      `${file}:4:13: /1: not valid JSON: expected "," or "}" (got the character "3")`,
    );
  });
});

describe("the summary names a gzip input as such", () => {
  it("says gzip and the layout", async () => {
    const file = tmp.write("trace.ndjson.gz", gzipSync(`${line(1)}\n`));
    const r = await runBin([file, "--format", "summary"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(
      new RegExp(`^input +${file.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")} \\(gzip, NDJSON\\)$`, "m"),
    );
    const plain = await runBin([tmp.write("trace.ndjson", `${line(1)}\n`), "--format", "summary"]);
    expect(plain.stdout).toMatch(/^input +\S+trace\.ndjson \(NDJSON\)$/m);
  });
});

describe("text from the input reaches no terminal raw", () => {
  const hostile = "run\u001b]0;owned\u0007\r\u009b2J\u202eevil";

  it("in the summary: run ids, kinds and step ids are escaped", async () => {
    const r = await runInProcess(["--format", "summary"], `${line(1, { run_id: hostile, kind: `K${hostile}` })}\n`);
    expect(r.status).toBe(0);
    expect(r.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
    expect(r.stdout).toContain("run\\u001b]0;owned\\u0007\\u000d\\u009b2J\\u202eevil");
  });

  it("in bad-record messages and in the warning about many runs", async () => {
    const bad = await runInProcess(
      ["--skip-invalid"],
      `${line(1)}\n{"run_id":"x","seq":${JSON.stringify(hostile)},"step_id":null,"action_id":null,"kind":"K"}\n`,
    );
    expect(bad.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
    expect(bad.stderr).toMatch(/^<stdin>:2: \/seq: expected .*\\u001b.*\\u009b.*\\u202e/m);
    const mixed = await runInProcess([], `${line(1, { run_id: hostile })}\n${line(2)}\n`);
    expect(mixed.status).toBe(0);
    expect(mixed.stderr).toMatch(
      /^oris-observe: warning: the trace holds 2 runs \("run\\u001b\]0;owned\\u0007\\r\\u009b2J\\u202eevil", "r1"\)/m,
    );
    expect(mixed.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
  });
});
