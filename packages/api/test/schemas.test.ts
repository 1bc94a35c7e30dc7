import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Ajv } from "ajv";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { renderPackage } from "../../../scripts/generate-validators.mjs";
import {
  apiEnvelopeJobDetailResponseSchema,
  apiEnvelopeJobHistoryResponseSchema,
  apiEnvelopeJobTimelineResponseSchema,
  apiEnvelopeTimelineExportResponseSchema,
  apiErrorEnvelopeSchema,
  apiMetaSchema,
  decodeApiErrorEnvelope,
  decodeApiMeta,
  decodeJobDetailEnvelope,
  decodeJobHistoryEnvelope,
  decodeJobTimelineEnvelope,
  decodeTimelineExportEnvelope,
} from "../src/index.js";
import { contract } from "./fixtures.js";
import { arbitraryOf, nearMiss, rfc3339 } from "./schemaArbitrary.js";

const PACKAGE = new URL("../", import.meta.url);

interface Shipped {
  /** The schema file's base name in schema/. */
  readonly file: string;
  /** The contract's name for it; `null` for the error envelope, which the contract does not hold. */
  readonly contractName: string | null;
  readonly exported: unknown;
  readonly decode: (value: unknown) => { ok: boolean; error?: { path: string; expected: string; message: string } };
}

const SHIPPED: readonly Shipped[] = [
  {
    file: "ApiEnvelopeJobHistoryResponse",
    contractName: "ApiEnvelope_JobHistoryResponse",
    exported: apiEnvelopeJobHistoryResponseSchema,
    decode: decodeJobHistoryEnvelope,
  },
  {
    file: "ApiEnvelopeJobTimelineResponse",
    contractName: "ApiEnvelope_JobTimelineResponse",
    exported: apiEnvelopeJobTimelineResponseSchema,
    decode: decodeJobTimelineEnvelope,
  },
  {
    file: "ApiEnvelopeTimelineExportResponse",
    contractName: "ApiEnvelope_TimelineExportResponse",
    exported: apiEnvelopeTimelineExportResponseSchema,
    decode: decodeTimelineExportEnvelope,
  },
  {
    file: "ApiEnvelopeJobDetailResponse",
    contractName: "ApiEnvelope_JobDetailResponse",
    exported: apiEnvelopeJobDetailResponseSchema,
    decode: decodeJobDetailEnvelope,
  },
  { file: "ApiMeta", contractName: "ApiMeta", exported: apiMetaSchema, decode: decodeApiMeta },
  { file: "ApiErrorEnvelope", contractName: null, exported: apiErrorEnvelopeSchema, decode: decodeApiErrorEnvelope },
];

const readShipped = (file: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`schema/${file}.json`, PACKAGE), "utf8")) as Record<string, unknown>;

/** Refusals beyond the schema, each on purpose: chrono's RFC 3339 reading of `created_at`, serde_json's lone surrogates and -0, the integer policy. */
const refusedOnPurpose = (expected: string): boolean =>
  /2\^53−1|lone surrogate|RFC 3339|reads -0 as a float/.test(expected);
const hasLoneSurrogate = (doc: unknown): boolean => /\\ud[89a-f][0-9a-f]{2}/i.test(JSON.stringify(doc) ?? "");

describe("the schemas the package ships", () => {
  it("are the contract's response schemas for the four job endpoints that carry checkpoints, and ApiMeta", () => {
    const c = contract();
    const byPath = new Map(c.endpoints.filter((e) => e.method === "GET").map((e) => [e.path, e.response_schema]));
    expect(byPath.get("/v1/jobs/:thread_id/history")).toBe("ApiEnvelope_JobHistoryResponse");
    expect(byPath.get("/v1/jobs/:thread_id/timeline")).toBe("ApiEnvelope_JobTimelineResponse");
    expect(byPath.get("/v1/jobs/:thread_id/timeline/export")).toBe("ApiEnvelope_TimelineExportResponse");
    expect(byPath.get("/v1/jobs/:thread_id/detail")).toBe("ApiEnvelope_JobDetailResponse");
    // Of the contract's responses, exactly these carry checkpoint history or observability.
    const carrying = Object.entries(c.schemas)
      .filter(([, s]) => {
        const definitions = Object.keys(s["definitions"] ?? {});
        return definitions.includes("JobHistoryItem") || definitions.includes("KernelObservability");
      })
      .map(([name]) => name)
      .sort();
    expect(carrying).toEqual(
      SHIPPED.flatMap((s) => (s.contractName?.startsWith("ApiEnvelope_") === true ? [s.contractName] : [])).sort(),
    );
    for (const s of SHIPPED) {
      if (s.contractName === null) continue;
      expect(readShipped(s.file), s.file).toStrictEqual(c.schemas[s.contractName]);
      expect(s.exported, s.file).toStrictEqual(c.schemas[s.contractName]);
    }
  });

  it("has the error envelope in the shape of the Rust ErrorEnvelope (request_id, error: {code, message, details})", () => {
    const schema = readShipped("ApiErrorEnvelope");
    expect(apiErrorEnvelopeSchema).toStrictEqual(schema);
    expect(Object.keys(schema["properties"] as object)).toEqual(["error", "request_id"]);
    const body = (schema["definitions"] as Record<string, Record<string, unknown>>)["ErrorBody"] as Record<
      string,
      unknown
    >;
    expect(Object.keys(body["properties"] as object)).toEqual(["code", "details", "message"]);
  });

  it("has generated code that matches a fresh generation", () => {
    const files = [...renderPackage(fileURLToPath(PACKAGE))];
    expect(files.length).toBe(2 * SHIPPED.length);
    for (const [path, content] of files) expect(readFileSync(new URL(path, PACKAGE), "utf8"), path).toBe(content);
  });
});

for (const s of SHIPPED) {
  describe(`${s.file}: decoder and schema`, () => {
    const schema =
      s.contractName === null ? readShipped(s.file) : (contract().schemas[s.contractName] as Record<string, unknown>);
    const published = new Ajv({ strict: false, validateFormats: false }).compile(structuredClone(schema));
    const valid = arbitraryOf(schema, { byName: { created_at: rfc3339 } });

    it("accepts every valid document generated from the schema", () => {
      fc.assert(
        fc.property(valid, (doc) => {
          expect(published(doc)).toBe(true);
          const r = s.decode(doc);
          if (hasLoneSurrogate(doc)) {
            if (!r.ok) expect(r.error?.expected).toMatch(/lone surrogate/);
          } else {
            expect(r.ok, r.error?.message).toBe(true);
          }
        }),
        { numRuns: 300 },
      );
    });

    it("agrees with the schema on near-misses and arbitrary JSON: refuses what it refuses, except on purpose", () => {
      let refused = 0;
      fc.assert(
        fc.property(fc.oneof(nearMiss(valid), nearMiss(nearMiss(valid)), fc.jsonValue({ maxDepth: 3 })), (doc) => {
          const ok = published(doc);
          const r = s.decode(doc);
          if (r.ok) expect(ok, JSON.stringify(doc)).toBe(true);
          else {
            refused++;
            // Every refusal says where (a JSON pointer into the document) and what was expected.
            expect(r.error?.path ?? "").toMatch(/^(\/[^/]*)*$/);
            expect(r.error?.expected).not.toBe("a value");
            if (ok)
              expect(refusedOnPurpose(r.error?.expected ?? ""), `${r.error?.message} for ${JSON.stringify(doc)}`).toBe(
                true,
              );
          }
        }),
        { numRuns: 500 },
      );
      expect(refused).toBeGreaterThan(50);
    });
  });
}
