/**
 * Tree shaking: a consumer that imports only `RejectionReason` from the
 * installed `@oris/observability`, bundled with esbuild, carries none of the
 * reducer and none of the validators of the other wire types. A second bundle,
 * of the whole package, proves that the markers looked for are really there.
 * Likewise a consumer of `StoreError` alone from `@oris/store`, or of the SQLite
 * reader alone, carries none of the run-by-run derivation.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundle, bundleWithInputs } from "./bundle.ts";
import { installAlone, node, type TempProject } from "./helpers.ts";

/** Code that only the reducer has (names survive in an unminified bundle; the strings in any). */
const REDUCER = [
  "fromKernelTrace",
  "createObservabilityReducer",
  "createObservabilityStream",
  '"Interrupted"',
  '"Resumed"',
];
/** Code of the validators and schemas of KernelObservability and KernelTraceEvent. */
const OTHER_VALIDATORS = [
  "validateKernelObservability",
  "decodeKernelObservability",
  "kernelObservabilitySchema",
  "reasoning_timeline",
  "lease_graph",
];

describe("tree shaking @oris/observability", () => {
  let project: TempProject;
  let onlyRejection: string;
  let onlyRejectionInputs: string[];
  let everything: string;

  beforeAll(async () => {
    project = await installAlone("@oris/observability", { type: "module" });
    ({ text: onlyRejection, inputs: onlyRejectionInputs } = await bundleWithInputs(
      project.dir,
      `import { RejectionReason } from "@oris/observability";\nconsole.log(JSON.stringify(RejectionReason.capacityLimit("circuit breaker open")));\n`,
    ));
    everything = await bundle(
      project.dir,
      `import * as all from "@oris/observability";\nconsole.log(Object.keys(all));\n`,
    );
  });
  afterAll(() => project?.dispose());

  it("the RejectionReason-only bundle works", async () => {
    project.write("only-rejection.mjs", onlyRejection);
    expect((await node(project, "only-rejection.mjs")).trim()).toBe('{"CapacityLimit":"circuit breaker open"}');
  });

  it("a RejectionReason-only bundle holds RejectionReason's module and nothing from kernel-types", () => {
    expect(onlyRejectionInputs).toContain("@oris/observability/dist/esm/RejectionReason.js");
    const others = onlyRejectionInputs.filter(
      (f) => !/^@oris\/observability\/dist\/esm\/(RejectionReason|index)\.js$/.test(f),
    );
    expect(others, `modules beyond RejectionReason.js in the bundle: ${onlyRejectionInputs.join(", ")}`).toEqual([]);
  });

  it.each(REDUCER)("a RejectionReason-only bundle has no reducer code: %s", (marker) => {
    expect(everything, "bundle of the whole package").toContain(marker);
    expect(onlyRejection).not.toContain(marker);
  });

  it.each(OTHER_VALIDATORS)("a RejectionReason-only bundle has no validator of another type: %s", (marker) => {
    expect(everything, "bundle of the whole package").toContain(marker);
    expect(onlyRejection).not.toContain(marker);
  });
});

/** Code of the run-by-run derivation of @oris/store and of what it runs (the kernel event decoder, the reducer, the bridge). */
const DERIVATION = [
  "readRuns",
  "readRunTraces",
  "readRunHistories",
  "decodeKernelEventJson",
  "fromKernelTrace",
  "fromCheckpointHistory",
];

describe("tree shaking @oris/store and @oris/store-sqlite", () => {
  let project: TempProject;
  let onlyError: { text: string; inputs: string[] };
  let onlyReader: { text: string; inputs: string[] };
  let everything: string;
  // The driver is not ours to shake: it stays an import of the bundle.
  const options = { platform: "node", external: ["better-sqlite3"] } as const;

  beforeAll(async () => {
    project = await installAlone("@oris/store-sqlite", { type: "module" });
    onlyError = await bundleWithInputs(
      project.dir,
      `import { isStoreError, StoreError } from "@oris/store";\nconsole.log(isStoreError(new StoreError("busy", "locked")));\n`,
      options,
    );
    onlyReader = await bundleWithInputs(
      project.dir,
      `import { openSqliteStore } from "@oris/store-sqlite";\nconsole.log(typeof openSqliteStore);\n`,
      options,
    );
    everything = await bundle(
      project.dir,
      `import * as store from "@oris/store";\nimport * as sqlite from "@oris/store-sqlite";\nconsole.log(Object.keys(store), Object.keys(sqlite));\n`,
      options,
    );
  });
  afterAll(() => project?.dispose());

  it("the bundles work", async () => {
    project.write("only-error.mjs", onlyError.text);
    expect((await node(project, "only-error.mjs")).trim()).toBe("true");
    project.write("only-reader.mjs", onlyReader.text);
    expect((await node(project, "only-reader.mjs")).trim()).toBe("function");
  });

  it("a StoreError-only bundle holds StoreError's module and nothing else", () => {
    const others = onlyError.inputs.filter((f) => !/^@oris\/store\/dist\/esm\/(StoreError|index)\.js$/.test(f));
    expect(others, `modules beyond StoreError.js in the bundle: ${onlyError.inputs.join(", ")}`).toEqual([]);
  });

  it("an openSqliteStore-only bundle holds the SQLite reader and what it uses of @oris/store (StoreError, tablesPresent, compareUtf8), nothing else", () => {
    expect(onlyReader.inputs).toContain("@oris/store-sqlite/dist/esm/openSqliteStore.js");
    const others = onlyReader.inputs.filter(
      (f) =>
        !/^@oris\/store-sqlite\/dist\/esm\/[^/]+\.js$|^@oris\/store\/dist\/esm\/(StoreError|describeTables|compareUtf8|index)\.js$/.test(
          f,
        ),
    );
    expect(others, `modules beyond the reader and what it uses in the bundle: ${onlyReader.inputs.join(", ")}`).toEqual(
      [],
    );
  });

  it.each(DERIVATION)("neither bundle has derivation code: %s", (marker) => {
    expect(everything, "bundle of both whole packages").toContain(marker);
    expect(onlyError.text).not.toContain(marker);
    expect(onlyReader.text).not.toContain(marker);
  });
});
