/**
 * What the published manifests and licence files derive from one source
 * (scripts/sync-manifests.mjs, `pnpm sync:manifests`): the committed files are
 * what the script writes — `publishConfig.exports` is `exports` without the
 * `@oris/source` condition, `repository`/`homepage`/`bugs` come from the root
 * package.json, every package's LICENSE is the root's — and every packed
 * tarball carries that LICENSE and that metadata.
 */
import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { listPublishablePackages, readTarball, tarballManifest } from "../../../scripts/release-packages.mjs";
import {
  expectedFiles,
  publishedExports,
  repositoryWebUrl,
  SOURCE_CONDITION,
  syncManifests,
} from "../../../scripts/sync-manifests.mjs";
import { packed, ROOT } from "./helpers.ts";

const rootManifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
const rootLicense = readFileSync(join(ROOT, "LICENSE"), "utf8");

describe("manifests and LICENSE files", () => {
  it("are what `pnpm sync:manifests` writes", () => {
    const stale = syncManifests({ write: false });
    const diffs = expectedFiles()
      .filter((f) => stale.includes(relative(ROOT, f.path)))
      .map((f) => `--- ${relative(ROOT, f.path)} (committed) / what the script writes:\n${f.expected}`);
    expect(stale, `out of date: run \`pnpm sync:manifests\` and commit\n${diffs.join("\n")}`).toEqual([]);
  });

  it("the root says where the project lives, once, and under which licence", () => {
    expect(rootManifest.repository).toEqual({
      type: "git",
      url: expect.stringMatching(/^git\+https:\/\/github\.com\/[^/]+\/[^/]+\.git$/),
    });
    const web = repositoryWebUrl(rootManifest.repository);
    expect(rootManifest.homepage).toBe(`${web}#readme`);
    expect(rootManifest.bugs).toEqual({ url: `${web}/issues` });
    expect(rootManifest.license).toBe("MIT");
    expect(rootLicense).toMatch(/^MIT License\n\nCopyright \(c\) 2026 the oris-observability-ts authors\n/);
    expect(rootManifest.scripts["sync:manifests"]).toBe("node scripts/sync-manifests.mjs");
  });

  it("publishedExports drops the source condition at any depth and nothing else", () => {
    const exportsField = {
      ".": {
        [SOURCE_CONDITION]: "./src/index.ts",
        import: { types: "./a.d.ts", default: "./a.js" },
        require: "./a.cjs",
      },
      "./x": { node: { [SOURCE_CONDITION]: "./src/x.ts", default: "./x.js" } },
      "./package.json": "./package.json",
    };
    expect(publishedExports(exportsField)).toEqual({
      ".": { import: { types: "./a.d.ts", default: "./a.js" }, require: "./a.cjs" },
      "./x": { node: { default: "./x.js" } },
      "./package.json": "./package.json",
    });
  });

  it.each(listPublishablePackages().map((p) => [p.name, p] as const))(
    "%s: publishConfig.exports is its exports without the source condition",
    (_name, pkg) => {
      const m = pkg.manifest;
      const hasSource = JSON.stringify(m.exports ?? null).includes(JSON.stringify(SOURCE_CONDITION));
      if (hasSource) expect(m.publishConfig?.exports).toEqual(publishedExports(m.exports));
      else expect(m.publishConfig?.exports).toBeUndefined();
      expect(m.keywords?.length ?? 0, `${pkg.name} has no keywords`).toBeGreaterThan(0);
    },
  );
});

describe.each(packed().map((p) => [p.name, p] as const))("%s tarball", (name, pkg) => {
  it("carries the root LICENSE and the repository metadata, and no source condition", () => {
    const files = readTarball(pkg.tarball);
    expect(files.get("LICENSE")?.toString("utf8"), `${name}: the tarball has no LICENSE identical to the root's`).toBe(
      rootLicense,
    );
    const m = tarballManifest(pkg.tarball);
    const dir = relative(ROOT, pkg.dir).split("\\").join("/");
    const web = repositoryWebUrl(rootManifest.repository);
    expect(m.license).toBe(rootManifest.license);
    expect(m.repository).toEqual({ ...rootManifest.repository, directory: dir });
    expect(m.homepage).toBe(`${web}/tree/main/${dir}#readme`);
    expect(m.bugs).toEqual(rootManifest.bugs);
    expect(Array.isArray(m.keywords) && m.keywords.length > 0).toBe(true);
    expect(JSON.stringify(m.exports ?? null)).not.toContain(SOURCE_CONDITION);
  });
});
