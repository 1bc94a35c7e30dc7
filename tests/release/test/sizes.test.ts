/**
 * Size budgets, measured on what npm installs: each package's unpacked size
 * (the files of its tarball), the minified ESM bundle of everything it exports
 * (with its workspace dependencies, as an application bundler would include
 * them; a store reader's database driver and Node's builtins are left out, as
 * they are not ours to weigh) and that bundle gzipped, plus the minified bundle of a consumer that
 * imports only `RejectionReason`. The budgets are recorded in
 * tests/release/size-budget.json; growing past one fails. Raising a budget is a
 * reviewed change of that file, with the reason in the commit message.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readTarball, tarballManifest } from "../../../scripts/release-packages.mjs";
import { bundle, sizes } from "./bundle.ts";
import { closure, importable, installAlone, packed, ROOT, type TempProject, THIRD_PARTY } from "./helpers.ts";

type Budget = {
  unpacked: number;
  minified: number;
  gzip: number;
};

const BUDGET_FILE = join(ROOT, "tests", "release", "size-budget.json");
const budgets = JSON.parse(readFileSync(BUDGET_FILE, "utf8")) as {
  packages: Record<string, Budget>;
  bundles: Record<string, Omit<Budget, "unpacked">>;
};

const fmt = (n: number) => `${(n / 1024).toFixed(1)} kB`;

function check(label: string, measured: Record<string, number>, budget: Record<string, number> | undefined) {
  const lines = Object.entries(measured).map(
    ([k, v]) =>
      `${label} ${k}: ${fmt(v)} (${v} B)${budget?.[k] === undefined ? "" : ` of a ${fmt(budget[k])} (${budget[k]} B) budget`}`,
  );
  console.log(lines.join("\n"));
  expect(budget, `no size budget for ${label}: add one to tests/release/size-budget.json`).toBeDefined();
  for (const [k, v] of Object.entries(measured)) {
    expect(budget![k], `${label}: no "${k}" budget in tests/release/size-budget.json`).toBeTypeOf("number");
    expect(
      v,
      `${label} ${k} is ${v} B, over its budget of ${budget![k]} B (tests/release/size-budget.json)`,
    ).toBeLessThanOrEqual(budget![k]!);
  }
}

describe.each(packed().map((p) => [p.name, p] as const))("%s size", (name, pkg) => {
  let project: TempProject;
  beforeAll(async () => {
    project = await installAlone(name, { type: "module" });
  });
  afterAll(() => project?.dispose());

  it("stays within its budget: unpacked, minified bundle, gzipped bundle", async () => {
    const unpacked = [...readTarball(pkg.tarball).values()].reduce((n, b) => n + b.length, 0);
    let entry: string;
    if (importable(name)) {
      entry = `export * from ${JSON.stringify(name)};\n`;
    } else {
      // A bin-only package: its executables are what runs (bundled by path: a
      // bin file need not be in the exports map).
      const bin = tarballManifest(pkg.tarball).bin ?? {};
      const files = typeof bin === "string" ? [bin] : Object.values<string>(bin);
      expect(files.length, `${name} has neither a "." export nor a bin`).toBeGreaterThan(0);
      entry = files
        .map((f) => `import ${JSON.stringify(`./node_modules/${name}/${f.replace(/^\.\//, "")}`)};`)
        .join("\n");
    }
    const external = ["node:*", ...closure(name).flatMap((n) => THIRD_PARTY[n] ?? [])];
    const minified = sizes(
      await bundle(project.dir, entry, { minify: true, platform: importable(name) ? "neutral" : "node", external }),
    );
    check(name, { unpacked, minified: minified.bytes, gzip: minified.gzip }, budgets.packages[name]);
  });
});

describe("consumer bundles", () => {
  let project: TempProject;
  beforeAll(async () => {
    project = await installAlone("@oris/observability", { type: "module" });
  });
  afterAll(() => project?.dispose());

  it("RejectionReason alone from @oris/observability stays within its budget", async () => {
    const text = await bundle(
      project.dir,
      `import { RejectionReason } from "@oris/observability";\nexport const r = RejectionReason.tenantLimit("x");\n`,
      { minify: true },
    );
    const s = sizes(text);
    check(
      "RejectionReason from @oris/observability",
      { minified: s.bytes, gzip: s.gzip },
      budgets.bundles["RejectionReason from @oris/observability"],
    );
  });
});
