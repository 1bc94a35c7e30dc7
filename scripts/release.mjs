#!/usr/bin/env node
// `pnpm release`: build, check, publish.
//
//   pnpm release              build, run the package checks, `changeset publish`
//   pnpm release --dry-run    build, run the package checks, `pnpm publish --dry-run`
//                             for each package and print what would be published;
//                             nothing leaves the machine
//   --skip-build              (with --dry-run) use the existing dist/ — the release
//                             tests pass it, since turbo has just built the packages
//   --skip-lint               (with --dry-run) no publint/attw — the release tests
//                             pass it, since lint.test.ts runs them on the same tarballs
//
// The checks: on the packed tarballs (pnpm pack applies publishConfig and
// rewrites `workspace:` ranges, as pnpm publish does), no `workspace:` range
// left, a LICENSE in every tarball, `publint --strict` and attw; the committed
// manifests and LICENSE files as `pnpm sync:manifests` writes them, and the
// committed API reports still current.
// The full test suite (`pnpm test`) runs before this in CI (.github/workflows/release.yml).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { apiReports, UPDATE_COMMAND } from "./api.mjs";
import {
  cleanEnv,
  lintTarball,
  listPublishablePackages,
  packPackage,
  readTarball,
  ROOT,
  run,
  tarballManifest,
} from "./release-packages.mjs";
import { syncManifests } from "./sync-manifests.mjs";

const args = new Set(process.argv.slice(2));
const dryRun = args.has("--dry-run");
const skipBuild = args.has("--skip-build");
const skipLint = args.has("--skip-lint");
for (const a of args) {
  if (!["--dry-run", "--skip-build", "--skip-lint"].includes(a)) {
    console.error(`unknown option ${a}; usage: pnpm release [--dry-run [--skip-build] [--skip-lint]]`);
    process.exit(2);
  }
}
if (skipBuild && !dryRun) {
  console.error("--skip-build is only for --dry-run: a real release always builds");
  process.exit(2);
}
if (skipLint && !dryRun) {
  console.error("--skip-lint is only for --dry-run: a real release always runs publint and attw");
  process.exit(2);
}

const step = (title) => console.log(`\n▸ ${title}`);
const kB = (n) => `${(n / 1024).toFixed(1)} kB`;

/** Changesets not yet turned into versions (`pnpm run version` consumes them). */
function pendingChangesets() {
  return readdirSync(join(ROOT, ".changeset")).filter((f) => f.endsWith(".md") && f !== "README.md");
}

