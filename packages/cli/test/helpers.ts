import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable, Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import { main } from "../src/main.js";

/** The built executable; turbo builds it before the tests (turbo.json). */
export const BIN = fileURLToPath(new URL("../dist/bin.js", import.meta.url));
/** The repository root, for fixtures and examples. */
export const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

/** What a run printed and how it ended. */
export interface RunResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout as bytes, for byte comparisons. */
  readonly stdoutBytes: Buffer;
}

/** Runs the built `oris-observe` as a child process. */
export function runBin(
  args: readonly string[],
  options: { stdin?: string | Buffer; cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd ?? ROOT,
      env: options.env ?? { PATH: process.env["PATH"] ?? "" },
      stdio: ["pipe", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    child.on("error", reject);
    child.stdin.on("error", () => {}); // the CLI may exit before reading all of it
    child.on("close", (code) => {
      const stdoutBytes = Buffer.concat(out);
      resolve({
        status: code ?? -1,
        stdout: stdoutBytes.toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
        stdoutBytes,
      });
    });
    if (options.stdin !== undefined) child.stdin.end(options.stdin);
    else child.stdin.end();
  });
}

/**
 * Runs the CLI's `main` in this process (from source) with in-memory
 * streams: the same code as the binary, without a process per case, for
 * the tests that go through every conformance vector.
 */
export async function runInProcess(
  args: readonly string[],
  stdin: string | Buffer | readonly Buffer[] = "",
  options: { stderrIsTTY?: boolean } = {},
): Promise<RunResult> {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const sink = (into: Buffer[]): Writable =>
    new Writable({
      write(chunk: Buffer | string, _encoding, done) {
        into.push(Buffer.from(chunk));
        done();
      },
    });
  const chunks = Array.isArray(stdin) ? stdin : [Buffer.from(stdin as string | Buffer)];
  const stderr = Object.assign(sink(err), { isTTY: options.stderrIsTTY === true });
  const status = await main(args, { stdin: Readable.from(chunks), stdout: sink(out), stderr });
  const stdoutBytes = Buffer.concat(out);
  return { status, stdout: stdoutBytes.toString("utf8"), stderr: Buffer.concat(err).toString("utf8"), stdoutBytes };
}

/** A temporary folder, removed by `dispose`. */
export function tempDir(): {
  dir: string;
  path(name: string): string;
  write(name: string, data: string | Buffer): string;
  read(name: string): string;
  dispose(): void;
} {
  const dir = mkdtempSync(join(tmpdir(), "oris-observe-test-"));
  return {
    dir,
    path: (name) => join(dir, name),
    write(name, data) {
      const p = join(dir, name);
      writeFileSync(p, data);
      return p;
    },
    read: (name) => readFileSync(join(dir, name), "utf8"),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

interface TraceCase {
  readonly name: string;
  readonly trace_ndjson: readonly string[];
  readonly seed_json: string;
  readonly upstream_0_3_json: string;
}
interface CheckpointCase {
  readonly name: string;
  readonly run_id: string;
  readonly history_json: string;
  readonly lease_graph: readonly (readonly [string, string])[] | null;
  readonly seed_json: string;
  readonly upstream_0_3_json: string;
}

/** The conformance vectors produced by the Rust code (fixtures/conformance). */
export const traces: readonly TraceCase[] = JSON.parse(
  readFileSync(join(ROOT, "fixtures/conformance/traces.json"), "utf8"),
).cases;
export const checkpoints: readonly CheckpointCase[] = JSON.parse(
  readFileSync(join(ROOT, "fixtures/conformance/checkpoints.json"), "utf8"),
).cases;

/** `text` cut into pieces of 1 to `max` bytes (deterministic), as a stream might deliver it. */
export function chunked(text: string | Buffer, max: number, seed = 1): Buffer[] {
  const bytes = Buffer.from(text);
  const out: Buffer[] = [];
  let x = seed;
  for (let i = 0; i < bytes.length;) {
    x = (x * 1103515245 + 12345) % 2147483648;
    const n = 1 + (x % max);
    out.push(bytes.subarray(i, i + n));
    i += n;
  }
  return out;
}

/** A case's trace as an NDJSON file's bytes; an empty trace as `[]` (an empty file is refused). */
export function ndjson(c: TraceCase): string {
  return c.trace_ndjson.length === 0 ? "[]\n" : c.trace_ndjson.map((l) => `${l}\n`).join("");
}
