/**
 * Selective installs: each publishable package, installed with npm from the
 * packed tarballs into a project outside the workspace, alone with just the
 * workspace packages it depends on. It must load with `import` and with
 * `require` on this Node, give the same results both ways on the conformance
 * vectors (and the results the Rust build printed), and bring nothing else:
 * no third-party package, no sibling it does not depend on.
 */
import { readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanEnv, runOk, tarballManifest } from "../../../scripts/release-packages.mjs";
import { closure, filesUnder, fixture, importable, installAlone, installedPackages, node, packed, type TempProject } from "./helpers.ts";

const traces = fixture("traces.json").cases as { name: string; trace_ndjson: string[]; seed_json: string; upstream_0_3_json: string }[];
const checkpoints = fixture("checkpoints.json").cases as {
  name: string;
  run_id: string;
  history_json: string;
  lease_graph: [string, string][] | null;
  seed_json: string;
  upstream_0_3_json: string;
}[];
const wire = fixture("wire.json").cases as { type: string; json: string }[];

/**
 * The conformance program, run once as ESM and once as CommonJS. `mods` maps
 * a package name to its loaded module; it prints one JSON document.
 */
const BODY = String.raw`
const target = process.argv[2];
const input = JSON.parse(readFileSync("conformance-input.json", "utf8"));
const out = {};
out.exports = {};
for (const [name, mod] of Object.entries(mods)) {
  out.exports[name] = Object.keys(mod).filter((k) => k !== "default" && k !== "module.exports").sort();
}
const kt = mods["@oris/kernel-types"];
const ob = mods["@oris/observability"];
const cb = mods["@oris/checkpoint-bridge"];
const decodeTrace = (lines) =>
  lines.map((line) => {
    const r = kt.decodeKernelTraceEvent(JSON.parse(line));
    if (!r.ok) throw new Error("fixture event refused: " + r.error.message);
    return r.value;
  });
const wireResult = (decode, encode, json) => {
  const r = decode(JSON.parse(json));
  return r.ok ? { ok: true, canonical: encode(r.value) } : { ok: false, path: r.error.path, message: r.error.message };
};
if (target === "@oris/kernel-types") {
  out.events = input.traces.map((c) => decodeTrace(c.trace_ndjson).map((e) => kt.encodeKernelTraceEvent(e)));
  out.wire = input.wire.filter((c) => c.type === "KernelTraceEvent").map((c) => wireResult(kt.decodeKernelTraceEvent, kt.encodeKernelTraceEvent, c.json));
}
if (target === "@oris/observability") {
  out.seed = input.traces.map((c) => ob.encodeKernelObservability(ob.fromKernelTrace(decodeTrace(c.trace_ndjson))));
  out.upstream = input.traces.map((c) => ob.encodeKernelObservability(ob.fromKernelTrace(decodeTrace(c.trace_ndjson), { profile: "0.3" })));
  out.wire = input.wire
    .filter((c) => c.type === "RejectionReason" || c.type === "KernelObservability")
    .map((c) =>
      c.type === "RejectionReason"
        ? wireResult(ob.decodeRejectionReason, ob.encodeRejectionReason, c.json)
        : wireResult(ob.decodeKernelObservability, ob.encodeKernelObservability, c.json),
    );
}
if (target === "@oris/checkpoint-bridge") {
  const history = (c) =>
    JSON.parse(c.history_json).map((v) => {
      const r = cb.decodeExecutionCheckpointView(v);
      if (!r.ok) throw new Error("fixture checkpoint refused: " + r.error.message);
      return r.value;
    });
  out.seed = input.checkpoints.map((c) => ob.encodeKernelObservability(cb.fromCheckpointHistory(c.run_id, history(c))));
  out.upstream = input.checkpoints.map((c) =>
    ob.encodeKernelObservability(cb.fromCheckpointHistory(c.run_id, history(c), { profile: "0.3", leaseGraph: c.lease_graph })),
  );
  out.wire = input.wire
    .filter((c) => c.type === "ExecutionCheckpointView")
    .map((c) => wireResult(cb.decodeExecutionCheckpointView, cb.encodeExecutionCheckpointView, c.json));
}
if (typeof require === "function" && require.cache) {
  // Which installed packages the CommonJS run loaded.
  out.loadedPackages = [...new Set(Object.keys(require.cache).map((f) => (/node_modules[\\/](@[^\\/]+[\\/][^\\/]+|[^\\/]+)/.exec(f) || [])[1]).filter(Boolean))].sort();
}
console.log(JSON.stringify(out));
`;

