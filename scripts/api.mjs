#!/usr/bin/env node
// API reports and the TSDoc audit of the published packages.
//
//   node scripts/api.mjs            check: fails when a committed report is stale
//   node scripts/api.mjs --update   rewrite them (`pnpm api:update` builds first, then runs this)
//
// For every publishable package and every subpath of its published `exports`
// that has type declarations, API Extractor (from tests/release, with its own
// TypeScript: the root's native compiler has no JavaScript API) reads the built
// declarations and renders the API report:
//   packages/<pkg>/etc/<pkg>.api.md             the "." entry point
//   packages/<pkg>/etc/<pkg>.<subpath>.api.md   e.g. kernel-types.internal.api.md
// The reports are committed, so a change of the public API is always visible in
// review. The same run audits the TSDoc of every export (a summary on every
// export and on every member of an exported interface or class, an `@example`
// on every exported function, class and constant; no malformed tag and no
// {@link} that does not resolve) and writes the gaps to
// tests/release/tsdoc-gaps.json, the list that has to become empty.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { basename, join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { listPublishablePackages, ROOT, run } from "./release-packages.mjs";

const toolsRequire = createRequire(join(ROOT, "tests", "release", "package.json"));

/** Where the list of TSDoc gaps is kept. */
export const TSDOC_GAPS_FILE = join(ROOT, "tests", "release", "tsdoc-gaps.json");

/** The command that regenerates the reports and the gap list. */
export const UPDATE_COMMAND = "pnpm api:update";

/**
 * The entry points of a package that have type declarations, from its published
 * exports map: `[{subpath: ".", types: "<abs path of the ESM .d.ts>"}]`.
 */
export function entryPoints(pkg) {
  const exportsMap = pkg.manifest.publishConfig?.exports ?? pkg.manifest.exports ?? {};
  const out = [];
  const typesOf = (target) => {
    if (typeof target === "string") return target.endsWith(".d.ts") ? target : null;
    if (target === null || typeof target !== "object") return null;
    for (const key of ["import", "types", "default", "require"]) {
      if (key in target) {
        const t = key === "types" && typeof target.types === "string" ? target.types : typesOf(target[key]);
        if (t) return t;
      }
    }
    return null;
  };
  const entries =
    typeof exportsMap === "string" || "import" in exportsMap || "types" in exportsMap
      ? { ".": exportsMap }
      : exportsMap;
  for (const [subpath, target] of Object.entries(entries)) {
    const types = typesOf(target);
    if (types) out.push({ subpath, types: join(pkg.dir, types) });
  }
  return out;
}

