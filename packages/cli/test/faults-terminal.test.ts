import { Readable, Writable } from "node:stream";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { closestOption, editDistance } from "../src/cliOptions.js";
import { main } from "../src/main.js";
import { runInProcess, tempDir } from "./helpers.js";

// The terminal side of issue 9: the progress line and the result on one
// screen, the progress line on every way out, --quiet and --no-progress,
// and unknown options. In process, with streams that say they are terminals.

const line = (run: string, seq: number) =>
  `{"run_id":"${run}","seq":${seq},"step_id":null,"action_id":null,"kind":"StateUpdated"}\n`;
const tmp = tempDir();
afterAll(() => tmp.dispose());
afterEach(() => vi.restoreAllMocks());

/** 40,000 events: the result (about 880 KB) is written in pieces while the file is read. */
const BIG = tmp.write("big.ndjson", Array.from({ length: 40_000 }, (_, i) => line("r", i + 1)).join(""));
const TWO_RUNS = tmp.write("two-runs.ndjson", line("a", 1) + line("b", 2));

/** Every progress tick draws (the clock moves a second per look). */
function fastClock(): void {
  let now = 1_700_000_000_000;
  vi.spyOn(Date, "now").mockImplementation(() => (now += 1000));
}

/** A stream that records what is written to it, into `into` (one array for both: one screen). */
function terminal(into: string[], isTTY: boolean, onWrite: () => void = () => {}): Writable & { isTTY: boolean } {
  return Object.assign(
    new Writable({
      write(chunk: Buffer | string, _encoding, done) {
        into.push(String(chunk));
        onWrite();
        done();
      },
    }),
    { isTTY },
  );
}

