import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseBlocks } from "../src/blocks.ts";
import { ROOT, readmes } from "../src/workspace.ts";

/**
 * The READMEs' claims that are not code: what each package ships (the root
 * README's "ESM and CommonJS with declaration files" sentence), where figures
 * live (BENCHMARKS.md only), and how the rules are named ("Oris 0.2 rules",
 * never "the seed").
 */

interface Manifest {
  name: string;
  private?: boolean;
  sideEffects?: boolean;
  engines?: { node?: string };
  bin?: Record<string, string>;
  exports?: Record<string, unknown>;
}

type Conditions = { import?: { types?: string; default?: string }; require?: { types?: string; default?: string } };

const PACKAGES = readdirSync(join(ROOT, "packages"))
  .sort()
  .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(ROOT, "packages", dir, "package.json"), "utf8")) as Manifest }))
  .filter(({ manifest }) => manifest.private !== true);
const LIBRARIES = PACKAGES.filter(({ manifest }) => manifest.exports?.["."] !== undefined);
const TOOLS = PACKAGES.filter(({ manifest }) => manifest.exports?.["."] === undefined);
const ROOT_README = readFileSync(join(ROOT, "README.md"), "utf8");

/** The prose of a README: its code blocks and HTML comments left out. */
function prose(markdown: string): string {
  const lines = markdown.split("\n");
  for (const block of parseBlocks(markdown)) {
    const count = block.text === "" ? 0 : block.text.split("\n").length - 1;
    for (let i = block.line - 1; i <= block.line + count; i++) lines[i] = "";
  }
  return lines.join("\n").replace(/<!--[\s\S]*?-->/g, "");
}

describe("the root README's claims about what each package ships", () => {
  it("finds the library packages and the command line tool", () => {
    expect(LIBRARIES.map((p) => p.manifest.name)).toContain("@oris/kernel-types");
    expect(TOOLS.map((p) => p.manifest.name)).toEqual(["@oris/cli"]);
  });

  it("says that every library package ships ESM and CommonJS with declaration files for both, side-effect free", () => {
    expect(prose(ROOT_README).replace(/\s+/g, " ")).toContain(
      "Every library package ships ESM and CommonJS with declaration files for both, runs on Node ≥ 20, and is side-effect free",
    );
  });

  it.each(LIBRARIES.map((p) => [p.manifest.name, p] as const))("%s: ESM and CommonJS, each with its declarations, built, side-effect free, Node ≥ 20", (_name, { dir, manifest }) => {
    expect(manifest.sideEffects).toBe(false);
    expect(manifest.engines?.node).toBe(">=20");
    for (const [subpath, value] of Object.entries(manifest.exports ?? {})) {
      if (typeof value === "string") continue; // package.json, schema files
      const c = value as Conditions;
      for (const [kind, entry] of [
        ["import", c.import],
        ["require", c.require],
      ] as const) {
        expect(entry?.types, `${subpath} ${kind} types`).toMatch(kind === "import" ? /\.d\.ts$/ : /\.d\.c?ts$/);
        expect(entry?.default, `${subpath} ${kind}`).toMatch(/\.c?js$/);
        for (const file of [entry?.types, entry?.default]) expect(existsSync(join(ROOT, "packages", dir, file as string)), `${subpath}: ${file} (after the build)`).toBe(true);
      }
    }
    // The CommonJS entry loads with require(), as a CommonJS user's would.
    const required = createRequire(join(ROOT, "packages", dir, "package.json"))(manifest.name) as Record<string, unknown>;
    expect(Object.keys(required).length).toBeGreaterThan(0);
  });

  it.each(TOOLS.map((p) => [p.manifest.name, p] as const))("%s, the command line tool: no library entry, and the root README says so", (name, { manifest }) => {
    expect(manifest.bin).toBeDefined();
    expect(Object.keys(manifest.exports ?? {})).toEqual(["./package.json"]);
    const text = prose(ROOT_README).replace(/\s+/g, " ");
    expect(text).toMatch(new RegExp(`\`${name.replace("/", "\\/")}\`[^.]*command line tool[^.]*no library entry`));
  });
});

describe("figures live in BENCHMARKS.md", () => {
  // A measured figure: a time with a decimal point or under a millisecond, a
  // rate, a speed-up or slow-down, or an "about"/"a few" amount of memory.
  const FIGURE = new RegExp(
    [
      String.raw`\b\d+\.\d+\s?s\b`, // 5.4 s
      String.raw`\b(?:about|around|roughly|~|a few|some)\s(?:a\s)?[\d.,]*\s?(?:µs|ns|ms|s|KB|MB|GB|KiB|MiB|GiB)\b`, // about 0.2 µs, a few MB
      String.raw`\d[\d.,]*\s(?:(?:million|thousand)\s)?(?:events|records|lines|bytes|MB|GB|MiB|GiB)\s(?:a|per)\ssecond`, // 3 million events a second
      String.raw`\d\s?(?:[KMG]i?B|events)\/s\b`, // 90 MB/s
      String.raw`\b(?:million|thousand)[^.]{0,30}\ba\s+second`, // a million events a second
      String.raw`\d\s?(?:%|x|×)\s(?:slower|faster)`, // 10 % slower
    ].join("|"),
    "giu",
  );
  it.each(readmes())("%s quotes no measured figure (timings, throughput, memory) and no CHANGELOG-style number", (readme) => {
    const text = prose(readFileSync(join(ROOT, readme), "utf8"));
    const found = [...text.matchAll(FIGURE)].map((m) => m[0]);
    expect(found).toEqual([]);
  });

  it("the READMEs that talk about speed link to BENCHMARKS.md", () => {
    for (const readme of ["packages/cli/README.md", "packages/trace-reader/README.md"]) {
      expect(readFileSync(join(ROOT, readme), "utf8")).toContain("BENCHMARKS.md");
    }
  });
});

describe("the rules are named after their Oris versions", () => {
  // In prose: what a code block shows is what the code prints (test/readmes.test.ts).
  it.each(readmes())("%s never says \"the seed\"", (readme) => {
    const text = prose(readFileSync(join(ROOT, readme), "utf8"));
    expect([...text.matchAll(/.{0,30}\bseed\b.{0,30}/gi)].map((m) => m[0])).toEqual([]);
  });
});