async function main() {
  console.log(`oris release${dryRun ? " (dry run: nothing is published)" : ""}`);
  const pending = pendingChangesets();
  if (pending.length > 0) {
    const msg = `${pending.length} pending changeset(s) in .changeset/ (${pending.join(", ")}): run \`pnpm run version\` and commit before releasing`;
    if (!dryRun) throw new Error(msg);
    console.log(`note: ${msg}; the dry run goes on with the current versions`);
  }

  if (skipBuild) {
    step("build: skipped (--skip-build)");
  } else {
    step("build");
    execFileSync("pnpm", ["run", "build"], { cwd: ROOT, stdio: "inherit", env: cleanEnv() });
  }

  const packages = listPublishablePackages();
  const packDir = mkdtempSync(join(tmpdir(), "oris-release-"));
  const failures = [];
  const packed = [];
  try {
    step(`package checks on the packed tarballs (${packages.length} packages)`);
    for (const pkg of packages) {
      const tarball = await packPackage(pkg, packDir);
      const manifest = tarballManifest(tarball);
      const files = readTarball(tarball);
      packed.push({ pkg, tarball, manifest, files });
    }
    const lints = skipLint
      ? packed.map(() => null)
      : await Promise.all(packed.map(({ tarball }) => lintTarball(tarball)));
    packed.forEach(({ pkg, manifest, files }, i) => {
      const deps = { ...manifest.dependencies, ...manifest.peerDependencies, ...manifest.optionalDependencies };
      const workspaceRanges = Object.entries(deps).filter(([, r]) => String(r).startsWith("workspace:"));
      const hasLicense = files.has("LICENSE");
      const verdict = (ok) => (ok ? "ok" : "FAILED");
      const lint = lints[i];
      const lintVerdict = lint
        ? `publint ${verdict(lint.publint.ok)}, attw ${verdict(lint.attw.ok)}`
        : "publint/attw skipped (--skip-lint)";
      console.log(
        `  ${pkg.name}@${pkg.version}: ranges ${verdict(workspaceRanges.length === 0)}, LICENSE ${verdict(hasLicense)}, ${lintVerdict}`,
      );
      if (workspaceRanges.length)
        failures.push(
          `${pkg.name}: workspace: ranges in the packed manifest: ${workspaceRanges.map(([d, r]) => `${d}@${r}`).join(", ")}`,
        );
      if (!hasLicense) failures.push(`${pkg.name}: no LICENSE in the tarball: run \`pnpm sync:manifests\``);
      if (lint && !lint.publint.ok) failures.push(`${pkg.name}: publint --strict\n${lint.publint.output}`);
      if (lint && !lint.attw.ok) failures.push(`${pkg.name}: attw\n${lint.attw.output}`);
    });

    step("manifests and LICENSE files");
    const stale = syncManifests();
    console.log(stale.length ? stale.map((f) => `  stale    ${f}`).join("\n") : "  current");
    if (stale.length) failures.push(`out of date (${stale.join(", ")}): run \`pnpm sync:manifests\` and commit`);

    step("API reports");
    const api = await apiReports();
    for (const r of api.reports) console.log(`  ${r.status.padEnd(8)} ${r.file}`);
    failures.push(...api.errors);
    const staleReports = api.reports.filter((r) => r.status !== "current");
    if (staleReports.length)
      failures.push(
        `stale API reports (${staleReports.map((r) => r.file).join(", ")}): run \`${UPDATE_COMMAND}\` and commit`,
      );

    if (failures.length) {
      console.error(`\n✗ ${failures.length} check(s) failed; nothing was published:\n\n${failures.join("\n\n")}`);
      process.exitCode = 1;
      return;
    }

    if (!dryRun) {
      step("changeset publish");
      // Publishes, with pnpm, every package whose version is not on the registry
      // yet, and tags it; provenance comes from NPM_CONFIG_PROVENANCE in CI.
      execFileSync("pnpm", ["exec", "changeset", "publish"], { cwd: ROOT, stdio: "inherit", env: { ...process.env } });
      return;
    }

    step("publish (dry run)");
    for (const { pkg, manifest, files } of packed) {
      const r = await run("pnpm", ["publish", "--dry-run", "--no-git-checks", "--json"], { cwd: pkg.dir });
      if (r.code !== 0) {
        failures.push(`${pkg.name}: pnpm publish --dry-run failed\n${r.output}`);
        continue;
      }
      const unpacked = [...files.values()].reduce((n, b) => n + b.length, 0);
      const deps = Object.entries(manifest.dependencies ?? {}).map(([d, v]) => `${d}@${v}`);
      console.log(
        `  would publish ${manifest.name}@${manifest.version}  (tag latest, access ${manifest.publishConfig?.access ?? "default"})`,
      );
      console.log(
        `    ${files.size} files, ${kB(unpacked)} unpacked; dependencies: ${deps.length ? deps.join(", ") : "none"}`,
      );
      console.log(`    from ${relative(ROOT, pkg.dir)}/`);
    }
    if (failures.length) {
      console.error(`\n✗ ${failures.join("\n\n")}`);
      process.exitCode = 1;
      return;
    }
    console.log(
      `\n✓ dry run complete: ${packed.length} package(s) checked and ready. \`pnpm release\` runs \`changeset publish\`, which publishes the versions above that are not on the registry yet.`,
    );
  } finally {
    rmSync(packDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(`\n✗ ${err.message}`);
  process.exitCode = 1;
});
