import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { listPublishablePackages, packPackage } from "../../../scripts/release-packages.mjs";
import { type MirroredPackage, packMirror, startRegistry, thirdPartyClosure } from "./registry.ts";

/** One packed publishable package, as the test files see it. */
export interface PackedPackage {
  name: string;
  version: string;
  dir: string;
  tarball: string;
  /** The publishable workspace packages it depends on at run time (direct). */
  workspaceDeps: string[];
}

declare module "vitest" {
  export interface ProvidedContext {
    packed: PackedPackage[];
    packDir: string;
    /** The loopback registry serving the third-party closure (see registry.ts). */
    registry: string;
    /** What that registry serves. */
    mirror: MirroredPackage[];
  }
}

/**
 * Packs every publishable package once, with `pnpm pack` (publishConfig
 * applied, `workspace:` ranges rewritten), into a temporary directory that the
 * test files share and that is removed at the end of the run; packs their
 * third-party dependencies (the store readers' drivers, with their closures)
 * from the workspace's installed copies and serves them from a loopback
 * registry for the installs (see registry.ts).
 */
export default async function setup(project: TestProject): Promise<() => void> {
  const packDir = mkdtempSync(join(tmpdir(), "oris-packs-"));
  const packed: PackedPackage[] = [];
  // ORIS_RELEASE_ONLY=a,b narrows a local run to some packages (and what they
  // depend on) while a sibling is half-built; CI never sets it.
  const only = process.env.ORIS_RELEASE_ONLY?.split(",").filter(Boolean);
  const all = listPublishablePackages();
  const keep = new Set<string>();
  const add = (name: string) => {
    if (keep.has(name)) return;
    keep.add(name);
    all.find((p) => p.name === name)?.workspaceDeps.forEach(add);
  };
  (only ?? all.map((p) => p.name)).forEach(add);
  let registry: Awaited<ReturnType<typeof startRegistry>> | undefined;
  let mirror: MirroredPackage[];
  try {
    const kept = all.filter((p) => keep.has(p.name));
    const [, mirrored] = await Promise.all([
      (async () => {
        for (const pkg of kept) {
          const tarball = await packPackage(pkg, packDir);
          packed.push({
            name: pkg.name,
            version: pkg.version,
            dir: pkg.dir,
            tarball,
            workspaceDeps: pkg.workspaceDeps,
          });
        }
      })(),
      (async () => {
        const mirrorDir = join(packDir, "mirror");
        mkdirSync(mirrorDir);
        return packMirror(thirdPartyClosure(kept, new Set(all.map((p) => p.name))), mirrorDir);
      })(),
    ]);
    mirror = mirrored;
    registry = await startRegistry(mirror);
  } catch (err) {
    await registry?.close();
    rmSync(packDir, { recursive: true, force: true });
    throw err;
  }
  project.provide("packed", packed);
  project.provide("packDir", packDir);
  project.provide("registry", registry.url);
  project.provide("mirror", mirror);
  // vitest awaits the teardown a global setup returns.
  // eslint-disable-next-line @typescript-eslint/no-misused-promises
  return async () => {
    await registry?.close();
    rmSync(packDir, { recursive: true, force: true });
  };
}
