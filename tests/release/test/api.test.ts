/**
 * The API report of every entry point of every package (packages/<pkg>/etc/*.api.md,
 * rendered by API Extractor from the built declarations) and the list of TSDoc
 * gaps (tests/release/tsdoc-gaps.json) are committed, and this test fails when
 * either no longer matches the code — so a change of the public API, or of
 * what is documented, always shows up in review. `pnpm api:update` rewrites them.
 */
import { existsSync, readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { apiReports, TSDOC_GAPS_FILE, UPDATE_COMMAND } from "../../../scripts/api.mjs";
import { listPublishablePackages } from "../../../scripts/release-packages.mjs";
import { packed } from "./helpers.ts";

type Result = Awaited<ReturnType<typeof apiReports>>;

describe("API reports", () => {
  const names = new Set(packed().map((p) => p.name));
  let result: Result;

  beforeAll(async () => {
    result = await apiReports({
      packages: listPublishablePackages().filter((p: { name: string }) => names.has(p.name)),
    });
  });

  it("API Extractor reads every package's declarations without errors", () => {
    expect(result.errors.join("\n\n")).toBe("");
  });

  it(`the committed reports are current (else: review the diff, run \`${UPDATE_COMMAND}\`, commit)`, () => {
    const stale = result.reports.filter((r) => r.status !== "current");
    const explain = stale
      .map((r) => `${r.file} is ${r.status === "missing" ? "missing" : "stale"}${r.diff ? `:\n${r.diff}` : ""}`)
      .join("\n\n");
    expect(
      stale.length,
      `The public API changed. Review it, then run \`${UPDATE_COMMAND}\` and commit the reports.\n\n${explain}`,
    ).toBe(0);
    expect(result.reports.length).toBeGreaterThan(0);
  });

  it(`the committed TSDoc gap list is current (else: run \`${UPDATE_COMMAND}\`)`, () => {
    const committed = existsSync(TSDOC_GAPS_FILE) ? JSON.parse(readFileSync(TSDOC_GAPS_FILE, "utf8")) : {};
    for (const [pkg, gaps] of Object.entries(result.tsdocGaps)) {
      expect(
        committed[pkg],
        `TSDoc gaps of ${pkg} changed: document the new exports, then run \`${UPDATE_COMMAND}\` and commit tests/release/tsdoc-gaps.json`,
      ).toEqual(gaps);
    }
  });
});
