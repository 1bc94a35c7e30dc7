import { describe, expect, it } from "vitest";
import { ndjson, runBin, runInProcess, traces } from "./helpers.js";

// The Rust runtime's bytes for each conformance trace, written as NDJSON, for
// both rule sets. Every vector goes through the CLI's code in this process;
// the named cases and every tenth random one also through the built binary.

describe("every conformance trace, as NDJSON on stdin (in process)", () => {
  it.each(traces.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const seed = await runInProcess([], ndjson(c));
    expect(seed.stderr).toBe("");
    expect(seed.stdout).toBe(`${c.seed_json}\n`);
    const upstream = await runInProcess(["--profile", "0.3"], ndjson(c));
    expect(upstream.stdout).toBe(`${c.upstream_0_3_json}\n`);
  });
});

describe("the built binary, on conformance traces written as NDJSON", () => {
  const sample = traces.filter((c, i) => !c.name.startsWith("random") || i % 10 === 0);
  it.each(sample.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const seed = await runBin([], { stdin: ndjson(c) });
    expect(seed.status).toBe(0);
    expect(seed.stdoutBytes.equals(Buffer.from(`${c.seed_json}\n`, "utf8"))).toBe(true);
    const upstream = await runBin(["-p", "0.3", "-"], { stdin: ndjson(c) });
    expect(upstream.stdoutBytes.equals(Buffer.from(`${c.upstream_0_3_json}\n`, "utf8"))).toBe(true);
  });
});
