import { spawn } from "node:child_process";
import { once } from "node:events";
import { describe, expect, it } from "vitest";
import { BIN, ROOT } from "./helpers.js";

// Streaming, checked by behaviour rather than by timing: the result starts
// to come out while the input is still being written, and a run over far
// more events than fit in a small heap completes.

/** `count` events of one run, in serde_json's layout, `per` to a string. */
function* traceText(count: number, per = 1000): Generator<string> {
  for (let start = 1; start <= count; start += per) {
    let text = "";
    for (let seq = start; seq < start + per && seq <= count; seq++) {
      const kind =
        seq === 10 ? "Interrupted" : seq === 20 ? "Resumed" : seq % 2 === 0 ? "ActionRequested" : "StateUpdated";
      text += `{"run_id":"run-1","seq":${seq},"step_id":"step-${seq % 7}","action_id":null,"kind":"${kind}","timestamp_ms":${1_700_000_000_000 + seq}}\n`;
    }
    yield text;
  }
}

function start(args: readonly string[], nodeFlags: readonly string[] = []) {
  const child = spawn(process.execPath, [...nodeFlags, BIN, ...args], { cwd: ROOT, stdio: ["pipe", "pipe", "pipe"] });
  const stderr: Buffer[] = [];
  child.stderr.on("data", (b: Buffer) => stderr.push(b));
  const closed = once(child, "close") as Promise<[number | null, NodeJS.Signals | null]>;
  return { child, closed, stderr: () => Buffer.concat(stderr).toString() };
}

async function feed(stdin: NodeJS.WritableStream, texts: Iterable<string>): Promise<void> {
  for (const text of texts) if (!stdin.write(text)) await once(stdin, "drain");
}

describe("streaming", () => {
  it("writes the timeline while the trace is still arriving", async () => {
    const { child, closed } = start(["-p", "0.3"]);
    let seen = 0;
    const firstOutput = new Promise<string>((resolve) =>
      child.stdout.once("data", (b: Buffer) => resolve(b.toString())),
    );
    child.stdout.on("data", (b: Buffer) => (seen += b.length));
    // 200,000 events, then stdin stays open until output has appeared.
    await feed(child.stdin, traceText(200_000));
    const head = await firstOutput;
    expect(head.startsWith('{"reasoning_timeline":["StateUpdated#1(step-1)","ActionRequested#2(step-2)"')).toBe(true);
    await feed(child.stdin, traceText(1000));
    child.stdin.end();
    const [code] = await closed;
    expect(code).toBe(0);
    expect(seen).toBeGreaterThan(200_000 * 20);
  });

  it("reads 1,000,000 events with 16 MB of old-generation heap (holding them would need far more)", async () => {
    const { child, closed, stderr } = start(["--format", "json"], ["--max-old-space-size=16"]);
    let tail = "";
    child.stdout.on("data", (b: Buffer) => (tail = (tail + b.toString()).slice(-200)));
    await feed(child.stdin, traceText(1_000_000, 5000));
    child.stdin.end();
    const [code] = await closed;
    expect(stderr()).toBe("");
    expect(code).toBe(0);
    expect(
      tail.endsWith(
        '"StateUpdated#999999","ActionRequested#1000000"],"lease_graph":null,"replay_cost":1000000,"interrupt_latency_ms":10}\n',
      ),
    ).toBe(true);
  }, 120_000);
});
