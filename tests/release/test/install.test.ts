/**
 * Selective installs: each publishable package, installed with npm from the
 * packed tarballs into a project outside the workspace, alone with just the
 * workspace packages it depends on. It must load with `import` and with
 * `require` on this Node, give the same results both ways on the conformance
 * vectors (and the results the Rust build printed), and bring nothing else:
 * no sibling it does not depend on, and no third-party package but a store
 * reader's own database driver with that driver's dependencies (THIRD_PARTY in
 * helpers.ts; npm gets the drivers from the loopback registry of registry.ts).
 */
import { copyFileSync, readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanEnv, run, runOk, tarballManifest } from "../../../scripts/release-packages.mjs";
import { expectedRecord, STORE_MODES, storeRuns } from "../../../fixtures/stores.ts";
import {
  closure,
  expectedInstall,
  filesUnder,
  fixture,
  importable,
  installAlone,
  installedPackages,
  node,
  packed,
  ROOT,
  type TempProject,
  THIRD_PARTY,
} from "./helpers.ts";

const traces = fixture("traces.json").cases as {
  name: string;
  trace_ndjson: string[];
  seed_json: string;
  upstream_0_3_json: string;
}[];
const checkpoints = fixture("checkpoints.json").cases as {
  name: string;
  run_id: string;
  history_json: string;
  lease_graph: [string, string][] | null;
  seed_json: string;
  upstream_0_3_json: string;
}[];
const wire = fixture("wire.json").cases as { type: string; json: string }[];
/** The first runs of the fixture database (fixtures/stores), in byte order of their ids, with what the runtime derives. */
const stores = storeRuns().slice(0, 8);
/** The records `readRuns` must give for them by default (from kernel events, the 0.2 rules): the exact NDJSON, or the refused row. */
const storeRecords = stores.map((run) => expectedRecord(run, STORE_MODES[0]));
/** Every database driver a published package may bring. */
const DRIVERS = [...new Set(Object.values(THIRD_PARTY).flat())].sort();

/**
 * The conformance program, run once as ESM and once as CommonJS. `mods` maps
 * a package name to its loaded module; it prints one JSON document.
 */
const BODY = String.raw`
(async () => {
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
if (target === "@oris/trace-reader") {
  // Every conformance trace, as NDJSON bytes (the empty one as "[]"), and gzipped from a file, through observeTrace.
  const tr = mods["@oris/trace-reader"];
  const bytes = (c) => Buffer.from(c.trace_ndjson.length === 0 ? "[]" : c.trace_ndjson.map((l) => l + "\n").join(""), "utf8");
  out.seed = [];
  out.upstream = [];
  for (const c of input.traces) {
    out.seed.push(await tr.observeTrace(bytes(c)));
    writeFileSync("trace.ndjson.gz", gzipSync(bytes(c)));
    out.upstream.push(await tr.observeTrace("trace.ndjson.gz", { profile: "0.3" }));
  }
  try {
    await tr.observeTrace("no-such-file.ndjson");
  } catch (err) {
    out.missing = { isTraceReadError: err instanceof tr.TraceReadError, code: err.code, message: err.message };
  }
}
if (target === "@oris/api") {
  // Each checkpoint vector as the execution server sends it (created_at by to_rfc3339, observability left out
  // when none), decoded, and the server's 0.3 field checked against its history.
  const api = mods["@oris/api"];
  const meta = { status: "ok", api_version: "v1" };
  out.api = input.checkpoints.map((c) => {
    const history = JSON.parse(c.history_json).map((h) => ({ checkpoint_id: h.checkpoint_id, created_at: h.created_at.replace(/Z$/, "+00:00") }));
    const timeline = history.map((h, i) => ({ seq: i + 1, event_type: "checkpoint_saved", ...h }));
    const server = history.length === 0 ? {} : { observability: JSON.parse(c.upstream_0_3_json) };
    const r = api.decodeTimelineExportEnvelope({ meta, request_id: "r", data: { thread_id: c.run_id, timeline, history, ...server } });
    if (!r.ok) return { error: r.error.message };
    const check = api.checkObservability(r.value.data);
    return { agrees: check.agrees, observability: r.value.data.observability === null ? null : ob.encodeKernelObservability(r.value.data.observability) };
  });
  const e = new api.OrisApiError("network", "GET http://127.0.0.1:1/v1/jobs/r/history", "refused");
  out.apiError = { isOrisApiError: api.isOrisApiError(e), kind: e.kind, notOne: api.isOrisApiError(new Error("x")) };
}
const st = mods["@oris/store"];
if (target === "@oris/store") {
  // The runtime's KernelObservability objects, written back as run records.
  out.records = input.stores.filter((r) => !("error" in r.kernel_events)).map((r) => st.encodeRunRecord({ runId: r.run_id, observability: r.kernel_events.seed }));
  const e = new st.StoreError("unreachable", "db.example:5432: no answer");
  out.storeError = { isStoreError: st.isStoreError(e), kind: e.kind, name: e.name, notOne: st.isStoreError(new Error("x")) };
}
if (target === "@oris/store-sqlite") {
  // The fixture database through the installed better-sqlite3: the first runs.
  const store = mods["@oris/store-sqlite"].openSqliteStore("oris.sqlite3");
  out.records = [];
  try {
    for await (const record of st.readRuns(store)) {
      out.records.push(st.encodeRunRecord(record));
      if (out.records.length === input.stores.length) break;
    }
  } finally {
    await store.close();
  }
  try {
    mods["@oris/store-sqlite"].openSqliteStore("no-such-file.sqlite3");
  } catch (err) {
    out.missing = { isStoreError: st.isStoreError(err), kind: err.kind };
  }
}
if (target === "@oris/store-postgres") {
  // No server: nothing listens on port 1, so the driver's connection is refused.
  try {
    await mods["@oris/store-postgres"].openPostgresStore("postgres://u:p@127.0.0.1:1/x", { connectTimeoutSeconds: 5 });
    out.unreachable = "opened";
  } catch (err) {
    out.unreachable = { isStoreError: st.isStoreError(err), kind: err.kind, message: err.message };
  }
}
if (typeof require === "function" && require.cache) {
  // Which installed packages the CommonJS run loaded.
  out.loadedPackages = [...new Set(Object.keys(require.cache).map((f) => (/node_modules[\\/](@[^\\/]+[\\/][^\\/]+|[^\\/]+)/.exec(f) || [])[1]).filter(Boolean))].sort();
}
console.log(JSON.stringify(out));
})().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
`;

