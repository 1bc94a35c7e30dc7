#!/usr/bin/env node
// Builds the CLI: type-checks it with tsc, then bundles it with esbuild into
// dist/ — ESM only (a command line tool has no CommonJS importers), with
// dist/bin.js made executable. dist/ is removed first so no stale module
// survives a rename.
//
// Why a bundle: start-up. Node 20 has no compile cache, and loading the ~60
// modules of the CLI and the libraries it uses (each resolved, read and
// compiled on its own) took about 40 ms before the first byte of a trace was
// read; the bundle, which also leaves out what the CLI does not use, takes
// about half that. The libraries are bundled from their published ESM builds
// (dist/esm, built first by turbo); each mode (trace, --by-run, --db,
// --checkpoints) stays a chunk loaded on demand. `@oris/store` and the two
// database packages stay outside: they are installed packages that the
// database readers share with the CLI (one copy of StoreError), and the
// database packages are optional.
import { execFileSync } from "node:child_process";
import { chmodSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const pkgDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);
rmSync(join(pkgDir, "dist"), { recursive: true, force: true });
const tsc = join(dirname(require.resolve("typescript/package.json")), "bin", "tsc");
execFileSync(process.execPath, [tsc, "-p", "tsconfig.build.json", "--noEmit"], { stdio: "inherit", cwd: pkgDir });

const esbuild = createRequire(join(pkgDir, "..", "..", "package.json"))("esbuild");
await esbuild.build({
  absWorkingDir: pkgDir,
  entryPoints: ["src/bin.ts"],
  outdir: "dist",
  // Chunks beside bin.js, so that `new URL("../package.json", import.meta.url)` finds the package from any of them.
  chunkNames: "[name]-[hash]",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  external: ["@oris/store", "@oris/store-sqlite", "@oris/store-postgres"],
  legalComments: "none",
  logLevel: "warning",
});
chmodSync(join(pkgDir, "dist", "bin.js"), 0o755);
