#!/usr/bin/env node
// `pnpm sync:manifests`: writes what the published packages' manifests and
// licence files derive from one source, so none of it is kept by hand.
//
//   node scripts/sync-manifests.mjs           rewrite what is out of date, list it
//   node scripts/sync-manifests.mjs --check   change nothing; exit 1 listing what is out of date
//
// From the root package.json (`repository` is the one statement of where the
// project lives; `license`) and the root LICENSE file:
//   package.json (root)               `homepage` and `bugs`, derived from `repository`
//   packages/<dir>/package.json       `repository` (with `directory: "packages/<dir>"`),
//                                     `homepage`, `bugs`, `license`, and
//                                     `publishConfig.exports`: the package's `exports`
//                                     without the `@oris/source` condition (which points
//                                     the workspace at src/, absent from the tarball);
//                                     none when the two would be the same
//   packages/<dir>/LICENSE            a copy of the root LICENSE (npm and pnpm pack
//                                     a package's LICENSE whatever its `files` say)
// for every publishable (non-private) package under packages/. `keywords` are
// each package's own; a package without any is an error.
//
// The release tests (tests/release/test/manifests.test.ts) fail while a
// committed file differs from what this script writes, and check the LICENSE
// inside every packed tarball.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { listPublishablePackages, ROOT } from "./release-packages.mjs";

/** The export condition that only the workspace uses (its tsconfig `customConditions`). */
export const SOURCE_CONDITION = "@oris/source";

/** Key order of the fields this script adds to a package.json that lacks them: after `keywords`. */
const METADATA_KEYS = ["homepage", "bugs", "repository"];

/** `exports` without the {@link SOURCE_CONDITION} condition, at any depth. */
export function publishedExports(exportsField) {
  if (Array.isArray(exportsField)) return exportsField.map(publishedExports);
  if (exportsField === null || typeof exportsField !== "object") return exportsField;
  const out = {};
  for (const [key, value] of Object.entries(exportsField)) {
    if (key !== SOURCE_CONDITION) out[key] = publishedExports(value);
  }
  return out;
}

/** `https://github.com/owner/name` from a `repository` field such as `{"url": "git+https://github.com/owner/name.git"}`. */
export function repositoryWebUrl(repository) {
  const url = typeof repository === "string" ? repository : repository?.url;
  if (typeof url !== "string") throw new Error('the root package.json has no "repository" with a "url"');
  const m = /^(?:git\+)?(https:\/\/[^/]+\/[^/]+\/[^/]+?)(?:\.git)?\/?$/.exec(url);
  if (!m)
    throw new Error(
      `the root package.json's repository url ${JSON.stringify(url)} is not of the form git+https://host/owner/name.git`,
    );
  return m[1];
}

/** `obj` with `key` set to `value` where it stands, or inserted after the first of `after` it has (else at the end). */
function withField(obj, key, value, after = []) {
  if (key in obj) return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, k === key ? value : v]));
  const anchor = after.findLast((k) => k in obj);
  const out = {};
  if (anchor === undefined) return { ...obj, [key]: value };
  for (const [k, v] of Object.entries(obj)) {
    out[k] = v;
    if (k === anchor) out[key] = value;
  }
  return out;
}

const json = (value) => `${JSON.stringify(value, null, 2)}\n`;

/**
 * Every file this script manages, with the content it should have:
 * `[{path, expected}]` (absolute paths). Throws when the root does not say
 * what is needed or a package has no keywords.
 */
export function expectedFiles(root = ROOT) {
  const rootManifestPath = join(root, "package.json");
  const rootManifest = JSON.parse(readFileSync(rootManifestPath, "utf8"));
  const web = repositoryWebUrl(rootManifest.repository);
  const repositoryUrl = rootManifest.repository.url;
  const bugs = { url: `${web}/issues` };
  const licensePath = join(root, "LICENSE");
  if (!existsSync(licensePath)) throw new Error("there is no LICENSE at the root");
  const license = readFileSync(licensePath, "utf8");
  if (typeof rootManifest.license !== "string") throw new Error('the root package.json has no "license"');

  let rootOut = withField(rootManifest, "homepage", `${web}#readme`, ["license", "description"]);
  rootOut = withField(rootOut, "bugs", bugs, ["homepage"]);
  const files = [{ path: rootManifestPath, expected: json(rootOut) }];

  for (const pkg of listPublishablePackages(root)) {
    const dir = relative(root, pkg.dir).split("\\").join("/");
    const manifestPath = join(pkg.dir, "package.json");
    let m = JSON.parse(readFileSync(manifestPath, "utf8"));
    if (!Array.isArray(m.keywords) || m.keywords.length === 0) {
      throw new Error(`${pkg.name} (${dir}/package.json) has no "keywords": add a few that say what it is for`);
    }
    m = withField(m, "license", rootManifest.license, ["description"]);
    const metadata = {
      homepage: `${web}/tree/main/${dir}#readme`,
      bugs,
      repository: { type: "git", url: repositoryUrl, directory: dir },
    };
    for (const key of METADATA_KEYS)
      m = withField(m, key, metadata[key], ["keywords", ...METADATA_KEYS.slice(0, METADATA_KEYS.indexOf(key))]);

    const published = publishedExports(m.exports);
    let publishConfig = { ...m.publishConfig };
    if (m.exports !== undefined && JSON.stringify(published) !== JSON.stringify(m.exports)) {
      publishConfig = withField(publishConfig, "exports", published, ["access"]);
    } else {
      delete publishConfig.exports;
    }
    m = withField(m, "publishConfig", publishConfig, ["files"]);
    files.push({ path: manifestPath, expected: json(m) });
    files.push({ path: join(pkg.dir, basename(licensePath)), expected: license });
  }
  return files;
}

/**
 * Compares the managed files with what they should be; with `write`, rewrites
 * the ones that differ. Returns the paths (relative to `root`) that differed.
 */
export function syncManifests({ write = false, root = ROOT } = {}) {
  const stale = [];
  for (const { path, expected } of expectedFiles(root)) {
    const actual = existsSync(path) ? readFileSync(path, "utf8") : null;
    if (actual === expected) continue;
    stale.push(relative(root, path));
    if (write) writeFileSync(path, expected);
  }
  return stale;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const check = args.includes("--check");
  const unknown = args.filter((a) => a !== "--check");
  if (unknown.length) {
    console.error(`unknown option ${unknown[0]}; usage: pnpm sync:manifests [--check]`);
    process.exit(2);
  }
  try {
    const stale = syncManifests({ write: !check });
    if (stale.length === 0) {
      console.log("manifests and LICENSE files are up to date");
    } else if (check) {
      console.error(`out of date (run \`pnpm sync:manifests\` and commit):\n${stale.map((f) => `  ${f}`).join("\n")}`);
      process.exitCode = 1;
    } else {
      console.log(`updated:\n${stale.map((f) => `  ${f}`).join("\n")}`);
    }
  } catch (err) {
    console.error(`✗ ${err.message}`);
    process.exitCode = 1;
  }
}
