import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { transform } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consoleScript, parseBlocks, planBlocks, type Plan } from "../src/blocks.ts";
import { DOCS, ROOT, run, scratchDir, snippetName, snippetProject, TSC, readmes } from "../src/workspace.ts";

/**
 * Every code block of every README is run (or type-checked, or checked as
 * JSON) and what it prints compared with what the README shows; a block that
 * cannot run says why (`<!-- not run: why -->`). See src/blocks.ts for the
 * convention.
 */

const FILES = readmes();
const PLANS = new Map<string, Plan[]>(FILES.map((f) => [f, planBlocks(parseBlocks(readFileSync(join(ROOT, f), "utf8")))]));
const TS = [...PLANS].flatMap(([readme, plans]) => plans.filter((p) => p.kind === "ts").map((p) => ({ readme, plan: p, name: snippetName(readme, p.block.line) })));
const NEEDS_POSTGRES = [...PLANS.values()].flat().some((p) => "postgres" in p && p.postgres);

/** The decoder and encoder of a wire type, from the built packages. */
async function wireCodec(type: string): Promise<{ decode: (v: unknown) => { ok: true; value: unknown } | { ok: false; error: Error }; encode: (v: never) => string; array: boolean }> {
  switch (type) {
    case "KernelTraceEvent": {
      const m = await import("@oris/kernel-types");
      return { decode: m.decodeKernelTraceEvent, encode: m.encodeKernelTraceEvent, array: false };
    }
    case "KernelObservability": {
      const m = await import("@oris/observability");
      return { decode: m.decodeKernelObservability, encode: m.encodeKernelObservability, array: false };
    }
    case "RejectionReason": {
      const m = await import("@oris/observability");
      return { decode: m.decodeRejectionReason, encode: m.encodeRejectionReason, array: false };
    }
    case "ExecutionCheckpointView[]": {
      const m = await import("@oris/checkpoint-bridge");
      return { decode: m.decodeExecutionCheckpointView, encode: m.encodeExecutionCheckpointView, array: true };
    }
    default:
      throw new Error(`<!-- wire: ${type} -->: not a wire type the test knows (KernelTraceEvent, KernelObservability, RejectionReason, ExecutionCheckpointView[])`);
  }
}

let project = "";
/** tsc's diagnostics, by snippet file name. */
const diagnostics = new Map<string, string[]>();
let tscFailure = "";
let databaseUrl: string | null = null;
let stopPostgres: (() => Promise<void>) | null = null;
const scratch: string[] = [];

beforeAll(async () => {
  project = snippetProject();
  for (const { plan, name } of TS) {
    writeFileSync(join(project, "snippets", `${name}.ts`), plan.block.text);
    const { code } = await transform(plan.block.text, { loader: "ts", format: "esm", target: "node20", sourcefile: `${name}.ts` });
    writeFileSync(join(project, "snippets", `${name}.mjs`), code);
  }
  // One tsc run over every snippet.
  const tsc = await run(process.execPath, [TSC, "-p", "tsconfig.json", "--pretty", "false"], { cwd: project, env: process.env });
  for (const line of tsc.stdout.split("\n")) {
    const m = /^snippets\/([^.]+)\.ts\(\d+,\d+\): /.exec(line);
    if (m !== null) diagnostics.set(m[1] as string, [...(diagnostics.get(m[1] as string) ?? []), line]);
  }
  if (tsc.status !== 0 && diagnostics.size === 0) tscFailure = `tsc exited ${tsc.status}: ${tsc.stdout}${tsc.stderr}`;
  if (NEEDS_POSTGRES) {
    // A real PostgreSQL server holding the store fixture, as $DATABASE_URL.
    const { startPgServer } = await import("@oris/pg-server");
    const pg = await startPgServer();
    stopPostgres = () => pg.stop();
    await pg.createDatabase("oris");
    await pg.psql({ file: join(ROOT, "fixtures/stores/postgres.sql"), database: "oris" });
    databaseUrl = pg.url({ database: "oris" });
  }
});

