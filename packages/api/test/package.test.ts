import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as api from "../src/index.js";

const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  sideEffects?: boolean;
};

describe("@oris/api, the package", () => {
  it("depends on the workspace's kernel-types, observability and checkpoint-bridge, and on nothing else", () => {
    expect(manifest.dependencies).toEqual({
      "@oris/checkpoint-bridge": "workspace:^",
      "@oris/kernel-types": "workspace:^",
      "@oris/observability": "workspace:^",
    });
    expect(manifest.peerDependencies).toBeUndefined();
    expect(manifest.optionalDependencies).toBeUndefined();
    expect(manifest.sideEffects).toBe(false);
  });

  it("exports the decoders, the schemas, the client and the check", () => {
    expect(Object.keys(api).sort()).toEqual([
      "OrisApiError",
      "apiEnvelopeJobDetailResponseSchema",
      "apiEnvelopeJobHistoryResponseSchema",
      "apiEnvelopeJobTimelineResponseSchema",
      "apiEnvelopeTimelineExportResponseSchema",
      "apiErrorEnvelopeSchema",
      "apiMetaSchema",
      "checkObservability",
      "checkpointHistoryOf",
      "createOrisClient",
      "decodeApiErrorEnvelope",
      "decodeApiMeta",
      "decodeJobDetailEnvelope",
      "decodeJobHistoryEnvelope",
      "decodeJobTimelineEnvelope",
      "decodeTimelineExportEnvelope",
      "isOrisApiError",
    ]);
  });
});
