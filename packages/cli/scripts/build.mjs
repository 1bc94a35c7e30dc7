#!/usr/bin/env node
// Builds the CLI: ESM only (a command line tool has no CommonJS importers),
// emitted by tsc from tsconfig.build.json into dist/, with dist/bin.js made
// executable. dist/ is removed first so no stale module survives a rename.
import { execFileSync } from "node:child_process";
import { chmodSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const pkgDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);
rmSync(join(pkgDir, "dist"), { recursive: true, force: true });
const tsc = join(dirname(require.resolve("typescript/package.json")), "bin", "tsc");
execFileSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], { stdio: "inherit", cwd: pkgDir });
chmodSync(join(pkgDir, "dist", "bin.js"), 0o755);