function esmProgram(names: string[]): string {
  const imports = names.map((n, i) => `import * as m${i} from ${JSON.stringify(n)};`).join("\n");
  const mods = `const mods = {${names.map((n, i) => `${JSON.stringify(n)}: m${i}`).join(", ")}};`;
  return `import { readFileSync, writeFileSync } from "node:fs";\nimport { gzipSync } from "node:zlib";\n${imports}\n${mods}\n${BODY}`;
}

function cjsProgram(names: string[]): string {
  const mods = `const mods = {${names.map((n) => `${JSON.stringify(n)}: require(${JSON.stringify(n)})`).join(", ")}};`;
  return `"use strict";\nconst { readFileSync, writeFileSync } = require("node:fs");\nconst { gzipSync } = require("node:zlib");\n${mods}\n${BODY}`;
}

/**
 * Bare module specifiers in a built JavaScript file (static and dynamic imports, requires).
 * A static `from "…"` counts only in an import or export statement, not in a
 * string that happens to end with the word "from".
 */
function specifiers(code: string): string[] {
  const out = new Set<string>();
  const patterns = [
    /(?:^|[;}])\s*(?:import|export)\b[^;"'`]*?\bfrom\s*["']([^"']+)["']/gm,
    /(?:^|[;}])\s*import\s*["']([^"']+)["']/gm,
    /\bimport\(\s*["']([^"']+)["']\s*\)/g,
    /\brequire\(\s*["']([^"']+)["']\s*\)/g,
  ];
  for (const re of patterns) for (const m of code.matchAll(re)) out.add(m[1]!);
  return [...out].filter((s) => !s.startsWith("."));
}

/** The package a bare specifier names: `@scope/name/sub` → `@scope/name`. */
const packageOf = (spec: string) =>
  spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0]!;

