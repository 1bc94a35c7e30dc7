import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runBin, runInProcess, tempDir } from "./helpers.js";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };
const USAGE_HINT = "Try 'oris-observe --help' for usage.";

describe("--help and --version", () => {
  it("--help prints the usage, with every option and exit status, on stdout", async () => {
    const r = await runBin(["--help"]);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(/^Usage: oris-observe \[options\] \[FILE \.\.\.\]\n/);
    for (const option of [
      "--profile",
      "--format",
      "--output",
      "--check",
      "--skip-invalid",
      "--checkpoints",
      "--run-id",
      "--lease",
      "--db",
      "--source",
      "--timestamps",
      "--schema",
      "--busy-timeout",
      "--by-run",
      "--help",
      "--version",
    ]) {
      expect(r.stdout).toContain(option);
    }
    expect(r.stdout).toContain("\nExit status:\n  0   the result was written"); // every status: help.test.ts
    expect((await runBin(["-h"])).stdout).toBe(r.stdout);
  });

  it("--version prints the version in package.json", async () => {
    const r = await runBin(["--version"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`oris-observe ${pkg.version}\n`);
    expect((await runBin(["-V"])).stdout).toBe(r.stdout);
  });
});

describe("usage errors exit 64 and say what is wrong", () => {
  it.each([
    [["--frobnicate"], "Unknown option '--frobnicate'"],
    [["--profile", "0.4"], '--profile must be 0.2 or 0.3 (got "0.4")'],
    [["--format", "yaml"], '--format must be json, pretty, summary or html (got "yaml")'],
    [["--check", "--output", "x.json"], "--check only validates: it cannot be combined with --output"],
    [["--check", "--skip-invalid"], "--check only validates: it cannot be combined with --skip-invalid"],
    [["--check", "--format", "pretty"], "--check only validates: it cannot be combined with --format"],
    [["--checkpoints", "h.json"], "--checkpoints needs --run-id ID (the run the history belongs to)"],
    [
      ["--checkpoints", "h.json", "--run-id", "r", "trace.ndjson"],
      "--checkpoints reads a checkpoint history instead of a trace: give no trace FILE",
    ],
    [
      ["--checkpoints", "h.json", "--run-id", "r", "--lease", "a=w"],
      "--lease needs --profile 0.3 (Oris 0.2 reports no lease graph)",
    ],
    [
      ["--checkpoints", "h.json", "--run-id", "r", "-p", "0.3", "--lease", "a"],
      '--lease takes ATTEMPT=WORKER (got "a")',
    ],
    [["--run-id", "r"], "--run-id goes with --checkpoints"],
    [["--lease", "a=w"], "--lease goes with --checkpoints (a kernel trace has no lease graph)"],
    [["--profile"], "Option '-p, --profile <value>' argument missing"],
    [["-", "-"], 'standard input ("-") can be read only once'],
  ])("%j", async (args, message) => {
    const r = await runInProcess(args);
    expect(r.status).toBe(64);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(`oris-observe: ${message}`);
    expect(r.stderr.trimEnd().endsWith(USAGE_HINT)).toBe(true);
  });

  it("with no FILE and a terminal on stdin, asks for input instead of waiting", async () => {
    const { Readable } = await import("node:stream");
    const { main } = await import("../src/main.js");
    const stdin = Object.assign(Readable.from([]), { isTTY: true });
    const err: string[] = [];
    const { Writable } = await import("node:stream");
    const stderr = new Writable({ write: (c, _e, done) => (err.push(String(c)), done()) });
    const status = await main([], { stdin, stdout: new Writable({ write: (_c, _e, done) => done() }), stderr });
    expect(status).toBe(64);
    expect(err.join("")).toContain("no input: give a trace file, or pipe one into standard input");
  });
});

describe("inputs that cannot be opened exit 66, before any output", () => {
  it("a missing file, even after a good one", async () => {
    const r = await runBin(["examples/run.ndjson", "no/such/trace.ndjson"]);
    expect(r.status).toBe(66);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe("oris-observe: no/such/trace.ndjson: cannot open: no such file\n");
  });

  it("a directory", async () => {
    const r = await runBin(["examples"]);
    expect(r.status).toBe(66);
    expect(r.stderr).toBe("oris-observe: examples: cannot open: it is a directory\n");
  });

  it("a missing checkpoint history", async () => {
    const r = await runBin(["--checkpoints", "nope.json", "--run-id", "r"]);
    expect(r.status).toBe(66);
    expect(r.stderr).toBe("oris-observe: nope.json: cannot open: no such file\n");
  });
});

describe("I/O errors exit 74", () => {
  it("an output file that cannot be created", async () => {
    const tmp = tempDir();
    try {
      const r = await runBin(["--output", tmp.path("no-such-dir/out.json"), "examples/run.ndjson"]);
      expect(r.status).toBe(74);
      expect(r.stderr).toMatch(/^oris-observe: .*no-such-dir\/out\.json: cannot write: ENOENT/);
    } finally {
      tmp.dispose();
    }
  });

  it("a read error part-way (/proc/self/mem: a file whose reads fail with EIO)", async () => {
    // /proc/self/mem: stat says a regular file of size 0, reading fails with EIO.
    const r = await runBin(["/proc/self/mem"]);
    expect(r.status).toBe(74);
    expect(r.stderr).toMatch(/^oris-observe: \/proc\/self\/mem: read error: /);
  });
});