/** `etc/` report file name (without `.api.md`) of one entry point. */
export function reportName(pkg, subpath) {
  const unscoped = pkg.name.replace(/^@[^/]+\//, "");
  return subpath === "." ? unscoped : `${unscoped}.${subpath.replace(/^\.\//, "").replace(/[/*]+/g, "-")}`;
}

function summaryOf(docComment) {
  const body = docComment
    .replace(/^\/\*\*|\*\/$/g, "")
    .split("\n")
    .map((l) => l.replace(/^\s*\* ?/, ""))
    .join("\n");
  const cut = body.search(/(^|\s)@[a-zA-Z]+/);
  return (cut === -1 ? body : body.slice(0, cut)).trim();
}

/** TSDoc gaps of one doc model (the .api.json API Extractor writes). */
export function auditDocModel(model) {
  const gaps = [];
  const needsExample = new Set(["Function", "Class", "Variable"]);
  const withMembers = new Set(["Interface", "Class"]);
  const check = (item, label, top) => {
    const doc = item.docComment ?? "";
    const missing = [];
    if (!summaryOf(doc)) missing.push("summary");
    if (top && needsExample.has(item.kind) && !/(^|\s)@example\b/.test(doc)) missing.push("@example");
    if (missing.length) gaps.push(`${label} (${item.kind.toLowerCase()}): no ${missing.join(", no ")}`);
  };
  for (const entry of model.members ?? []) {
    for (const item of entry.members ?? []) {
      check(item, item.name, true);
      if (withMembers.has(item.kind)) {
        for (const member of item.members ?? []) {
          const name = member.name ?? (member.kind === "Constructor" ? "constructor" : member.kind);
          check(member, `${item.name}.${name}`, false);
        }
      }
    }
  }
  return [...new Set(gaps)].sort();
}

function loadExtractor() {
  try {
    return toolsRequire("@microsoft/api-extractor");
  } catch (err) {
    throw new Error(
      `@microsoft/api-extractor is not installed in tests/release: run \`pnpm install\` (${err.message})`,
      { cause: err },
    );
  }
}

/**
 * Runs API Extractor on every entry point of every publishable package.
 * With `update`, writes the reports and the TSDoc gap list; otherwise compares.
 *
 * @returns {Promise<{reports: {pkg: string, subpath: string, file: string, status: "current"|"changed"|"missing"|"written", diff: string, messages: string[]}[], tsdocGaps: Record<string, string[]>, tsdocGapsStatus: "current"|"changed"|"written", errors: string[]}>}
 */
export async function apiReports({ update = false, packages = listPublishablePackages() } = {}) {
  const { Extractor, ExtractorConfig } = loadExtractor();
  const tmp = mkdtempSync(join(tmpdir(), "oris-api-"));
  const reports = [];
  const errors = [];
  const tsdocGaps = {};
  try {
    for (const pkg of packages) {
      const entries = entryPoints(pkg);
      // A package without typed entry points (a bin-only CLI) has no API to report.
      if (entries.length === 0) continue;
      const configPath = join(pkg.dir, "api-extractor.json");
      if (!existsSync(configPath)) {
        errors.push(`${pkg.name}: no api-extractor.json (copy packages/kernel-types/api-extractor.json)`);
        continue;
      }
      const gaps = [];
      for (const { subpath, types } of entries) {
        const name = reportName(pkg, subpath);
        const label = subpath === "." ? pkg.name : `${pkg.name}/${subpath.replace(/^\.\//, "")}`;
        if (!existsSync(types)) {
          errors.push(`${label}: ${relative(ROOT, types)} does not exist: run \`pnpm build\` first`);
          continue;
        }
        const work = join(tmp, name);
        mkdirSync(work, { recursive: true });
        const configObject = ExtractorConfig.loadFile(configPath);
        configObject.projectFolder = pkg.dir;
        configObject.mainEntryPointFilePath = types;
        configObject.apiReport = {
          ...configObject.apiReport,
          enabled: true,
          reportFileName: name,
          reportTempFolder: work,
        };
        configObject.docModel = {
          ...configObject.docModel,
          enabled: true,
          apiJsonFilePath: join(work, `${name}.api.json`),
        };
        const config = ExtractorConfig.prepare({
          configObject,
          configObjectFullPath: configPath,
          packageJsonFullPath: join(pkg.dir, "package.json"),
        });
        const messages = [];
        // TSDoc problems (a malformed tag, a {@link} that resolves to nothing or
        // to two declarations) are gaps too: without line numbers, which move.
        const docProblems = [];
        const result = Extractor.invoke(config, {
          localBuild: false,
          showVerboseMessages: false,
          messageCallback(message) {
            message.handled = true;
            // Our own comparison below says whether the report changed.
            if (/^console-api-report-/.test(message.messageId) || message.logLevel === "none") return;
            if (message.logLevel === "error" || message.logLevel === "warning") {
              messages.push(`${message.logLevel}: ${message.formatMessageWithLocation(pkg.dir)}`);
              if (/^(tsdoc-|ae-unresolved-link|ae-unresolved-inheritdoc)/.test(message.messageId)) {
                const file = message.sourceFilePath
                  ? relative(join(pkg.dir, "dist", "esm"), message.sourceFilePath).replace(/\.d\.ts$/, ".ts")
                  : "?";
                docProblems.push(`${file}: ${message.messageId}: ${message.text}`);
              }
            }
          },
        });
        const generated = join(work, `${name}.api.md`);
        if (!existsSync(generated)) {
          errors.push(`${label}: API Extractor wrote no report (${result.errorCount} errors)\n${messages.join("\n")}`);
          continue;
        }
        if (result.errorCount > 0) errors.push(`${label}: API Extractor reported errors\n${messages.join("\n")}`);
        const committed = join(pkg.dir, "etc", `${name}.api.md`);
        const want = readFileSync(generated, "utf8");
        const have = existsSync(committed) ? readFileSync(committed, "utf8") : null;
        let status = have === null ? "missing" : have === want ? "current" : "changed";
        let diff = "";
        if (status === "changed") {
          const d = await run("git", ["diff", "--no-index", "--no-color", "--", committed, generated]);
          diff = d.stdout.split("\n").slice(4).join("\n");
        }
        if (update && status !== "current") {
          mkdirSync(join(pkg.dir, "etc"), { recursive: true });
          copyFileSync(generated, committed);
          status = "written";
        }
        reports.push({ pkg: pkg.name, subpath, file: relative(ROOT, committed), status, diff, messages });
        const model = JSON.parse(readFileSync(join(work, `${name}.api.json`), "utf8"));
        for (const gap of [...auditDocModel(model), ...new Set(docProblems)]) {
          gaps.push(subpath === "." ? gap : `${subpath.replace(/^\.\//, "")}: ${gap}`);
        }
      }
      tsdocGaps[pkg.name] = [...new Set(gaps)].sort();
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const gapsText = `${JSON.stringify(tsdocGaps, null, 2)}\n`;
  const haveGaps = existsSync(TSDOC_GAPS_FILE) ? readFileSync(TSDOC_GAPS_FILE, "utf8") : null;
  let tsdocGapsStatus = haveGaps === gapsText ? "current" : "changed";
  if (update && tsdocGapsStatus === "changed" && errors.length === 0) {
    writeFileSync(TSDOC_GAPS_FILE, gapsText);
    tsdocGapsStatus = "written";
  }
  return { reports, tsdocGaps, tsdocGapsStatus, errors };
}

async function main() {
  const update = process.argv.includes("--update");
  const { reports, tsdocGaps, tsdocGapsStatus, errors } = await apiReports({ update });
  for (const r of reports) {
    const label = r.subpath === "." ? r.pkg : `${r.pkg} (${r.subpath})`;
    console.log(`${r.status.padEnd(8)} ${r.file}  ${label}`);
    for (const m of r.messages) console.log(`         ${m}`);
    if (!update && r.status === "changed") console.log(r.diff.replace(/^/gm, "         "));
  }
  const gapCount = Object.values(tsdocGaps).reduce((n, g) => n + g.length, 0);
  console.log(`${tsdocGapsStatus.padEnd(8)} ${relative(ROOT, TSDOC_GAPS_FILE)}  ${gapCount} TSDoc gap(s)`);
  for (const e of errors) console.error(`error: ${e}`);
  const stale =
    reports.filter((r) => r.status === "changed" || r.status === "missing").length +
    (tsdocGapsStatus === "changed" ? 1 : 0);
  if (errors.length) process.exitCode = 1;
  else if (!update && stale) {
    console.error(
      `\nThe public API or its documentation changed. Review the diff above, then run \`${UPDATE_COMMAND}\` and commit the files it rewrites.`,
    );
    process.exitCode = 1;
  }
}

if (
  process.argv[1] &&
  import.meta.url === pathToFileURL(process.argv[1]).href &&
  basename(process.argv[1]) === "api.mjs"
) {
  await main();
}
