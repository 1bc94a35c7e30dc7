/**
 * `publint --strict` and `attw` (arethetypeswrong) pass on every package's
 * packed tarball — the manifest after pnpm applied `publishConfig` and
 * rewrote `workspace:` ranges, which is what the registry receives. attw runs
 * with the node16 profile (node16 from ESM and from CJS, and bundler); see
 * ATTW_PROFILE in scripts/release-packages.mjs for why node10 is left out.
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