afterAll(async () => {
  await stopPostgres?.();
  if (project !== "") rmSync(project, { recursive: true, force: true });
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

it("reads every README: the root's, every package's, every test package's and examples/", () => {
  expect(FILES).toContain("README.md");
  expect(FILES).toContain("packages/cli/README.md");
  expect(FILES).toContain("tests/pg-server/README.md");
  expect(FILES).toContain("examples/README.md");
  expect(TS.length).toBeGreaterThan(0);
});

describe.each(FILES)("%s", (readme) => {
  const plans = PLANS.get(readme) as Plan[];
  let dir = "";
  let env: NodeJS.ProcessEnv = {};

  beforeAll(() => {
    ({ dir, env } = scratchDir(readme));
    scratch.push(dir);
  });

  const envFor = (plan: Plan): NodeJS.ProcessEnv => {
    if (!("postgres" in plan) || !plan.postgres) return env;
    if (databaseUrl === null) throw new Error("no PostgreSQL server was started");
    return { ...env, DATABASE_URL: databaseUrl };
  };

  it("has no block that is neither run, checked nor marked", () => {
    const unmarked = plans.filter((p) => p.kind === "unmarked").map((p) => `${readme}:${p.block.line}: ${p.kind === "unmarked" ? p.why : ""}`);
    expect(unmarked).toEqual([]);
  });

  for (const plan of plans) {
    const where = `${readme}:${plan.block.line}`;
    switch (plan.kind) {
      case "ts":
        it(`${where}: TypeScript, ${plan.run ? "type-checked and run" : `type-checked, not run (${plan.why})`}`, async () => {
          const name = snippetName(readme, plan.block.line);
          expect(tscFailure).toBe("");
          expect(diagnostics.get(name) ?? [], "tsc --noEmit").toEqual([]);
          if (!plan.run) return;
          const r = await run(process.execPath, ["--import", join(DOCS, "src/ts-register.mjs"), join(project, "snippets", `${name}.mjs`)], {
            cwd: dir,
            env: envFor(plan),
          });
          expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: "" });
          expect(r.stdout).toBe(plan.expected);
        });
        break;
      case "sh":
        it(`${where}: shell, run${plan.expected === null ? " (prints nothing)" : ", output compared"}`, async () => {
          const r = await run("bash", ["-e", "-c", plan.block.text], { cwd: dir, env: envFor(plan) });
          expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: "" });
          expect(r.stdout).toBe(plan.expected ?? "");
        });
        break;
      case "console":
        it(`${where}: console transcript, run and compared`, async () => {
          const { script, expected } = consoleScript(plan.block.text);
          const r = await run("bash", ["-c", script], { cwd: dir, env: envFor(plan) });
          expect(r.stdout).toBe(expected);
        });
        break;
      case "json":
        if (plan.wire !== null) {
          const type = plan.wire;
          it(`${where}: ${type} wire JSON, decoded and encoded back to the same bytes`, async () => {
            const codec = await wireCodec(type);
            const text = plan.block.text.trimEnd();
            const values = text.startsWith("[") ? [text] : text.split("\n");
            for (const line of values) {
              const parsed = JSON.parse(line) as unknown;
              const items = text.startsWith("[") && codec.array ? (parsed as unknown[]) : [parsed];
              const encoded = items.map((item) => {
                const r = codec.decode(item);
                if (!r.ok) throw new Error(`${line}: ${r.error.message}`);
                return codec.encode(r.value as never);
              });
              expect(text.startsWith("[") && codec.array ? `[${encoded.join(",")}]` : encoded[0]).toBe(line);
            }
          });
          break;
        }
        it(`${where}: JSON, parsed`, () => {
          const text = plan.block.text;
          let whole = true;
          try {
            JSON.parse(text);
          } catch {
            whole = false;
          }
          if (!whole) for (const line of text.split("\n").filter((l) => l.trim() !== "")) expect(() => JSON.parse(line), line).not.toThrow();
        });
        break;
      case "file":
        it(`${where}: the file ${plan.name}, written for the blocks after it`, () => {
          expect(plan.name).toMatch(/^[A-Za-z0-9._-]+$/);
          writeFileSync(join(dir, plan.name), plan.block.text);
        });
        break;
      case "in":
        it(`${where}: each line is in the output of \`${plan.command}\``, async () => {
          const r = await run("bash", ["-c", plan.command], { cwd: dir, env });
          expect(r.status).toBe(0);
          const missing = plan.block.text
            .split("\n")
            .map((l) => l.trim())
            .filter((l) => l !== "" && !r.stdout.includes(l));
          expect(missing).toEqual([]);
        });
        break;
      case "not run":
      case "output":
      case "unmarked":
        break;
    }
  }
});

describe("the convention itself", () => {
  it("counts: run, type-checked only, checked, marked not run", () => {
    const all = [...PLANS.values()].flat();
    const count = (k: Plan["kind"]) => all.filter((p) => p.kind === k).length;
    const tsRun = all.filter((p) => p.kind === "ts" && p.run).length;
    // Informative, and a guard against a parser that finds nothing.
    expect(tsRun + count("sh") + count("console")).toBeGreaterThan(10);
    expect(count("output")).toBeGreaterThan(0);
  });
});
