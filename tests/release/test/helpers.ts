import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { inject } from "vitest";
import { cleanEnv, ROOT, runOk, tarballManifest } from "../../../scripts/release-packages.mjs";
import type { PackedPackage } from "./globalSetup.ts";
import type { MirroredPackage } from "./registry.ts";

export { ROOT };

/** The packed publishable packages (see globalSetup.ts). */
export function packed(): PackedPackage[] {
  return inject("packed");
}

/** A packed package by name. */
export function packedByName(name: string): PackedPackage {
  const p = packed().find((x) => x.name === name);
  if (!p) throw new Error(`${name} is not a publishable package under packages/`);
  return p;
}

/**
 * Whether a package can be imported by its bare name (its published exports map
 * has a "." entry, or it has no exports map but a main); a bin-only package such
 * as a CLI cannot.
 */
export function importable(name: string): boolean {
  const manifest = tarballManifest(packedByName(name).tarball);
  const exp = manifest.exports;
  if (exp === undefined) return typeof manifest.main === "string";
  if (typeof exp === "string" || Array.isArray(exp)) return true;
  const keys = Object.keys(exp);
  return keys.some((k) => !k.startsWith(".")) || keys.includes(".");
}

/** `name` and the workspace packages it needs at run time, transitively, dependencies first. */
export function closure(name: string): string[] {
  const all = packed();
  const out: string[] = [];
  const visit = (n: string) => {
    if (out.includes(n)) return;
    const p = all.find((x) => x.name === n);
    if (!p) throw new Error(`${n} is not a publishable package`);
    p.workspaceDeps.forEach(visit);
    out.push(n);
  };
  visit(name);
  return out;
}

/** A temporary project outside the workspace, removed by `dispose`. */
export interface TempProject {
  dir: string;
  write(file: string, content: string): string;
  dispose(): void;
}

