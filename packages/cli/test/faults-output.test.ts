import { execFileSync, spawn, type ChildProcess, type StdioOptions } from "node:child_process";
import {
  chmodSync,
  chownSync,
  closeSync,
  createReadStream,
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, ROOT, tempDir } from "./helpers.js";

// The fault suite for the output side (issue 9): the built CLI, spawned,
// against full disks, closed pipes, named pipes whose reader leaves,
// signals, odd inputs and another user's permissions. Every case checks the
// exit status (or the signal), the message, the target (content, mode,
// owner) and that no temporary file (`.TARGET.PID-HEX.tmp`) is left.

/** NDJSON of `n` valid events of one run (about 22 bytes of output each). */
function events(n: number): string {
  let text = "";
  for (let i = 1; i <= n; i++)
    text += `{"run_id":"r","seq":${i},"step_id":null,"action_id":null,"kind":"StateUpdated"}\n`;
  return text;
}

/** Far more than the 128 KiB an output buffer holds before it is written: the run writes while it reads. */
const BIG_EVENTS = 40_000;

interface Ended {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Spawns the built CLI (`prefix` runs it through another program: setpriv, sh; `nodeOptions` go to node). */
function start(
  args: readonly string[],
  options: { stdio?: StdioOptions; prefix?: readonly string[]; nodeOptions?: readonly string[]; cwd?: string } = {},
): { child: ChildProcess; ended: Promise<Ended> } {
  const prefix = options.prefix ?? [];
  const node = [process.execPath, ...(options.nodeOptions ?? []), BIN, ...args];
  const command = prefix.length > 0 ? (prefix[0] as string) : process.execPath;
  const argv = prefix.length > 0 ? [...prefix.slice(1), ...node] : node.slice(1);
  const child = spawn(command, argv, {
    cwd: options.cwd ?? ROOT,
    env: { PATH: process.env["PATH"] ?? "" },
    stdio: options.stdio ?? ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  // Decoded as streams: a character split between two pipe chunks stays one character.
  child.stdout?.setEncoding("utf8");
  child.stderr?.setEncoding("utf8");
  child.stdout?.on("data", (text: string) => (stdout += text));
  child.stdout?.on("error", () => {});
  child.stderr?.on("data", (text: string) => (stderr += text));
  child.stdin?.on("error", () => {});
  const ended = new Promise<Ended>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (status, signal) => resolve({ status, signal, stdout, stderr }));
  });
  return { child, ended };
}

const run = (args: readonly string[], options: Parameters<typeof start>[1] = {}): Promise<Ended> =>
  start(args, options).ended;

