// Shared helpers of the release tooling (scripts/release.mjs, scripts/api.mjs,
// scripts/docs.mjs) and of the release tests (tests/release): which packages
// are published, packing them the way `pnpm publish` does, reading a tarball,
// and the package checks (publint, attw) run on the packed tarball, so every
// check looks at what npm would really receive, not at the workspace.
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";

/** The repository root. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** Absolute path of a root devDependency's bin script, e.g. `binPath("publint", "publint")`. */
export function binPath(pkg, bin = pkg) {
  // A root devDependency is linked at node_modules/<name> (its package.json is
  // not always in its exports map, so it is not resolved through require).
  const manifestPath = join(ROOT, "node_modules", pkg, "package.json");
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
  const rel = typeof manifest.bin === "string" ? manifest.bin : manifest.bin[bin];
  return join(dirname(manifestPath), rel);
}

/**
 * The environment for child tools: the caller's, minus what a package manager
 * running a script puts there for itself (npm_config_*, npm_package_*, …) and
 * NODE_OPTIONS (a test runner's loaders), which would otherwise leak into npm,
 * pnpm or node run in a temporary project.
 */
export function cleanEnv(extra = {}) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(npm_|pnpm_|NODE_OPTIONS$|INIT_CWD$|PNPM_)/i.test(k)) continue;
    env[k] = v;
  }
  return { ...env, ...extra };
}

/**
 * Runs a command without a shell; resolves with its exit code and output (never rejects on a
 * non-zero exit). `input` is written to its standard input.
 */
export function run(cmd, args, { cwd = ROOT, env = cleanEnv(), input, echo = false } = {}) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: [input === undefined ? "ignore" : "pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    // Decoded as a stream: a character split between two pipe chunks must not become two U+FFFD.
    child.stdout.setEncoding("utf8");
    child.stderr.setEncoding("utf8");
    child.stdout.on("data", (d) => {
      stdout += d;
      if (echo) process.stdout.write(d);
    });
    child.stderr.on("data", (d) => {
      stderr += d;
      if (echo) process.stderr.write(d);
    });
    child.on("error", reject);
    child.on("close", (code) => resolvePromise({ code: code ?? 1, stdout, stderr, output: stdout + stderr }));
    if (input !== undefined) {
      // A child that exits without reading its input is not an error here.
      child.stdin.on("error", () => {});
      child.stdin.end(input);
    }
  });
}

/** Like {@link run}, but rejects with the command's output when it exits non-zero. */
export async function runOk(cmd, args, opts) {
  const r = await run(cmd, args, opts);
  if (r.code !== 0) {
    throw new Error(`\`${[cmd, ...args].join(" ")}\` exited with ${r.code} in ${opts?.cwd ?? ROOT}\n${r.output}`);
  }
  return r;
}

/**
 * The workspace packages that get published: every non-private package
 * under packages/, in dependency order (a package after the workspace
 * packages it depends on).
 *
 * @returns {{name: string, version: string, dir: string, manifest: any, workspaceDeps: string[]}[]}
 */