describe.each(packed().map((p) => [p.name, p] as const))("%s installed alone from its tarball", (name, pkg) => {
  const needs = closure(name);
  // A bin-only package (the CLI) has no "." export to load; its dependencies still load.
  const loadable = needs.filter(importable);
  let project: TempProject;

  beforeAll(async () => {
    project = await installAlone(name);
    project.write("conformance-input.json", JSON.stringify({ traces, checkpoints, wire, stores }));
    if (needs.includes("@oris/store-sqlite"))
      copyFileSync(join(ROOT, "fixtures", "stores", "oris.sqlite3"), join(project.dir, "oris.sqlite3"));
    project.write("run.mjs", esmProgram(loadable));
    project.write("run.cjs", cjsProgram(loadable));
  });
  afterAll(() => project?.dispose());

  const ownDrivers = [...(THIRD_PARTY[name] ?? [])];
  const drivers = needs.flatMap((n) => THIRD_PARTY[n] ?? []);

  it(`carries real semver ranges, only on workspace packages${ownDrivers.length ? ` and ${ownDrivers.join(", ")}` : ""}`, () => {
    const manifest = tarballManifest(pkg.tarball);
    const deps = { ...manifest.dependencies, ...manifest.peerDependencies, ...manifest.optionalDependencies };
    for (const [dep, range] of Object.entries<string>(deps)) {
      expect(range, `${dep} range in the packed package.json`).not.toMatch(/^workspace:/);
      expect(
        [...pkg.workspaceDeps, ...ownDrivers],
        `${name} depends on ${dep}, which is neither a workspace package nor on THIRD_PARTY in helpers.ts`,
      ).toContain(dep);
      if (ownDrivers.includes(dep))
        expect(range, `${dep} range in the packed package.json`).toMatch(/^\^\d+\.\d+\.\d+$/);
    }
    expect(Object.keys(deps).sort()).toEqual([...pkg.workspaceDeps, ...ownDrivers].sort());
    // Drivers are regular dependencies: a reader cannot work without its own.
    for (const d of ownDrivers) expect(manifest.dependencies?.[d], `${d} in "dependencies"`).toBeDefined();
  });

  it(`installs exactly ${needs.join(" + ")}${drivers.length ? ` and the closure of ${drivers.join(", ")}` : ": no third-party package"}`, () => {
    expect(installedPackages(project)).toEqual(expectedInstall(name));
  });

  it(
    drivers.length ? `brings ${drivers.join(" and ")}, and no other database driver` : "brings no database driver",
    () => {
      const installed = installedPackages(project);
      for (const d of DRIVERS) expect(d in installed, `${d} installed`).toBe(drivers.includes(d));
    },
  );

  it(`ships JavaScript that imports only node: builtins, the workspace packages it depends on${ownDrivers.length ? " and its driver" : ""}`, () => {
    const builtins = new Set(builtinModules);
    for (const n of needs) {
      // Each package may import what it depends on itself, no more.
      const allowed = new Set([...closure(n), ...(THIRD_PARTY[n] ?? [])]);
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
    // require() loaded nothing beyond the package, its workspace dependencies and their drivers.
    const expected = expectedInstall(name);
    expect(loadedPackages.filter((p: string) => !(p in expected))).toEqual([]);
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
    if (name === "@oris/trace-reader") {
      expect(esm.seed).toEqual(traces.map((c) => c.seed_json));
      expect(esm.upstream).toEqual(traces.map((c) => c.upstream_0_3_json));
      expect(esm.missing).toEqual({
        isTraceReadError: true,
        code: "open",
        message: "no-such-file.ndjson: cannot open: no such file",
      });
    }
    if (name === "@oris/api") {
      expect(esm.api).toEqual(
        checkpoints.map((c) => ({
          agrees: true,
          observability: JSON.parse(c.history_json).length === 0 ? null : c.upstream_0_3_json,
        })),
      );
      expect(esm.apiError).toEqual({ isOrisApiError: true, kind: "network", notOne: false });
    }
    if (name === "@oris/store") {
      expect(esm.records).toEqual(
        stores
          .filter((r) => !("error" in r.kernel_events))
          .map(
            (r) =>
              `{"run_id":${JSON.stringify(r.run_id)},"observability":${"seed_json" in r.kernel_events ? r.kernel_events.seed_json : ""}}`,
          ),
      );
      expect(esm.storeError).toEqual({ isStoreError: true, kind: "unreachable", name: "StoreError", notOne: false });
    }
    if (name === "@oris/store-sqlite") {
      // The fixture database read through the installed driver, against the Rust runtime's results.
      expect(esm.records).toHaveLength(stores.length);
      storeRecords.forEach((want, i) => {
        const id = JSON.stringify(stores[i]!.run_id);
        if ("record" in want) expect(esm.records[i], stores[i]!.run_id).toBe(want.record);
        else
          expect(esm.records[i], stores[i]!.run_id).toMatch(
            `{"run_id":${id},"error":"kernel_events seq ${"seq" in want ? want.seq : "?"}: `,
          );
      });
      expect(
        storeRecords.some((r) => "seq" in r),
        "the runs compared include a refused row",
      ).toBe(true);
      expect(esm.missing).toEqual({ isStoreError: true, kind: "not-found" });
      expect(loadedPackages).toContain("better-sqlite3");
    }
    if (name === "@oris/store-postgres") {
      expect(esm.unreachable).toMatchObject({ isStoreError: true, kind: "unreachable" });
      expect(esm.unreachable.message).not.toContain("p@");
      expect(loadedPackages).toContain("postgres");
    }
  });
});

describe.each(
  packed()
    .filter((p) => tarballManifest(p.tarball).bin)
    .map((p) => [p.name, p] as const),
)("%s executables, installed from the tarballs", (name, pkg) => {
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
    const r = await runOk(join(project.dir, "node_modules", ".bin", bin), ["--version"], {
      cwd: project.dir,
      env: cleanEnv(),
    });
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

    // The database readers are optional dependencies of the CLI, loaded when --db asks for one.
    it("oris-observe --db reads the fixture SQLite database through the installed reader and better-sqlite3", async () => {
      const bin = join(project.dir, "node_modules", ".bin", "oris-observe");
      copyFileSync(join(ROOT, "fixtures", "stores", "oris.sqlite3"), join(project.dir, "oris.sqlite3"));
      const runs = stores.flatMap((run, i) => {
        const want = storeRecords[i]!;
        return "record" in want ? [{ id: run.run_id, record: want.record }] : [];
      });
      expect(runs.length).toBeGreaterThan(2);
      const r = await runOk(bin, ["--db", "oris.sqlite3", ...runs.flatMap((x) => ["--run-id", x.id])], {
        cwd: project.dir,
        env: cleanEnv(),
      });
      expect(r.stdout.trim().split("\n")).toEqual(runs.map((x) => x.record));
    });

    it("oris-observe --db with a PostgreSQL server that cannot be reached exits 69, without the password", async () => {
      const bin = join(project.dir, "node_modules", ".bin", "oris-observe");
      const r = await run(bin, ["--db", "postgres://u:p@127.0.0.1:1/x"], { cwd: project.dir, env: cleanEnv() });
      expect(r.code, r.output).toBe(69);
      expect(r.output).not.toContain("p@");
    });
  }
});

