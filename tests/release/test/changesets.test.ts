/**
 * Versioned releases with changesets, on a throwaway copy of the repository:
 * a changeset that bumps `@oris/kernel-types` by a minor, then the root
 * `version` script (`changeset version` and a lockfile refresh). Every package
 * that depends on kernel-types gets a patch bump, its dependency range follows,
 * CHANGELOG.md files are written, and the packed tarballs carry real semver
 * ranges that npm resolves among themselves.
 */
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  cleanEnv,
  listPublishablePackages,
  packPackage,
  runOk,
  tarballManifest,
} from "../../../scripts/release-packages.mjs";
import { installedPackages, npmInstall, packed, ROOT, tempProject } from "./helpers.ts";

const BUMPED = "@oris/kernel-types";
const SUMMARY = "Release test: a minor change to the kernel trace event.";

type Pkg = { name: string; version: string; dir: string; workspaceDeps: string[]; manifest: any };

/** `version` bumped by `type` the way changesets (semver `inc`) does it. */
function inc(version: string, type: "minor" | "patch"): string {
  const [major, minor, patch] = version.split(/[.-]/).map(Number) as [number, number, number];
  return type === "minor" ? `${major}.${minor + 1}.0` : `${major}.${minor}.${patch + 1}`;
}

/** The workspace's project directories, from the globs in pnpm-workspace.yaml. */
function workspaceProjects(root: string): string[] {
  const yaml = readFileSync(join(root, "pnpm-workspace.yaml"), "utf8");
  const section = /^packages:\n((?:\s+-.*\n)+)/m.exec(yaml)?.[1] ?? "";
  const globs = [...section.matchAll(/-\s*["']?([^"'\n]+?)["']?\s*$/gm)].map((m) => m[1]!);
  const out: string[] = [];
  for (const g of globs) {
    if (g.endsWith("/*")) {
      const base = join(root, g.slice(0, -2));
      if (!existsSync(base)) continue;
      for (const d of readdirSync(base, { withFileTypes: true })) if (d.isDirectory()) out.push(join(base, d.name));
    } else {
      out.push(join(root, g));
    }
  }
  return out.filter((d) => existsSync(join(d, "package.json")));
}