function esmProgram(names: string[]): string {
  const imports = names.map((n, i) => `import * as m${i} from ${JSON.stringify(n)};`).join("\n");
  const mods = `const mods = {${names.map((n, i) => `${JSON.stringify(n)}: m${i}`).join(", ")}};`;
  return `import { readFileSync } from "node:fs";\n${imports}\n${mods}\n${BODY}`;
}

function cjsProgram(names: string[]): string {
  const mods = `const mods = {${names.map((n) => `${JSON.stringify(n)}: require(${JSON.stringify(n)})`).join(", ")}};`;
  return `"use strict";\nconst { readFileSync } = require("node:fs");\n${mods}\n${BODY}`;
}

/** Bare module specifiers in a built JavaScript file (static and dynamic imports, requires). */
function specifiers(code: string): string[] {
  const out = new Set<string>();
  const patterns = [/\bfrom\s*["']([^"']+)["']/g, /\bimport\s*["']([^"']+)["']/g, /\bimport\(\s*["']([^"']+)["']\s*\)/g, /\brequire\(\s*["']([^"']+)["']\s*\)/g];
  for (const re of patterns) for (const m of code.matchAll(re)) out.add(m[1]!);
  return [...out].filter((s) => !s.startsWith("."));
}

/** The package a bare specifier names: `@scope/name/sub` → `@scope/name`. */
const packageOf = (spec: string) => (spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0]!);

describe.each(packed().map((p) => [p.name, p] as const))("%s installed alone from its tarball", (name, pkg) => {
  const needs = closure(name);
  // A bin-only package (the CLI) has no "." export to load; its dependencies still load.
  const loadable = needs.filter(importable);
  let project: TempProject;

  beforeAll(async () => {
    project = await installAlone(name);
    project.write("conformance-input.json", JSON.stringify({ traces, checkpoints, wire }));
    project.write("run.mjs", esmProgram(loadable));
    project.write("run.cjs", cjsProgram(loadable));
  });
  afterAll(() => project?.dispose());

  it("carries real semver ranges, only on workspace packages", () => {
    const manifest = tarballManifest(pkg.tarball);
    const deps = { ...manifest.dependencies, ...manifest.peerDependencies, ...manifest.optionalDependencies };
    for (const [dep, range] of Object.entries<string>(deps)) {
      expect(range, `${dep} range in the packed package.json`).not.toMatch(/^workspace:/);
      expect(pkg.workspaceDeps, `${name} depends on ${dep}, which is not a workspace package`).toContain(dep);
    }
    expect(Object.keys(deps).sort()).toEqual([...pkg.workspaceDeps].sort());
  });

  it(`installs exactly ${needs.join(" + ")}: no third-party package`, () => {
    const installed = installedPackages(project);
    expect(Object.keys(installed).sort()).toEqual([...needs].sort());
    for (const n of needs) expect(installed[n]).toBe(packed().find((p) => p.name === n)!.version);
  });

  it("ships JavaScript that imports only node: builtins and the workspace packages it depends on", () => {
    const allowed = new Set(needs);
    const builtins = new Set(builtinModules);
    for (const n of needs) {
      const dir = join(project.dir, "node_modules", n);
      for (const file of filesUnder(dir).filter((f) => /\.(c|m)?js$/.test(f))) {
        for (const spec of specifiers(readFileSync(join(dir, file), "utf8"))) {
          const ok = spec.startsWith("node:") || builtins.has(spec) || allowed.has(packageOf(spec));
          expect(ok, `${n}/${file} imports "${spec}"`).toBe(true);
        }
      }
    }
  });

  it("loads with import and with require, with the same exports and the same conformance results", async () => {
    const esm = JSON.parse(await node(project, "run.mjs", name));
    const cjs = JSON.parse(await node(project, "run.cjs", name));
    const { loadedPackages, ...cjsResults } = cjs;
    expect(cjsResults).toEqual(esm);
    if (importable(name)) expect(esm.exports[name].length, `${name} exports nothing`).toBeGreaterThan(0);
    // require() loaded nothing beyond the package and its workspace dependencies.
    expect(loadedPackages.every((p: string) => needs.includes(p))).toBe(true);
    if (name === "@oris/kernel-types") {
      expect(esm.events).toEqual(traces.map((c) => c.trace_ndjson));
      expect(esm.wire.length).toBeGreaterThan(0);
    }
    if (name === "@oris/observability") {
      expect(esm.seed).toEqual(traces.map((c) => c.seed_json));
      expect(esm.upstream).toEqual(traces.map((c) => c.upstream_0_3_json));
    }
    if (name === "@oris/checkpoint-bridge") {
      expect(esm.seed).toEqual(checkpoints.map((c) => c.seed_json));
      expect(esm.upstream).toEqual(checkpoints.map((c) => c.upstream_0_3_json));
    }
  });
});

