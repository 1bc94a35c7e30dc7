/**
 * `pnpm run docs` generates the API reference (TypeDoc, from the sources and
 * their TSDoc) without errors, with a module for every published package that
 * documents every value it exports.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { documentedPackages, generateDocs } from "../../../scripts/docs.mjs";

interface Reflection {
  name: string;
  children?: Reflection[];
}

describe("API reference (TypeDoc)", () => {
  const tmp = mkdtempSync(join(tmpdir(), "oris-docs-"));
  let result: { code: number; output: string };
  let model: Reflection;

  beforeAll(async () => {
    result = await generateDocs({ out: join(tmp, "html"), json: join(tmp, "api.json") });
    if (result.code === 0) model = JSON.parse(readFileSync(join(tmp, "api.json"), "utf8"));
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it("generates without errors", () => {
    expect(result.code, result.output).toBe(0);
    expect(readFileSync(join(tmp, "html", "index.html"), "utf8")).toContain("<html");
  });

  it.each(documentedPackages().map((p: { name: string; dir: string }) => [p.name, p.dir]))(
    "documents every value %s exports",
    async (name, dir) => {
      const module = model.children?.find((c) => c.name === name);
      expect(module, `no module for ${name} in the API reference`).toBeDefined();
      // Names documented anywhere under the package (entry-point modules included).
      const documented = new Set<string>();
      const collect = (r: Reflection) => {
        documented.add(r.name);
        r.children?.forEach(collect);
      };
      collect(module!);
      const runtime = Object.keys(await import(pathToFileURL(join(dir, "dist", "esm", "index.js")).href));
      expect(runtime.filter((n) => !documented.has(n))).toEqual([]);
    },
  );
});
