import { expectTypeOf, test } from "vitest";
import { createOrisClient, type ApiEnvelope, type JobTimelineResponse, type OrisClient } from "../src/index.js";
import type { KernelObservability } from "@oris/observability";

test("the platform's fetch and AbortSignal are accepted as they are", () => {
  const client = createOrisClient({ baseUrl: "http://127.0.0.1:1", fetch: globalThis.fetch });
  expectTypeOf(client).toEqualTypeOf<OrisClient>();
  expectTypeOf(client.jobTimeline("r", { signal: AbortSignal.timeout(10) })).resolves.toEqualTypeOf<
    ApiEnvelope<JobTimelineResponse>
  >();
  expectTypeOf<JobTimelineResponse["observability"]>().toEqualTypeOf<KernelObservability | null>();
});