describe.each(packed().filter((p) => tarballManifest(p.tarball).bin).map((p) => [p.name, p] as const))("%s executables, installed from the tarballs", (name, pkg) => {
  let project: TempProject;
  const bins = (() => {
    const bin = tarballManifest(pkg.tarball).bin;
    return typeof bin === "string" ? { [name.replace(/^@[^/]+\//, "")]: bin } : (bin as Record<string, string>);
  })();
  beforeAll(async () => {
    project = await installAlone(name);
  });
  afterAll(() => project?.dispose());

  it.each(Object.keys(bins))("%s --version prints the packed version", async (bin) => {
    const r = await runOk(join(project.dir, "node_modules", ".bin", bin), ["--version"], { cwd: project.dir, env: cleanEnv() });
    expect(r.stdout).toContain(pkg.version);
  });

  if (name === "@oris/cli") {
    it("oris-observe turns the conformance traces into the Rust runtime's bytes (0.2 and 0.3 rules)", async () => {
      const bin = join(project.dir, "node_modules", ".bin", "oris-observe");
      for (const c of traces.slice(0, 8)) {
        // (An empty file is refused as "no trace"; an empty trace is written `[]`.)
        project.write("trace.ndjson", c.trace_ndjson.length ? c.trace_ndjson.map((l) => `${l}\n`).join("") : "[]\n");
        const seed = await runOk(bin, ["trace.ndjson"], { cwd: project.dir, env: cleanEnv() });
        expect(seed.stdout.trim(), c.name).toBe(c.seed_json);
        const upstream = await runOk(bin, ["--profile", "0.3", "trace.ndjson"], { cwd: project.dir, env: cleanEnv() });
        expect(upstream.stdout.trim(), c.name).toBe(c.upstream_0_3_json);
      }
    });
  }
});

describe("@oris/observability installed alone", () => {
  let project: TempProject;
  beforeAll(async () => {
    project = await installAlone("@oris/observability");
  });
  afterAll(() => project?.dispose());

  it("brings no checkpoint-bridge code", () => {
    expect(Object.keys(installedPackages(project))).not.toContain("@oris/checkpoint-bridge");
    const modules = join(project.dir, "node_modules");
    const code = filesUnder(modules).filter((f) => /\.(c|m)?js$/.test(f));
    expect(code.length).toBeGreaterThan(0);
    for (const file of code) {
      expect(readFileSync(join(modules, file), "utf8"), file).not.toMatch(/checkpoint-bridge|fromCheckpointHistory|ExecutionCheckpointView/);
    }
  });
});
