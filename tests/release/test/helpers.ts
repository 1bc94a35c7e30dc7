import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inject } from "vitest";
import { cleanEnv, ROOT, runOk, tarballManifest } from "../../../scripts/release-packages.mjs";
import type { PackedPackage } from "./globalSetup.ts";

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
  writeFileSync(join(dir, "package.json"), `${JSON.stringify({ name: `oris-${prefix}-consumer`, version: "1.0.0", private: true, ...manifest }, null, 2)}\n`);
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

/**
 * Installs tarballs with npm into a project, from the tarballs only: `--offline`
 * makes npm fail instead of asking the registry, so a dependency that the
 * tarballs do not satisfy (a third-party package, a wrong range) fails the install.
 */
export async function npmInstall(project: TempProject, tarballs: string[]): Promise<void> {
  await runOk(
    "npm",
    ["install", "--offline", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error", "--cache", join(project.dir, ".npm-cache"), ...tarballs],
    { cwd: project.dir, env: cleanEnv() },
  );
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