export function tempProject(prefix: string, manifest: Record<string, unknown> = {}): TempProject {
  const dir = mkdtempSync(join(tmpdir(), `oris-${prefix}-`));
  writeFileSync(
    join(dir, "package.json"),
    `${JSON.stringify({ name: `oris-${prefix}-consumer`, version: "1.0.0", private: true, ...manifest }, null, 2)}\n`,
  );
  return {
    dir,
    write(file, content) {
      const path = join(dir, file);
      writeFileSync(path, content);
      return path;
    },
    dispose() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The loopback registry that serves the third-party packages (see registry.ts). */
export function registry(): string {
  return inject("registry");
}

/** The third-party packages that registry serves, with their closures. */
export function mirror(): MirroredPackage[] {
  return inject("mirror");
}

/**
 * The third-party dependencies the published packages are allowed, by package:
 * each store reader brings its own database driver and nothing else does.
 * Adding a third-party dependency to a published package is a reviewed
 * change of this list.
 */
export const THIRD_PARTY: Readonly<Record<string, readonly string[]>> = {
  "@oris/store-sqlite": ["better-sqlite3"],
  "@oris/store-postgres": ["postgres"],
};

/** `names` and every mirrored package they need, transitively: `{"better-sqlite3": "12.11.1", "bindings": …}`. */
export function thirdPartyClosure(names: Iterable<string>): Record<string, string> {
  const all = mirror();
  const out: Record<string, string> = {};
  const visit = (n: string) => {
    if (n in out) return;
    const p = all.find((x) => x.name === n);
    if (!p) throw new Error(`${n} is not in the release tests' registry: is it a dependency of a published package?`);
    out[n] = p.version;
    p.deps.forEach(visit);
  };
  [...names].forEach(visit);
  return out;
}

/** What installing `name` alone must bring: its workspace closure and the closures of their allowed drivers, `{name: version}`. */
export function expectedInstall(name: string): Record<string, string> {
  const needs = closure(name);
  const out: Record<string, string> = {};
  for (const n of needs) out[n] = packedByName(n).version;
  return { ...out, ...thirdPartyClosure(needs.flatMap((n) => THIRD_PARTY[n] ?? [])) };
}

/**
 * Native addons that the workspace built. npm installs with `--ignore-scripts`
 * (a package's install script must not run in these tests, and
 * better-sqlite3's would download a prebuilt binary or compile SQLite), so an
 * installed better-sqlite3 has no `build/`: the addon its `install` script
 * would have produced is copied from the workspace's own copy, which pnpm built
 * for this very Node from the same version's sources. Only the load tests
 * execute it; what npm installed is otherwise untouched.
 */
const NATIVE_ADDONS: Readonly<Record<string, readonly string[]>> = {
  "better-sqlite3": ["build/Release/better_sqlite3.node"],
};

function provideNativeAddons(project: TempProject): void {
  const lock = JSON.parse(readFileSync(join(project.dir, "node_modules", ".package-lock.json"), "utf8"));
  for (const [path, entry] of Object.entries<{ version: string; name?: string }>(lock.packages)) {
    const name = entry.name ?? path.replace(/^.*node_modules\//, "");
    const files = NATIVE_ADDONS[name];
    if (!path || !files) continue;
    const source = mirror().find((p) => p.name === name);
    if (!source || source.version !== entry.version)
      throw new Error(`${name}@${entry.version} installed, but the workspace built ${name}@${source?.version}`);
    for (const file of files) {
      if (!existsSync(join(source.dir, file))) {
        throw new Error(
          `${join(source.dir, file)} does not exist: pnpm did not build ${name} in the workspace (see allowBuilds in pnpm-workspace.yaml; \`pnpm rebuild ${name}\`)`,
        );
      }
      const to = join(project.dir, path, file);
      mkdirSync(dirname(to), { recursive: true });
      copyFileSync(join(source.dir, file), to);
    }
  }
}

/**
 * Installs tarballs with npm into a project, with an empty cache, from the
 * tarballs and the loopback registry of registry.ts only: that registry holds
 * nothing but the drivers' closures, so a dependency that neither satisfies (a
 * third-party package not on the list, a wrong range) fails the install, and
 * nothing is fetched from the network (no user config is read, so no scoped
 * registry or proxy of the machine applies). Lifecycle scripts do not run (see
 * `NATIVE_ADDONS` for the one build output put in place).
 */
export async function npmInstall(project: TempProject, tarballs: string[]): Promise<void> {
  await runOk(
    "npm",
    [
      "install",
      "--registry",
      registry(),
      "--userconfig",
      join(project.dir, ".npmrc-none"),
      "--noproxy",
      "127.0.0.1",
      "--no-audit",
      "--no-fund",
      "--ignore-scripts",
      "--loglevel=error",
      "--cache",
      join(project.dir, ".npm-cache"),
      ...tarballs,
    ],
    { cwd: project.dir, env: cleanEnv() },
  );
  provideNativeAddons(project);
}

/** Installs `name` alone, with just the workspace packages it depends on, into a new temp project. */
export async function installAlone(name: string, manifest: Record<string, unknown> = {}): Promise<TempProject> {
  const project = tempProject(name.replace(/^@oris\//, ""), manifest);
  const tarballs = closure(name).map((n) => packedByName(n).tarball);
  await npmInstall(project, tarballs);
  return project;
}

/** The packages npm installed, from its hidden lockfile: `{"@oris/kernel-types": "0.0.0", …}`. */
export function installedPackages(project: TempProject): Record<string, string> {
  const lock = JSON.parse(readFileSync(join(project.dir, "node_modules", ".package-lock.json"), "utf8"));
  const out: Record<string, string> = {};
  for (const [path, entry] of Object.entries<{ version: string; name?: string }>(lock.packages)) {
    if (!path) continue;
    const name = entry.name ?? path.replace(/^.*node_modules\//, "");
    out[name] = entry.version;
  }
  return out;
}

/** Every file under `dir` (relative paths), recursively. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => statSync(join(dir, f)).isFile());
}

/** Sum of the sizes of the files under `dir`: the installed ("unpacked") size. */
export function installedSize(dir: string): number {
  return filesUnder(dir).reduce((n, f) => n + statSync(join(dir, f)).size, 0);
}

/** Runs a script with Node in the project; returns its standard output. */
export async function node(project: TempProject, file: string, ...args: string[]): Promise<string> {
  const r = await runOk(process.execPath, [file, ...args], { cwd: project.dir, env: cleanEnv() });
  return r.stdout;
}

/** The workspace's TypeScript compiler (the native 7.x `tsc`; type-checking only). */
export const TSC = join(ROOT, "node_modules", "typescript", "bin", "tsc");

/** The conformance vectors the Rust build printed (fixtures/conformance). */
export function fixture<T = any>(name: string): T {
  return JSON.parse(readFileSync(join(ROOT, "fixtures", "conformance", name), "utf8")) as T;
}
