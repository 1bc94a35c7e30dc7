import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { EXIT_STATUS } from "../src/exitStatus.js";
import { runBin } from "./helpers.js";

const SRC = fileURLToPath(new URL("../src/", import.meta.url));

/** Every `.ts` file under src/, tests left out. */
function sources(dir = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sources(join(dir, e.name))
      : e.name.endsWith(".ts") && !e.name.endsWith(".test.ts")
        ? [join(dir, e.name)]
        : [],
  );
}

/**
 * Every exit status the CLI can end with: the EXIT_STATUS constants, and the
 * statuses set outside them (the internal error, 70, in main.ts and bin.ts).
 */
function usedStatuses(): number[] {
  const found = new Set<number>(Object.values(EXIT_STATUS));
  for (const file of sources()) {
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/(?:exitCode\s*=\s*|process\.exit\(\s*|\b[A-Z_]*(?:ERROR|STATUS)\s*=\s*)(\d+)\b/g))
      found.add(Number(m[1]));
  }
  return [...found].sort((a, b) => a - b);
}

/** The statuses `--help` lists, one per line under "Exit status:". */
function helpStatuses(help: string): number[] {
  const section = help.slice(help.indexOf("\nExit status:\n"));
  return [...section.matchAll(/^ {2}(\d+) {2,}\S/gm)].map((m) => Number(m[1]));
}

describe("every exit status is documented", () => {
  it("finds the statuses the CLI uses: the EXIT_STATUS constants and the internal error", () => {
    expect(usedStatuses()).toEqual([0, 64, 65, 66, 69, 70, 74]);
  });

  it("--help lists each exit status the CLI uses, and no other", async () => {
    const r = await runBin(["--help"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("\nExit status:\n");
    expect(helpStatuses(r.stdout)).toEqual(usedStatuses());
    for (const [name, status] of Object.entries(EXIT_STATUS)) {
      expect(helpStatuses(r.stdout), `EXIT_STATUS.${name}`).toContain(status);
    }
  });

  it("the README's exit status table lists the same statuses", () => {
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    const table = readme.slice(
      readme.indexOf("### Exit status"),
      readme.indexOf("\n## ", readme.indexOf("### Exit status")),
    );
    const listed = [...new Set([...table.matchAll(/^\| (\d+) \|/gm)].map((m) => Number(m[1])))].sort((a, b) => a - b);
    expect(listed).toEqual(usedStatuses());
  });
});
