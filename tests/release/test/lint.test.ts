/**
 * `publint --strict` and `attw` (arethetypeswrong) pass on every package's
 * packed tarball — the manifest after pnpm applied `publishConfig` and
 * rewrote `workspace:` ranges, which is what the registry receives. attw runs
 * with the `strict` profile (node10, node16 from ESM and from CJS, and
 * bundler; ATTW_PROFILE in scripts/release-packages.mjs). This is the one
 * place where a test run lints the packages: they have no `lint` script that
 * runs publint or attw, and the release dry run of release.test.ts skips them
 * (`--skip-lint`).
 */
import { describe, expect, it } from "vitest";
import { lintTarball } from "../../../scripts/release-packages.mjs";
import { packed } from "./helpers.ts";

describe.each(packed().map((p) => [p.name, p] as const))("%s tarball", (_name, pkg) => {
  it("passes publint --strict and attw", async () => {
    const { publint, attw } = await lintTarball(pkg.tarball);
    expect(publint.ok, `publint --strict failed:\n${publint.output}`).toBe(true);
    expect(attw.ok, `attw failed:\n${attw.output}`).toBe(true);
  });
});