describe("@oris/trace-reader installed alone", () => {
  let project: TempProject;
  beforeAll(async () => {
    project = await installAlone("@oris/trace-reader");
  });
  afterAll(() => project?.dispose());

  it("brings kernel-types and observability only: no CLI, checkpoint-bridge or store code, no database driver", () => {
    const installed = Object.keys(installedPackages(project)).sort();
    expect(installed).toEqual(["@oris/kernel-types", "@oris/observability", "@oris/trace-reader"]);
    for (const n of ["@oris/cli", "@oris/checkpoint-bridge", "@oris/store", ...DRIVERS])
      expect(installed).not.toContain(n);
  });
});

describe("@oris/api installed alone", () => {
  let project: TempProject;
  beforeAll(async () => {
    project = await installAlone("@oris/api");
  });
  afterAll(() => project?.dispose());

  it("brings kernel-types, observability and checkpoint-bridge only: no CLI, no store code, no database driver", () => {
    const installed = Object.keys(installedPackages(project)).sort();
    expect(installed).toEqual(["@oris/api", "@oris/checkpoint-bridge", "@oris/kernel-types", "@oris/observability"]);
    for (const n of ["@oris/cli", "@oris/store", "@oris/trace-reader", ...DRIVERS]) expect(installed).not.toContain(n);
  });
});

describe("@oris/observability installed alone", () => {
  let project: TempProject;
  beforeAll(async () => {
    project = await installAlone("@oris/observability");
  });
  afterAll(() => project?.dispose());

  it("brings no checkpoint-bridge code, no store code and no database driver", () => {
    const installed = Object.keys(installedPackages(project));
    for (const n of [
      "@oris/checkpoint-bridge",
      "@oris/store",
      "@oris/store-sqlite",
      "@oris/store-postgres",
      ...DRIVERS,
    ])
      expect(installed).not.toContain(n);
    const modules = join(project.dir, "node_modules");
    const code = filesUnder(modules).filter((f) => /\.(c|m)?js$/.test(f));
    expect(code.length).toBeGreaterThan(0);
    for (const file of code) {
      expect(readFileSync(join(modules, file), "utf8"), file).not.toMatch(
        /checkpoint-bridge|fromCheckpointHistory|ExecutionCheckpointView|@oris\/store|readRuns|openSqliteStore|openPostgresStore|better-sqlite3/,
      );
    }
  });
});
