/**
 * `pnpm release --dry-run` — the path of the release flow that can run here:
 * the package checks on the packed tarballs, then `pnpm publish --dry-run` for
 * every package and a summary of what would be published. The registry is
 * pointed at a closed local port, so any attempt to reach it would fail the run.
 * (`--skip-build`: turbo has just built the packages for this test;
 * `--skip-lint`: lint.test.ts runs publint and attw on the same tarballs, so
 * the dry run does not run them a second time.)
 */
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { cleanEnv, listPublishablePackages, run } from "../../../scripts/release-packages.mjs";
import { ROOT } from "./helpers.ts";

const RELEASE = join(ROOT, "scripts", "release.mjs");
// Nothing listens on port 9 (discard) here: a request to the "registry" fails at once.
const OFFLINE = { npm_config_registry: "http://127.0.0.1:9/", NPM_CONFIG_REGISTRY: "http://127.0.0.1:9/" };

describe("pnpm release --dry-run", () => {
  let result: { code: number; output: string };
  beforeAll(async () => {
    result = await run(process.execPath, [RELEASE, "--dry-run", "--skip-build", "--skip-lint"], {
      cwd: ROOT,
      env: cleanEnv(OFFLINE),
    });
  });

  it("passes the checks and publishes nothing", () => {
    expect(result.code, result.output).toBe(0);
    expect(result.output).toContain("dry run: nothing is published");
    expect(result.output).toContain("dry run complete");
  });

  it("says what would be published: every publishable package, with its version and real ranges", () => {
    for (const p of listPublishablePackages()) {
      expect(result.output).toContain(`would publish ${p.name}@${p.version}`);
      expect(result.output).toMatch(
        new RegExp(
          `${p.name.replace("/", "\\/")}@${p.version.replace(/\./g, "\\.")}: ranges ok, LICENSE ok, publint/attw skipped`,
        ),
      );
    }
    expect(result.output).not.toContain("workspace:");
  });

  it("refuses --skip-build and --skip-lint outside a dry run, and unknown options", async () => {
    const skip = await run(process.execPath, [RELEASE, "--skip-build"], { cwd: ROOT, env: cleanEnv(OFFLINE) });
    expect(skip.code).toBe(2);
    expect(skip.output).toContain("only for --dry-run");
    const lint = await run(process.execPath, [RELEASE, "--skip-lint"], { cwd: ROOT, env: cleanEnv(OFFLINE) });
    expect(lint.code).toBe(2);
    expect(lint.output).toContain("only for --dry-run");
    const unknown = await run(process.execPath, [RELEASE, "--dryrun"], { cwd: ROOT, env: cleanEnv(OFFLINE) });
    expect(unknown.code).toBe(2);
  });
});
