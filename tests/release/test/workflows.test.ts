/**
 * The GitHub workflows cannot run here; these checks keep them from drifting
 * from what CONTRIBUTING.md promises: every action pinned to a full commit SHA,
 * read-only permissions by default, the release job asking only for what the
 * changesets flow and npm provenance need, and the commands being the root
 * scripts that the rest of this suite exercises.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./helpers.ts";

const DIR = join(ROOT, ".github", "workflows");
const workflows = readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f));
const read = (f: string) => readFileSync(join(DIR, f), "utf8");

describe("GitHub workflows", () => {
  it.each(workflows)("%s pins every action to a full commit SHA", (file) => {
    const uses = [...read(file).matchAll(/^\s*(?:-\s*)?uses:\s*(\S+)/gm)].map((m) => m[1]!);
    expect(uses.length).toBeGreaterThan(0);
    for (const u of uses) expect(u, `${file}: ${u}`).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/);
  });

  it.each(workflows)("%s grants no write permission at the top level", (file) => {
    const top = /^permissions:(.*(?:\n[ \t]+.*)*)/m.exec(read(file));
    expect(top, `${file} has no top-level permissions`).not.toBeNull();
    expect(top![1]).not.toMatch(/write/);
  });

  it("release.yml versions with `pnpm run version`, publishes with `pnpm release`, with provenance", () => {
    const yml = read("release.yml");
    expect(yml).toMatch(/uses: changesets\/action@[0-9a-f]{40}/);
    expect(yml).toMatch(/^\s+version: pnpm run version$/m);
    expect(yml).toMatch(/^\s+publish: pnpm release$/m);
    expect(yml).toMatch(/^\s+id-token: write\b/m);
    expect(yml).toMatch(/NPM_CONFIG_PROVENANCE: "true"/);
    const scripts = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).scripts;
    expect(scripts.version).toMatch(/^changeset version && pnpm install --lockfile-only$/);
    expect(scripts.release).toBe("node scripts/release.mjs");
    expect(scripts.changeset).toBe("changeset");
  });

  it("ci.yml runs the tests, which hold the release dry run, and packs and lints only once", () => {
    const yml = read("ci.yml");
    expect(yml).toMatch(/run: pnpm install --frozen-lockfile/);
    expect(yml).toMatch(/run: pnpm test$/m);
    // release.test.ts runs `pnpm release --dry-run` inside `pnpm test`; a second
    // step would build, pack and lint every package again.
    expect(yml).not.toMatch(/run: pnpm release/);
    const releaseTest = readFileSync(join(ROOT, "tests", "release", "test", "release.test.ts"), "utf8");
    expect(releaseTest).toMatch(/"--dry-run"/);
  });
});