describe("the progress line and the result on the same terminal", () => {
  it("is erased before the result is written, and not drawn inside the result's line", async () => {
    fastClock();
    const screen: string[] = [];
    const status = await main([BIG], {
      stdin: Readable.from([]),
      stdout: terminal(screen, true),
      stderr: terminal(screen, true),
    });
    expect(status).toBe(0);
    const text = screen.join("");
    const start = text.indexOf('{"reasoning_timeline"');
    expect(start).toBeGreaterThan(0);
    // Progress was shown while the file was read, and erased before the result began.
    expect(text.slice(0, start)).toMatch(
      /^\r\x1b\[Koris-observe: .* events\/s(\r\x1b\[Koris-observe: .* events\/s)*\r\x1b\[K$/s,
    );
    const result = text.slice(start);
    expect(result).not.toMatch(/[\r\x1b]/);
    expect(result).toMatch(
      /^\{"reasoning_timeline":\["StateUpdated#1",.*"StateUpdated#40000"\],"lease_graph":null,"replay_cost":40000,"interrupt_latency_ms":null\}\n$/s,
    );
  });

  it("with the result going elsewhere (a pipe, a file), is drawn throughout and erased at the end", async () => {
    fastClock();
    const screen: string[] = [];
    const out: string[] = [];
    const status = await main([BIG], {
      stdin: Readable.from([]),
      stdout: terminal(out, false),
      stderr: terminal(screen, true),
    });
    expect(status).toBe(0);
    const drawn = screen.join("");
    expect(drawn.split("oris-observe: ").length - 1).toBeGreaterThan(2);
    expect(drawn.endsWith("\r\x1b[K")).toBe(true);
  });
});

describe("the progress line is erased on every way out", () => {
  it("on a terminating signal (then the signal is raised again), even without --output", async () => {
    fastClock();
    expect(process.listenerCount("SIGHUP")).toBe(0); // the handler emitted below is the run's own
    const screen: string[] = [];
    let atKill: string | null = null;
    const kill = vi.spyOn(process, "kill").mockImplementation(() => {
      atKill = screen.join("");
      return true;
    });
    let signalled = false;
    const stdout = terminal([], false, () => {
      if (signalled) return;
      signalled = true;
      process.emit("SIGHUP", "SIGHUP");
    });
    const status = await main([BIG], { stdin: Readable.from([]), stdout, stderr: terminal(screen, true) });
    expect(status).toBe(0); // the signal was not really raised
    expect(kill).toHaveBeenCalledWith(process.pid, "SIGHUP");
    expect(atKill).toMatch(/oris-observe: .*\r\x1b\[K$/s);
    expect(process.listenerCount("SIGHUP")).toBe(0);
  });

  it("on an error", async () => {
    fastClock();
    const bad = tmp.write("bad-at-end.ndjson", `${line("r", 1)}{"run_id":"r","seq":-1,"kind":"K"}\n`);
    // A good file first, so that the line is drawn before the bad record stops the run.
    const r = await runInProcess([TWO_RUNS, bad], "", { stderrIsTTY: true });
    expect(r.status).toBe(65);
    expect(r.stderr).toMatch(
      /^(\r\x1b\[Koris-observe: [^\r]*)+\r\x1b\[K[^\r\x1b]*bad-at-end\.ndjson:2(:\d+)?: [^\r\x1b]*$/,
    );
  });
});

describe("--quiet and --no-progress", () => {
  it("--quiet: no progress line, no warnings", async () => {
    const r = await runInProcess(["--quiet", TWO_RUNS], "", { stderrIsTTY: true });
    expect([r.status, r.stderr]).toEqual([0, ""]);
    expect(r.stdout).toMatch(/^\{"reasoning_timeline":/);
    expect((await runInProcess(["-q", TWO_RUNS], "", { stderrIsTTY: true })).stderr).toBe("");
    // Without it: both.
    const loud = await runInProcess([TWO_RUNS], "", { stderrIsTTY: true });
    expect(loud.stderr).toContain("\x1b[K");
    expect(loud.stderr).toContain("oris-observe: warning: the trace holds 2 runs");
  });

  it("--quiet still reports errors and bad records", async () => {
    const bad = tmp.write("bad.ndjson", `${line("r", 1)}{"run_id":"r","seq":-1,"kind":"K"}\n`);
    const r = await runInProcess(["--quiet", bad], "", { stderrIsTTY: true });
    expect(r.status).toBe(65);
    expect(r.stderr).toMatch(/^[^\x1b]*bad\.ndjson:2(:\d+)?: \/seq: .*\noris-observe: stopped at the first bad record/);
    const skipped = await runInProcess(["-q", "--skip-invalid", bad]);
    expect(skipped.status).toBe(0);
    expect(skipped.stderr).toContain("oris-observe: skipped 1 bad record of 2");
  });

  it("--no-progress: no progress line, warnings kept", async () => {
    const r = await runInProcess(["--no-progress", TWO_RUNS], "", { stderrIsTTY: true });
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/^oris-observe: warning: the trace holds 2 runs/);
    expect(r.stderr).not.toContain("\x1b");
  });
});

describe("an unknown option says which, and suggests the closest known one (exit 64, usage)", () => {
  const HINT = "Try 'oris-observe --help' for usage.\n";
  it.each([
    [["--outptu", "x.json"], "Unknown option '--outptu' (did you mean --output?)"],
    [["--ouput=x.json"], "Unknown option '--ouput' (did you mean --output?)"],
    [["--skip-invalidd"], "Unknown option '--skip-invalidd' (did you mean --skip-invalid?)"],
    [["--by-runs"], "Unknown option '--by-runs' (did you mean --by-run?)"],
    [["--chekc"], "Unknown option '--chekc' (did you mean --check?)"],
    [["--out"], "Unknown option '--out' (did you mean --output?)"],
    [["--qiet"], "Unknown option '--qiet' (did you mean --quiet?)"],
    [["--frobnicate"], "Unknown option '--frobnicate'"],
    [["-x"], `Unknown option '-x' (a FILE whose name starts with "-" goes after "--": -- -x)`],
  ])("%j", async (args, message) => {
    const r = await runInProcess(args);
    expect(r.status).toBe(64);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(`oris-observe: ${message}\n${HINT}`);
  });

  it("edit distance: swaps of neighbours cost one", () => {
    expect(editDistance("outptu", "output")).toBe(1);
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(closestOption("--zzzzzz")).toBeNull();
    expect(closestOption("--p")).toBe("--profile");
    expect(closestOption("--s")).toBeNull(); // --skip-invalid, --source, --schema: no single guess
  });
});
