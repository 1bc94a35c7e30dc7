/**
 * Tree shaking: a consumer that imports only `RejectionReason` from the
 * installed `@oris/observability`, bundled with esbuild, carries none of the
 * reducer and none of the validators of the other wire types. A second bundle,
 * of the whole package, proves that the markers looked for are really there.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundle, bundleWithInputs } from "./bundle.ts";
import { installAlone, node, type TempProject } from "./helpers.ts";

/** Code that only the reducer has (names survive in an unminified bundle; the strings in any). */
const REDUCER = ["fromKernelTrace", "createObservabilityReducer", "createObservabilityStream", '"Interrupted"', '"Resumed"'];
/** Code of the validators and schemas of KernelObservability and KernelTraceEvent. */
const OTHER_VALIDATORS = ["validateKernelObservability", "decodeKernelObservability", "kernelObservabilitySchema", "reasoning_timeline", "lease_graph"];

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
    everything = await bundle(project.dir, `import * as all from "@oris/observability";\nconsole.log(Object.keys(all));\n`);
  });
  afterAll(() => project?.dispose());

  it("the RejectionReason-only bundle works", async () => {
    project.write("only-rejection.mjs", onlyRejection);
    expect((await node(project, "only-rejection.mjs")).trim()).toBe('{"CapacityLimit":"circuit breaker open"}');
  });

  it("a RejectionReason-only bundle holds RejectionReason's module and nothing from kernel-types", () => {
    expect(onlyRejectionInputs).toContain("@oris/observability/dist/esm/RejectionReason.js");
    const others = onlyRejectionInputs.filter((f) => !/^@oris\/observability\/dist\/esm\/(RejectionReason|index)\.js$/.test(f));
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
