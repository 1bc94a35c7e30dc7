import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, runInProcess } from "./helpers.js";

const EXAMPLE = join(ROOT, "examples/run.ndjson");

describe("progress on stderr", () => {
  it("is drawn on a terminal while files are read (bytes, percent, events/s), then erased", async () => {
    const r = await runInProcess([EXAMPLE], "", { stderrIsTTY: true });
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/^\r\x1b\[Koris-observe: 0\.0 of 0\.0 MB \(100%\), 17 events, [\d,]+ events\/s/);
    expect(r.stderr.endsWith("\r\x1b[K")).toBe(true);
  });

  it("is erased before a message", async () => {
    const r = await runInProcess([EXAMPLE, join(ROOT, "fixtures/conformance/README.md")], "", { stderrIsTTY: true });
    expect(r.status).toBe(65);
    expect(r.stderr).toMatch(/\r\x1b\[K[^\r]*README\.md:1:\d+: not valid JSON/);
  });

  it("is not drawn for standard input, nor when stderr is not a terminal", async () => {
    expect((await runInProcess([], '{"run_id":"r","seq":1,"kind":"K"}\n', { stderrIsTTY: true })).stderr).toBe("");
    expect((await runInProcess([EXAMPLE])).stderr).toBe("");
  });
});
