#!/usr/bin/env node
// Builds the package in the current directory into a dual ESM + CJS layout:
//   dist/esm/**  declarations from tsc (tsconfig.build.json, which also
//                type-checks), ESM JavaScript from esbuild
//   dist/cjs/**  CommonJS JavaScript from esbuild, the same declarations
//                beside it, and a package.json {"type":"commonjs"} so Node and
//                TypeScript read both the .js and the .d.ts files there as CommonJS.
// esbuild writes one file per source file (same layout) and drops comments:
// the documentation lives once per build in the declaration files.
// Keeping one file per module (no bundling) lets bundlers tree-shake the ESM
// build and keeps stack traces readable.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { build } from "esbuild";

const require = createRequire(import.meta.url);
const pkgDir = process.cwd();
const dist = join(pkgDir, "dist");
rmSync(dist, { recursive: true, force: true });

const tsc = join(dirname(require.resolve("typescript/package.json")), "bin", "tsc");
execFileSync(process.execPath, [tsc, "-p", "tsconfig.build.json", "--emitDeclarationOnly"], { stdio: "inherit", cwd: pkgDir });

const isSource = (f) => f.endsWith(".ts") && !f.endsWith(".d.ts") && !/\.test(-d)?\.ts$/.test(f);
const sources = readdirSync(join(pkgDir, "src"), { recursive: true })
  .map(String)
  .filter(isSource)
  .map((f) => join(pkgDir, "src", f));

for (const format of ["esm", "cjs"]) {
  await build({
    entryPoints: sources,
    outdir: join(dist, format),
    outbase: join(pkgDir, "src"),
    format,
    platform: "neutral",
    target: "node20",
    bundle: false,
    logLevel: "warning",
  });
}

for (const f of readdirSync(join(dist, "esm"), { recursive: true }).map(String)) {
  if (!f.endsWith(".d.ts")) continue;
  const to = join(dist, "cjs", f);
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(join(dist, "esm", f), to);
}
writeFileSync(join(dist, "cjs", "package.json"), '{\n  "type": "commonjs"\n}\n');
