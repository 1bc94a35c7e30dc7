#!/usr/bin/env node
// Builds the package in the current directory (every package's `build` script
// is `node ../../scripts/build-package.mjs`). dist/ is removed first, so no
// stale module survives a rename. tsc (tsconfig.build.json) type-checks the
// package and writes the declarations; esbuild writes all the JavaScript.
// Which of two layouts a package gets is read from its package.json:
//
// A library (no `oris.build.bundle`): a dual ESM + CJS layout.
//   dist/esm/**  the .d.ts declarations from tsc (`--emitDeclarationOnly`), and
//                ESM JavaScript from esbuild
//   dist/cjs/**  CommonJS JavaScript from esbuild, a copy of the same
//                declarations, and a package.json {"type":"commonjs"} so Node and
//                TypeScript read both the .js and the .d.ts files there as CommonJS.
//   esbuild writes one file per source file (same layout, no bundling) and drops
//   comments: the documentation lives once per build in the declaration files.
//   One file per module lets bundlers tree-shake the ESM build and keeps stack
//   traces readable.
//
// A bundled program (`"oris": {"build": {"bundle": {...}}}` in package.json;
// the CLI): tsc only type-checks (`--noEmit`); esbuild bundles the entry points
// into dist/, ESM only (a command line tool has no CommonJS importers), with
// code splitting (chunks `[name]-[hash].js` beside the entry points, so that
// `new URL("../package.json", import.meta.url)` finds the package from any of
// them) and the listed packages left external; every file named in `bin` is
// made executable; an import of `./file.ts?inline` or `./file.css?inline` is
// that file bundled for the browser, as a string (see inlineForBrowser below:
// the CLI's HTML report page). The bundle options:
//   "entryPoints": ["src/bin.ts"]   relative to the package directory
//   "external": ["@oris/store"]     packages left as imports, not bundled
// The workspace libraries a bundle includes come from their published ESM
// builds (dist/esm, through their exports maps), so turbo builds them first
// (`dependsOn: ["^build"]`). Why the CLI is bundled: start-up. Node 20 has no
// compile cache, and loading the ~60 modules of the CLI and the libraries it
// uses took about 40 ms before the first byte of a trace was read; the bundle,
// which also leaves out what the CLI does not use, takes about half that, and
// each mode (trace, --by-run, --db, --checkpoints) stays a chunk loaded on
// demand. `@oris/store` and the database readers stay external: installed
// packages that the readers share with the CLI (one copy of StoreError), and
// the readers are optional dependencies.
//
// No source maps are written (and none shipped): the JavaScript is unminified
// and keeps every name (the libraries' files follow their TypeScript sources
// closely), so a stack trace reads without them; measured in the packing change, maps cost +24% to
// +61% unpacked without `sourcesContent` (and then point at src/ files that are
// not in the tarball, which bundlers warn about) or +94% to +221% with it.
import { execFileSync } from "node:child_process";
import { chmodSync, copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { build } from "esbuild";

const require = createRequire(import.meta.url);
const pkgDir = process.cwd();
const manifest = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));
const options = manifest.oris?.build ?? {};
for (const key of Object.keys(options)) {
  if (key !== "bundle")
    throw new Error(`${manifest.name}: unknown option oris.build.${key} in package.json (known: bundle)`);
}
for (const key of Object.keys(options.bundle ?? {})) {
  if (!["entryPoints", "external"].includes(key)) {
    throw new Error(
      `${manifest.name}: unknown option oris.build.bundle.${key} in package.json (known: entryPoints, external)`,
    );
  }
}
if (options.bundle && (!Array.isArray(options.bundle.entryPoints) || options.bundle.entryPoints.length === 0)) {
  throw new Error(`${manifest.name}: oris.build.bundle.entryPoints must list at least one entry point`);
}
const dist = join(pkgDir, "dist");
rmSync(dist, { recursive: true, force: true });

const tsc = join(dirname(require.resolve("typescript/package.json")), "bin", "tsc");
const tscMode = options.bundle ? "--noEmit" : "--emitDeclarationOnly";
execFileSync(process.execPath, [tsc, "-p", "tsconfig.build.json", tscMode], { stdio: "inherit", cwd: pkgDir });

/** What every esbuild run shares. */
const common = {
  absWorkingDir: pkgDir,
  target: "node20",
  logLevel: "warning",
};

if (options.bundle) {
  await bundleProgram(options.bundle);
} else {
  await buildLibrary();
}

async function buildLibrary() {
  const isSource = (f) => f.endsWith(".ts") && !f.endsWith(".d.ts") && !/\.test(-d)?\.ts$/.test(f);
  const sources = readdirSync(join(pkgDir, "src"), { recursive: true })
    .map(String)
    .filter(isSource)
    .map((f) => join(pkgDir, "src", f));

  for (const format of ["esm", "cjs"]) {
    await build({
      ...common,
      entryPoints: sources,
      outdir: join(dist, format),
      outbase: join(pkgDir, "src"),
      format,
      platform: "neutral",
      bundle: false,
    });
  }

  for (const f of readdirSync(join(dist, "esm"), { recursive: true }).map(String)) {
    if (!f.endsWith(".d.ts")) continue;
    const to = join(dist, "cjs", f);
    mkdirSync(dirname(to), { recursive: true });
    copyFileSync(join(dist, "esm", f), to);
  }
  writeFileSync(join(dist, "cjs", "package.json"), '{\n  "type": "commonjs"\n}\n');
}

/**
 * `import text from "./page/main.ts?inline"` (or `./page.css?inline`) in a
 * bundled program: the file, bundled for the browser by esbuild (an IIFE for
 * a script, CSS with its imports; minified, ASCII only), as a string. The CLI's
 * HTML report inlines its page script and style this way; the program's
 * declaration of `*?inline` modules types them as strings.
 */
function inlineForBrowser() {
  return {
    name: "inline-for-browser",
    setup(b) {
      b.onResolve({ filter: /\?inline$/ }, (args) => ({
        path: join(args.resolveDir, args.path.slice(0, -"?inline".length)),
        namespace: "inline-for-browser",
      }));
      b.onLoad({ filter: /.*/, namespace: "inline-for-browser" }, async (args) => {
        const result = await build({
          entryPoints: [args.path],
          absWorkingDir: pkgDir,
          bundle: true,
          write: false,
          minify: true,
          format: args.path.endsWith(".css") ? undefined : "iife",
          platform: "browser",
          target: ["chrome110", "firefox110", "safari16"],
          charset: "ascii",
          legalComments: "none",
          logLevel: "warning",
          metafile: true,
        });
        return {
          contents: result.outputFiles[0].text.trimEnd(),
          loader: "text",
          watchFiles: Object.keys(result.metafile.inputs).map((f) => join(pkgDir, f)),
        };
      });
    },
  };
}

async function bundleProgram(bundle) {
  await build({
    ...common,
    entryPoints: bundle.entryPoints,
    outdir: "dist",
    chunkNames: "[name]-[hash]",
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    external: bundle.external ?? [],
    legalComments: "none",
    plugins: [inlineForBrowser()],
  });
  const bins = typeof manifest.bin === "string" ? [manifest.bin] : Object.values(manifest.bin ?? {});
  for (const bin of bins) chmodSync(join(pkgDir, bin), 0o755);
}
