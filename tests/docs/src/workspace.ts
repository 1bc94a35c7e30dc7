import { spawn } from "node:child_process";
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root. */
export const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
/** This package's directory (its node_modules resolve the workspace packages). */
export const DOCS = fileURLToPath(new URL("../", import.meta.url));
/** The built `oris-observe`. */
export const BIN = join(ROOT, "packages/cli/dist/bin.js");
/** The TypeScript compiler of the repository (TypeScript 7's native tsc). */
export const TSC = join(ROOT, "node_modules/typescript/bin/tsc");

/** Every README the test reads, relative to the root: root, packages/*, examples/, tests/*. */
export function readmes(): string[] {
  const found = ["README.md"];
  for (const dir of ["packages", "tests"]) {
    for (const name of readdirSync(join(ROOT, dir)).sort()) {
      if (existsSync(join(ROOT, dir, name, "README.md"))) found.push(`${dir}/${name}/README.md`);
    }
  }
  found.push("examples/README.md");
  return found;
}

/**
 * A scratch directory for one README's blocks, as a reader's would be: a
 * copy of `examples/`, the fixtures and the built packages (read-only links,
 * for the blocks that run from a checkout), and `oris-observe` on the PATH.
 */
export function scratchDir(label: string): { dir: string; env: NodeJS.ProcessEnv } {
  const dir = mkdtempSync(join(tmpdir(), `oris-docs-${label.replace(/[^A-Za-z0-9]+/g, "-")}-`));
  cpSync(join(ROOT, "examples"), join(dir, "examples"), { recursive: true });
  symlinkSync(join(ROOT, "fixtures"), join(dir, "fixtures"));
  symlinkSync(join(ROOT, "packages"), join(dir, "packages"));
  const bin = join(dir, ".bin");
  mkdirSync(bin);
  writeFileSync(join(bin, "oris-observe"), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
  chmodSync(join(bin, "oris-observe"), 0o755);
  const env: NodeJS.ProcessEnv = {
    PATH: `${bin}:${join(process.execPath, "..")}:/usr/local/bin:/usr/bin:/bin`,
    HOME: dir,
    TMPDIR: tmpdir(),
    LANG: "C.UTF-8",
    NO_COLOR: "1",
  };
  return { dir, env };
}

/** What a process printed and how it ended. */
export interface Ran {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `command args` to its end. */
export function run(command: string, args: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv; stdin?: string }): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ["pipe", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    child.on("error", reject);
    child.on("close", (status, signal) =>
      resolve({ status, signal, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") }),
    );
    child.stdin.on("error", () => {});
    child.stdin.end(options.stdin ?? "");
  });
}

/**
 * The temporary TypeScript project the snippets are written into: it
 * resolves `@oris/*` to the workspace packages through this package's
 * node_modules, as published (types and code from dist/), with the
 * repository's strict settings.
 */
export function snippetProject(): string {
  const dir = mkdtempSync(join(tmpdir(), "oris-docs-snippets-"));
  symlinkSync(join(DOCS, "node_modules"), join(dir, "node_modules"));
  writeFileSync(join(dir, "package.json"), `${JSON.stringify({ name: "oris-docs-snippets", private: true, type: "module" }, null, 2)}\n`);
  writeFileSync(
    join(dir, "tsconfig.json"),
    `${JSON.stringify(
      {
        compilerOptions: {
          target: "es2022",
          lib: ["es2023"],
          module: "nodenext",
          moduleResolution: "nodenext",
          types: ["node"],
          strict: true,
          noUncheckedIndexedAccess: true,
          exactOptionalPropertyTypes: true,
          verbatimModuleSyntax: true,
          isolatedModules: true,
          skipLibCheck: true,
          noEmit: true,
        },
        include: ["snippets/*.ts"],
      },
      null,
      2,
    )}\n`,
  );
  mkdirSync(join(dir, "snippets"));
  return dir;
}

/** A file name for the snippet at `readme`:`line`. */
export function snippetName(readme: string, line: number): string {
  return `${readme.replace(/\/?README\.md$/, "").replace(/[^A-Za-z0-9]+/g, "_") || "root"}_L${line}`;
}

/** `path` relative to the root, for messages. */
export function fromRoot(path: string): string {
  return relative(ROOT, path);
}
