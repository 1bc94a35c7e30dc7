import { execFileSync, spawn } from "node:child_process";
import { createReadStream, existsSync, lstatSync, readdirSync, readFileSync, symlinkSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BIN, ROOT, runBin, tempDir } from "./helpers.js";

const EXAMPLE = readFileSync(`${ROOT}/examples/run.ndjson`, "utf8");
const EXPECTED =
  '{"reasoning_timeline":["StateUpdated#1","ActionRequested#2","ActionSucceeded#3","StateUpdated#4","ActionRequested#5","ActionFailed#6","ActionRequested#7","ActionSucceeded#8","StateUpdated#9","ActionRequested#10","ActionSucceeded#11","Interrupted#12","Resumed#13","StateUpdated#14","ActionRequested#15","ActionSucceeded#16","Completed#17"],"lease_graph":null,"replay_cost":17,"interrupt_latency_ms":1}\n';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.dispose());

describe("--output FILE", () => {
  it("writes the result to FILE and nothing to stdout, leaving no temporary file", async () => {
    const out = tmp.path("result.json");
    const r = await runBin(["--output", out, "examples/run.ndjson"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("");
    expect(readFileSync(out, "utf8")).toBe(EXPECTED);
    expect(readdirSync(tmp.dir)).toEqual(["result.json"]);
  });

  it("leaves an existing FILE as it was when the run fails, and removes its temporary file", async () => {
    const out = tmp.write("result.json", "the previous result\n");
    const r = await runBin(["-o", out, "-"], { stdin: `${EXAMPLE}{"run_id":"r","seq":-1,"kind":"K"}\n` });
    expect(r.status).toBe(65);
    expect(readFileSync(out, "utf8")).toBe("the previous result\n");
    expect(readdirSync(tmp.dir)).toEqual(["result.json"]);
  });

  it("can replace its own input, which is read completely before the rename", async () => {
    const file = tmp.write("trace.ndjson", EXAMPLE);
    const r = await runBin(["--output", file, file]);
    expect(r.status).toBe(0);
    expect(readFileSync(file, "utf8")).toBe(EXPECTED);
  });

  it("keeps a symbolic link, replacing the file it points to", async () => {
    const real = tmp.write("real.json", "old\n");
    symlinkSync("real.json", tmp.path("link.json"));
    const r = await runBin(["--output", tmp.path("link.json"), "examples/run.ndjson"]);
    expect(r.status).toBe(0);
    expect(lstatSync(tmp.path("link.json")).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, "utf8")).toBe(EXPECTED);
    expect(readdirSync(tmp.dir).sort()).toEqual(["link.json", "real.json"]);
  });

  it("writes straight into what is not a regular file (a named pipe here, /dev/stdout in a shell) instead of replacing it", async () => {
    const fifo = tmp.path("fifo");
    execFileSync("mkfifo", [fifo]);
    const reading = new Promise<string>((resolve) => {
      let text = "";
      createReadStream(fifo, "utf8")
        .on("data", (t) => (text += String(t)))
        .on("end", () => resolve(text));
    });
    const r = await runBin(["--output", fifo, "examples/run.ndjson"]);
    expect(r.status).toBe(0);
    expect(await reading).toBe(EXPECTED);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(readdirSync(tmp.dir)).toEqual(["fifo"]);
  });

  it("refuses a directory (exit 74)", async () => {
    const r = await runBin(["--output", tmp.dir, "examples/run.ndjson"]);
    expect(r.status).toBe(74);
    expect(r.stderr).toBe(`oris-observe: ${tmp.dir}: cannot write: it is a directory\n`);
  });

  it("- is stdout", async () => {
    const r = await runBin(["--output", "-", "examples/run.ndjson"]);
    expect(r.stdout).toBe(EXPECTED);
  });

  it("removes its temporary file when interrupted (SIGINT), leaving no result", async () => {
    const out = tmp.path("result.json");
    const child = spawn(process.execPath, [BIN, "--output", out], { cwd: ROOT, stdio: ["pipe", "ignore", "ignore"] });
    // Stdin stays open: the run waits for more of the trace, with its temporary file open.
    child.stdin.write(EXAMPLE);
    while (readdirSync(tmp.dir).length === 0) await new Promise((r) => setTimeout(r, 20));
    expect(readdirSync(tmp.dir)[0]).toMatch(/^\.result\.json\.\d+-[0-9a-f]{8}\.tmp$/);
    const ended = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on("close", (_code, signal) => resolve(signal)),
    );
    child.kill("SIGINT");
    expect(await ended).toBe("SIGINT");
    expect(readdirSync(tmp.dir)).toEqual([]);
    expect(existsSync(out)).toBe(false);
  });
});

describe("standard output", () => {
  it("stops quietly with 74 when the reader goes away (a broken pipe)", async () => {
    // 300,000 events: far more output than a pipe holds, so the CLI is still writing when stdout closes.
    const child = spawn(process.execPath, [BIN, "-"], { cwd: ROOT, stdio: ["pipe", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (b: Buffer) => (stderr += b.toString()));
    child.stdout.once("data", () => child.stdout.destroy());
    const closed = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
    child.stdin.on("error", () => {});
    let open = true;
    void closed.then(() => (open = false));
    for (let i = 0; i < 300 && open; i++) {
      let text = "";
      for (let j = 1; j <= 1000; j++)
        text += `{"run_id":"r","seq":${i * 1000 + j},"step_id":null,"action_id":null,"kind":"StateUpdated"}\n`;
      if (!child.stdin.write(text)) await Promise.race([new Promise((r) => child.stdin.once("drain", r)), closed]);
    }
    child.stdin.end();
    expect(await closed).toBe(74);
    expect(stderr).toBe("");
  });
});