export function listPublishablePackages(root = ROOT) {
  const base = join(root, "packages");
  const found = [];
  for (const entry of readdirSync(base, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const manifestPath = join(base, entry.name, "package.json");
    if (!existsSync(manifestPath)) continue;
    const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
    if (manifest.private) continue;
    found.push({ name: manifest.name, version: manifest.version, dir: join(base, entry.name), manifest });
  }
  const names = new Set(found.map((p) => p.name));
  for (const p of found) {
    const deps = { ...p.manifest.dependencies, ...p.manifest.peerDependencies, ...p.manifest.optionalDependencies };
    p.workspaceDeps = Object.keys(deps)
      .filter((d) => names.has(d))
      .sort();
  }
  // Topological order, ties broken by name.
  const byName = new Map(found.map((p) => [p.name, p]));
  const ordered = [];
  const seen = new Set();
  const visit = (p) => {
    if (seen.has(p.name)) return;
    seen.add(p.name);
    for (const d of p.workspaceDeps) visit(byName.get(d));
    ordered.push(p);
  };
  for (const p of [...found].sort((a, b) => a.name.localeCompare(b.name))) visit(p);
  return ordered;
}

/** `pkg` and every workspace package it needs at run time, transitively, in dependency order. */
export function workspaceClosure(pkg, all) {
  const byName = new Map(all.map((p) => [p.name, p]));
  const out = new Set();
  const visit = (name) => {
    if (out.has(name)) return;
    for (const d of byName.get(name).workspaceDeps) visit(d);
    out.add(name);
  };
  visit(pkg.name);
  return [...out];
}

/** Throws when a package has not been built (packing it would publish no code). */
export function assertBuilt(pkg) {
  if (!existsSync(join(pkg.dir, "dist"))) {
    throw new Error(`${pkg.name} has no dist/: run \`pnpm build\` first`);
  }
}

/**
 * Packs one package with `pnpm pack` into `dest` — pnpm applies
 * `publishConfig` and rewrites `workspace:` ranges exactly as `pnpm publish`
 * (and so `changeset publish`) does — and returns the tarball's path.
 */
export async function packPackage(pkg, dest) {
  assertBuilt(pkg);
  const r = await runOk("pnpm", ["pack", "--pack-destination", dest, "--json"], { cwd: pkg.dir });
  const json = JSON.parse(r.stdout.slice(r.stdout.indexOf("{")));
  const file = resolve(dest, json.filename);
  if (!existsSync(file)) throw new Error(`pnpm pack reported ${file}, which does not exist`);
  return file;
}

/**
 * The files of a .tgz, as a map from path (without the leading `package/`) to
 * content. Enough of ustar/pax for what npm and pnpm write.
 */
export function readTarball(file) {
  const buf = gunzipSync(readFileSync(file));
  const files = new Map();
  let offset = 0;
  let longName = null;
  while (offset + 512 <= buf.length) {
    const header = buf.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) break;
    const str = (start, len) =>
      header
        .subarray(start, start + len)
        .toString("utf8")
        .replace(/\0.*$/s, "");
    let name = str(0, 100);
    const prefix = str(345, 155);
    if (prefix) name = `${prefix}/${name}`;
    const size = parseInt(str(124, 12).trim() || "0", 8);
    const type = String.fromCharCode(header[156] || 48);
    const body = buf.subarray(offset + 512, offset + 512 + size);
    offset += 512 + Math.ceil(size / 512) * 512;
    if (type === "x") {
      const m = /\d+ path=([^\n]*)\n/.exec(body.toString("utf8"));
      if (m) longName = m[1];
      continue;
    }
    if (type === "L") {
      longName = body.toString("utf8").replace(/\0.*$/s, "");
      continue;
    }
    if (type === "0" || type === "\0") {
      files.set((longName ?? name).replace(/^[^/]+\//, ""), Buffer.from(body));
    }
    longName = null;
  }
  return files;
}

/** The package.json that a tarball carries (what the registry will serve). */
export function tarballManifest(file) {
  const content = readTarball(file).get("package.json");
  if (!content) throw new Error(`${file} has no package.json`);
  return JSON.parse(content.toString("utf8"));
}

/**
 * The attw profile the checks use: `strict`, every resolution mode including
 * node10 (which cannot see `exports` subpaths, so kernel-types maps its
 * subpath entry points through `typesVersions`). publint and attw run only
 * here, on packed tarballs: in the release tests (tests/release/test/lint.test.ts)
 * and in `pnpm release`; the packages have no lint script of their own that
 * would run them again.
 */
export const ATTW_PROFILE = "strict";

/**
 * Runs `publint --strict` and `attw` (the {@link ATTW_PROFILE} profile) on a
 * packed tarball. attw brings its own TypeScript (a JavaScript-API version),
 * so the native compiler at the root does not get in its way.
 *
 * @returns {Promise<{publint: {ok: boolean, output: string}, attw: {ok: boolean, output: string}}>}
 */
export async function lintTarball(file) {
  const [publint, attw] = await Promise.all([
    run(process.execPath, [binPath("publint"), "--strict", file]),
    run(
      process.execPath,
      [binPath("@arethetypeswrong/cli", "attw"), file, "--profile", ATTW_PROFILE, "--format", "ascii", "--no-color"],
      {
        env: cleanEnv({ NO_COLOR: "1", FORCE_COLOR: "0" }),
      },
    ),
  ]);
  return {
    publint: { ok: publint.code === 0, output: publint.output },
    attw: { ok: attw.code === 0, output: attw.output },
  };
}