const until = async (condition: () => boolean, what: string): Promise<void> => {
  for (let i = 0; i < 500; i++) {
    if (condition()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
};

const TEMP = /^\.[^/]+\.\d+-[0-9a-f]{8}\.tmp$/;
const temps = (dir: string): string[] => readdirSync(dir).filter((n) => TEMP.test(n));
const modeOf = (path: string): number => statSync(path).mode & 0o7777;

const tmp = tempDir();
/** A trace whose result (about 880 KB) is far larger than a buffer, a pipe, or the small file system below. */
let big = "";
/** The same trace's result, as a successful run writes it. */
let bigResult = "";
beforeAll(async () => {
  big = tmp.write("big.ndjson", events(BIG_EVENTS));
  const r = await run([big]);
  expect(r.status).toBe(0);
  bigResult = r.stdout;
  expect(bigResult.length).toBeGreaterThan(512 * 1024);
});
afterAll(() => tmp.dispose());

/** A fresh directory holding `result.json` (the previous result) with `mode`, and its path. */
function targetDir(name: string, mode = 0o640): { dir: string; target: string } {
  const dir = tmp.path(name);
  mkdirSync(dir);
  const target = join(dir, "result.json");
  writeFileSync(target, "the previous result\n");
  chmodSync(target, mode);
  return { dir, target };
}

/** The target is as it was, and nothing else is in its directory. */
function expectUntouched(dir: string, target: string, mode = 0o640): void {
  expect(readFileSync(target, "utf8")).toBe("the previous result\n");
  expect(modeOf(target)).toBe(mode);
  expect(readdirSync(dir)).toEqual(["result.json"]);
}

describe("a write that fails part-way exits 74, names the target and the error, and leaves nothing behind", () => {
  it("--output /dev/full, a result larger than a buffer (it used to exit 13, silently)", async () => {
    const r = await run(["--output", "/dev/full", big]);
    expect(r.stderr).toBe("oris-observe: /dev/full: write error: ENOSPC: no space left on device\n");
    expect(r.status).toBe(74);
    expect(temps("/dev")).toEqual([]);
  });

  it("--output /dev/full, a small result (written at the end)", async () => {
    const r = await run(["--output", "/dev/full", "examples/run.ndjson"]);
    expect(r.stderr).toBe("oris-observe: /dev/full: write error: ENOSPC: no space left on device\n");
    expect(r.status).toBe(74);
  });

  it("stdout on /dev/full", async () => {
    const fd = openSync("/dev/full", "w");
    try {
      for (const input of [big, "examples/run.ndjson"]) {
        const r = await run([input], { stdio: ["ignore", fd, "pipe"] });
        expect(r.stderr).toBe("oris-observe: <stdout>: write error: ENOSPC: no space left on device\n");
        expect(r.status).toBe(74);
      }
    } finally {
      closeSync(fd);
    }
  });

  describe("a full file system (a 256 KiB tmpfs)", () => {
    const mnt = tmp.path("small-fs");
    /** Why the cases below cannot run here, or null when the tmpfs is mounted. */
    let unavailable: string | null = null;
    beforeAll(() => {
      mkdirSync(mnt);
      try {
        execFileSync("mount", ["-t", "tmpfs", "-o", "size=256k,mode=0755", "tmpfs", mnt], { stdio: "pipe" });
      } catch (err) {
        // Only a refusal to mount is a reason to skip: CI runs as root, where this works.
        const text = String((err as { stderr?: Buffer }).stderr ?? err);
        if (process.getuid?.() === 0 && !/permission denied|not permitted|only root/i.test(text)) throw err;
        unavailable = `mount -t tmpfs is not permitted here: ${text.trim()}`;
      }
    });
    afterAll(() => {
      if (unavailable === null) execFileSync("umount", [mnt]);
    });

    it("leaves the target as it was (content, mode, owner) and removes the temporary file", async (ctx) => {
      if (unavailable !== null) ctx.skip(unavailable);
      const target = join(mnt, "result.json");
      writeFileSync(target, "the previous result\n");
      chmodSync(target, 0o600);
      chownSync(target, 1234, 2345);
      const r = await run(["--output", target, big]);
      expect(r.stderr).toBe(`oris-observe: ${target}: write error: ENOSPC: no space left on device\n`);
      expect(r.status).toBe(74);
      expect(readFileSync(target, "utf8")).toBe("the previous result\n");
      const info = statSync(target);
      expect([info.mode & 0o7777, info.uid, info.gid]).toEqual([0o600, 1234, 2345]);
      expect(readdirSync(mnt)).toEqual(["result.json"]);
    });

    it("a result that fits is written, through the same temporary file", async (ctx) => {
      if (unavailable !== null) ctx.skip(unavailable);
      const target = join(mnt, "result.json");
      const r = await run(["--output", target, "examples/run.ndjson"]);
      expect([r.status, r.stderr]).toEqual([0, ""]);
      expect(readFileSync(target, "utf8")).toMatch(/^\{"reasoning_timeline":\["StateUpdated#1",/);
      expect(readdirSync(mnt)).toEqual(["result.json"]);
    });
  });

  it("a named pipe whose reader leaves part-way: 74 and a message (a named --output is not stdout: someone should hear of it)", async () => {
    const dir = tmp.path("fifo-dir");
    mkdirSync(dir);
    const fifo = join(dir, "fifo");
    execFileSync("mkfifo", [fifo]);
    let got = 0;
    const reader = createReadStream(fifo);
    reader.once("data", (b) => {
      got += b.length;
      reader.destroy();
    });
    const r = await run(["--output", fifo, big]);
    expect(got).toBeGreaterThan(0);
    expect(r.stderr).toBe(`oris-observe: ${fifo}: write error: EPIPE: broken pipe\n`);
    expect(r.status).toBe(74);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(readdirSync(dir)).toEqual(["fifo"]);
  });

  it("stdout's reader exits early: 74, quietly (`oris-observe … | head`)", async () => {
    const { child, ended } = start([big], { stdio: ["ignore", "pipe", "pipe"] });
    child.stdout?.once("data", () => child.stdout?.destroy());
    const r = await ended;
    expect(r.status).toBe(74);
    expect(r.stderr).toBe("");
  });
});

describe("the replaced target keeps what it was", () => {
  it("its mode, owner and group (a private result stays private)", async (ctx) => {
    if (process.getuid?.() !== 0) ctx.skip("needs root to give the target another owner");
    const { dir, target } = targetDir("keep-mode", 0o600);
    chownSync(target, 1234, 2345);
    const r = await run(["--output", target, "examples/run.ndjson"]);
    expect([r.status, r.stderr]).toEqual([0, ""]);
    const info = statSync(target);
    expect([info.mode & 0o7777, info.uid, info.gid]).toEqual([0o600, 1234, 2345]);
    expect(readFileSync(target, "utf8")).toMatch(/^\{"reasoning_timeline":/);
    expect(readdirSync(dir)).toEqual(["result.json"]);
  });

  it("the temporary file is never more open than the target, even while the run lasts", async () => {
    const { dir, target } = targetDir("temp-mode", 0o600);
    const { child, ended } = start(["--output", target], { stdio: ["pipe", "ignore", "pipe"] });
    child.stdin?.write(events(10));
    await until(() => temps(dir).length === 1, "the temporary file");
    expect(modeOf(join(dir, temps(dir)[0] as string))).toBe(0o600);
    child.stdin?.end();
    expect((await ended).status).toBe(0);
    expect(modeOf(target)).toBe(0o600);
  });

  it("a dangling symbolic link: the file is created where it points, and the link kept", async () => {
    const dir = tmp.path("dangling");
    mkdirSync(join(dir, "sub"), { recursive: true });
    symlinkSync("sub/real.json", join(dir, "link.json"));
    const r = await run(["--output", join(dir, "link.json"), "examples/run.ndjson"]);
    expect([r.status, r.stderr]).toEqual([0, ""]);
    expect(lstatSync(join(dir, "link.json")).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(dir, "link.json"))).toBe("sub/real.json");
    expect(readFileSync(join(dir, "sub/real.json"), "utf8")).toMatch(/^\{"reasoning_timeline":/);
    expect(readdirSync(join(dir, "sub"))).toEqual(["real.json"]);
  });

  it("a dangling link into a missing directory: 74, naming the link as given", async () => {
    const dir = tmp.path("dangling-nowhere");
    mkdirSync(dir);
    const link = join(dir, "link.json");
    symlinkSync("nowhere/real.json", link);
    const r = await run(["--output", link, "examples/run.ndjson"]);
    expect(r.status).toBe(74);
    expect(r.stderr).toBe(
      `oris-observe: ${link}: cannot write: ENOENT: no such file or directory (no directory ${join(dir, "nowhere")})\n`,
    );
    expect(readdirSync(dir)).toEqual(["link.json"]);
  });

  it("a hard link: the target name gets the new result, the other names keep the previous one (as mv; documented)", async () => {
    const { dir, target } = targetDir("hard-link", 0o644);
    linkSync(target, join(dir, "other.json"));
    const r = await run(["--output", target, "examples/run.ndjson"]);
    expect([r.status, r.stderr]).toEqual([0, ""]);
    expect(readFileSync(target, "utf8")).toMatch(/^\{"reasoning_timeline":/);
    expect(readFileSync(join(dir, "other.json"), "utf8")).toBe("the previous result\n");
    expect(modeOf(target)).toBe(0o644);
    expect(readdirSync(dir).sort()).toEqual(["other.json", "result.json"]);
  });

  it("--output into a missing directory names the path given, not the temporary file", async () => {
    const out = tmp.path("no-such-dir/out.json");
    const r = await run(["--output", out, "examples/run.ndjson"]);
    expect(r.status).toBe(74);
    expect(r.stderr).toBe(
      `oris-observe: ${out}: cannot write: ENOENT: no such file or directory (no directory ${tmp.path("no-such-dir")})\n`,
    );
    expect(r.stderr).not.toContain(".tmp");
  });
});

describe("a terminating signal mid-run: the temporary file is removed, the target left as it was, and the process dies of the signal (the shell sees 128 + its number)", () => {
  // SIGQUIT's default action dumps core: not here.
  const noCore = ["sh", "-c", 'ulimit -c 0; exec "$@"', "sh"];

  for (const signal of ["SIGHUP", "SIGINT", "SIGQUIT", "SIGTERM"] as const) {
    it(`${signal} with --output`, async () => {
      const { dir, target } = targetDir(`signal-${signal}`);
      const { child, ended } = start(["--output", target], { stdio: ["pipe", "pipe", "pipe"], prefix: noCore });
      // Stdin stays open: the run waits for the rest of the trace, its temporary file open and already written to.
      child.stdin?.write(events(BIG_EVENTS / 2));
      await until(
        () => temps(dir).length === 1 && statSync(join(dir, temps(dir)[0] as string)).size > 0,
        "the temporary file to be written",
      );
      child.kill(signal);
      const r = await ended;
      expect([r.status, r.signal, r.stdout, r.stderr]).toEqual([null, signal, "", ""]);
      expectUntouched(dir, target);
    });

    it(`${signal} with the result on stdout`, async () => {
      const { child, ended } = start([], { stdio: ["pipe", "pipe", "pipe"], prefix: noCore });
      let out = 0;
      child.stdout?.on("data", (b: Buffer) => (out += b.length));
      child.stdin?.write(events(BIG_EVENTS / 2));
      await until(() => out > 0, "the start of the result");
      child.kill(signal);
      const r = await ended;
      expect([r.status, r.signal, r.stderr]).toEqual([null, signal, ""]);
      expect(r.stdout.startsWith('{"reasoning_timeline":["StateUpdated#1",')).toBe(true);
      expect(r.stdout.endsWith("\n")).toBe(false); // never a complete document
    });
  }
});

describe("odd inputs", () => {
  it("a directory: 66, before anything is written", async () => {
    const { dir, target } = targetDir("input-dir");
    const r = await run(["--output", target, "examples"]);
    expect([r.status, r.stderr]).toEqual([66, "oris-observe: examples: cannot open: it is a directory\n"]);
    expectUntouched(dir, target);
  });

  it("/dev/null is an empty input (65: an empty trace is written `[]`)", async () => {
    const { dir, target } = targetDir("input-null");
    const r = await run(["--output", target, "/dev/null"]);
    expect(r.status).toBe(65);
    expect(r.stderr).toMatch(/^oris-observe: \/dev\/null: .*empty/);
    expectUntouched(dir, target);
  });

  describe("as another user (nobody)", () => {
    const asNobody = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"];
    let unavailable: string | null = null;
    let shared = "";
    beforeAll(() => {
      if (process.getuid?.() !== 0) unavailable = "needs root to run the CLI as nobody";
      shared = tmp.path("shared");
      mkdirSync(shared);
      chmodSync(tmp.dir, 0o755);
      chmodSync(shared, 0o777);
    });

    it("an input that cannot be read: 66, and the target is left as it was", async (ctx) => {
      if (unavailable !== null) ctx.skip(unavailable);
      const secret = join(shared, "secret.ndjson");
      writeFileSync(secret, events(3));
      chmodSync(secret, 0o600);
      const dir = join(shared, "out-unreadable");
      mkdirSync(dir);
      const target = join(dir, "result.json");
      writeFileSync(target, "the previous result\n");
      chmodSync(target, 0o640);
      chownSync(dir, 65534, 65534);
      chownSync(target, 65534, 65534);
      const r = await run(["--output", target, secret], { prefix: asNobody, cwd: "/" });
      expect(r.stderr).toBe(`oris-observe: ${secret}: cannot open: permission denied\n`);
      expect(r.status).toBe(66);
      expectUntouched(dir, target);
    });

    it("an output directory it cannot write: 74, naming the target", async (ctx) => {
      if (unavailable !== null) ctx.skip(unavailable);
      const dir = join(shared, "out-locked");
      mkdirSync(dir);
      chmodSync(dir, 0o755);
      const target = join(dir, "result.json");
      const r = await run(["--output", target, join(ROOT, "examples/run.ndjson")], { prefix: asNobody, cwd: "/" });
      expect(r.stderr).toBe(`oris-observe: ${target}: cannot write: EACCES: permission denied\n`);
      expect(r.status).toBe(74);
      expect(readdirSync(dir)).toEqual([]);
    });

    it("replacing another user's file in a directory it may write: the mode is kept, the file becomes its own (only root can give a file away)", async (ctx) => {
      if (unavailable !== null) ctx.skip(unavailable);
      const dir = join(shared, "out-foreign");
      mkdirSync(dir);
      chmodSync(dir, 0o777);
      const target = join(dir, "result.json");
      writeFileSync(target, "the previous result\n");
      chmodSync(target, 0o604);
      const r = await run(["--output", target, join(ROOT, "examples/run.ndjson")], { prefix: asNobody, cwd: "/" });
      expect([r.status, r.stderr]).toEqual([0, ""]);
      const info = statSync(target);
      expect([info.mode & 0o7777, info.uid]).toEqual([0o604, 65534]);
      expect(readdirSync(dir)).toEqual(["result.json"]);
    });
  });
});

describe("a run that never finishes (a bug: an operation that never completes)", () => {
  it("ends with 70 and says so, instead of Node's silent 13 (unsettled top-level await), and leaves no temporary file", async () => {
    const { dir, target } = targetDir("stuck");
    // The final rename never completes.
    const stuck =
      'data:text/javascript,import fs from "node:fs"; import { syncBuiltinESMExports } from "node:module"; fs.promises.rename = () => new Promise(() => {}); syncBuiltinESMExports();';
    const r = await run(["--output", target, "examples/run.ndjson"], { nodeOptions: ["--import", stuck] });
    expect(r.stderr).toBe(
      "oris-observe: internal error, please report it: the run stopped before finishing (an operation never completed)\n",
    );
    expect(r.status).toBe(70);
    expectUntouched(dir, target);
  });
});

describe("the built binary's exit status when everything goes right", () => {
  it("a big result through --output is complete", async () => {
    const { dir, target } = targetDir("big-ok");
    const r = await run(["--output", target, big]);
    expect([r.status, r.stderr]).toEqual([0, ""]);
    expect(readFileSync(target, "utf8")).toBe(bigResult);
    expect(modeOf(target)).toBe(0o640);
    expect(readdirSync(dir)).toEqual(["result.json"]);
    expect(existsSync(`${target}.tmp`)).toBe(false);
  });
});