describe("changeset version on a throwaway copy", () => {
  const original = listPublishablePackages() as Pkg[];
  const bumped = original.find((p) => p.name === BUMPED)!;
  // Everything that depends on kernel-types, directly or not, gets a patch bump.
  const dependents = original.filter((p) => p.name !== BUMPED && dependsOn(p.name, BUMPED));
  function dependsOn(name: string, target: string): boolean {
    const p = original.find((x) => x.name === name)!;
    return p.workspaceDeps.some((d) => d === target || dependsOn(d, target));
  }
  const expected = new Map<string, string>(original.map((p) => [p.name, p.version]));
  expected.set(BUMPED, inc(bumped.version, "minor"));
  for (const d of dependents) expected.set(d.name, inc(d.version, "patch"));

  let copy: string;
  let versioned: Pkg[];
  let packDir: string;

  beforeAll(async () => {
    copy = mkdtempSync(join(tmpdir(), "oris-changesets-"));
    for (const f of ["package.json", "pnpm-workspace.yaml", "pnpm-lock.yaml"]) cpSync(join(ROOT, f), join(copy, f));
    // The config only: the repository's own pending changesets stay out of this release.
    mkdirSync(join(copy, ".changeset"));
    cpSync(join(ROOT, ".changeset", "config.json"), join(copy, ".changeset", "config.json"));
    const publishable = new Set(original.map((p) => p.dir));
    for (const dir of workspaceProjects(ROOT)) {
      const to = join(copy, relative(ROOT, dir));
      if (publishable.has(dir)) {
        cpSync(dir, to, { recursive: true, filter: (src) => !/[\\/](node_modules|\.turbo)$/.test(src) });
      } else {
        mkdirSync(to, { recursive: true });
        cpSync(join(dir, "package.json"), join(to, "package.json"));
      }
    }
    writeFileSync(join(copy, ".changeset", "release-test-minor.md"), `---\n"${BUMPED}": minor\n---\n\n${SUMMARY}\n`);

    // The root `version` script, as written in package.json, run in the copy.
    const script = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).scripts.version as string;
    await runOk("sh", ["-c", script], {
      cwd: copy,
      env: cleanEnv({
        PATH: `${join(ROOT, "node_modules", ".bin")}${delimiter}${process.env.PATH}`,
        // changesets loads its changelog generator from the copy; let it find ours.
        NODE_PATH: join(ROOT, "node_modules"),
      }),
    });
    versioned = listPublishablePackages(copy);

    // Link workspace dependencies the way `pnpm install` would — dev ones on
    // private workspace projects too (pnpm pack rewrites their `workspace:`
    // ranges as well) — then pack as `pnpm publish` does.
    packDir = join(copy, ".packs");
    mkdirSync(packDir);
    const projects = new Map(
      workspaceProjects(copy).map(
        (dir) => [JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).name as string, dir] as const,
      ),
    );
    for (const p of versioned) {
      const m = p.manifest;
      const deps = {
        ...m.devDependencies,
        ...m.peerDependencies,
        ...m.optionalDependencies,
        ...m.dependencies,
      } as Record<string, string>;
      for (const [d, range] of Object.entries(deps)) {
        if (!range.startsWith("workspace:")) continue;
        const target = projects.get(d);
        if (!target)
          throw new Error(`${p.name} depends on ${d}@${range}, which is not a project of the copied workspace`);
        const link = join(p.dir, "node_modules", ...d.split("/"));
        mkdirSync(join(link, ".."), { recursive: true });
        symlinkSync(target, link, "dir");
      }
    }
  });
  afterAll(() => {
    if (copy) rmSync(copy, { recursive: true, force: true });
  });

  it(`bumps ${BUMPED} by a minor and every package that depends on it by a patch`, () => {
    expect(dependents.length).toBeGreaterThan(0);
    const got = Object.fromEntries(versioned.map((p) => [p.name, p.version]));
    expect(got).toEqual(Object.fromEntries(expected));
  });

  it("consumes the changeset", () => {
    expect(readdirSync(join(copy, ".changeset")).filter((f) => f.endsWith(".md") && f !== "README.md")).toEqual([]);
  });

  it("keeps the dependency ranges following the workspace versions", () => {
    for (const p of versioned) {
      for (const d of p.workspaceDeps) {
        const range =
          p.manifest.dependencies?.[d] ?? p.manifest.peerDependencies?.[d] ?? p.manifest.optionalDependencies?.[d];
        // `workspace:^` follows by construction; an explicit range must have been raised.
        if (range.startsWith("workspace:") && /^workspace:[\^~*]?$/.test(range)) continue;
        expect(range, `${p.name} → ${d}`).toContain(expected.get(d));
      }
    }
  });

  it("writes CHANGELOG.md entries", () => {
    const read = (name: string) =>
      readFileSync(join(versioned.find((p) => p.name === name)!.dir, "CHANGELOG.md"), "utf8");
    const main = read(BUMPED);
    expect(main).toContain(`## ${expected.get(BUMPED)}`);
    expect(main).toMatch(/### Minor Changes/);
    expect(main).toContain(SUMMARY);
    const bumpedNames = new Set([BUMPED, ...dependents.map((d) => d.name)]);
    for (const d of dependents) {
      const log = read(d.name);
      expect(log, d.name).toContain(`## ${expected.get(d.name)}`);
      expect(log, d.name).toMatch(/### Patch Changes/);
      // "Updated dependencies" lists the bumped packages in its "dependencies"
      // (changesets leaves optionalDependencies out of the entry, though it
      // bumps their ranges all the same).
      const direct = d.workspaceDeps.filter((w) => bumpedNames.has(w) && d.manifest.dependencies?.[w] !== undefined);
      expect(direct.length, d.name).toBeGreaterThan(0);
      for (const w of direct) expect(log, d.name).toContain(`${w}@${expected.get(w)}`);
    }
  });

  it("packs tarballs with real semver ranges that npm resolves among themselves", async () => {
    // (All of them, unless a local run narrowed the packages with ORIS_RELEASE_ONLY.)
    const inScope = new Set(packed().map((p) => p.name));
    const toPack = versioned.filter((p) => inScope.has(p.name));
    const tarballs = new Map<string, string>();
    for (const p of toPack) tarballs.set(p.name, await packPackage(p, packDir));
    for (const p of toPack) {
      const manifest = tarballManifest(tarballs.get(p.name)!);
      expect(manifest.version).toBe(expected.get(p.name));
      for (const d of p.workspaceDeps) {
        const range = manifest.dependencies?.[d] ?? manifest.optionalDependencies?.[d];
        expect(range, `${p.name} → ${d}`).not.toMatch(/^workspace:/);
        expect(range, `${p.name} → ${d}`).toBe(`^${expected.get(d)}`);
      }
    }
    // The bumped packages install together from their tarballs alone.
    const project = tempProject("changesets-install");
    try {
      await npmInstall(project, [...tarballs.values()]);
      const installed = installedPackages(project);
      for (const p of toPack) expect(installed[p.name]).toBe(expected.get(p.name));
    } finally {
      project.dispose();
    }
  });
});
