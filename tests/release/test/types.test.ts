/**
 * A TypeScript consumer of each installed package type-checks against the
 * declaration files in the tarballs — with `moduleResolution` `node16` (an ESM
 * file and a CommonJS file, so both the `import` and the `require` types are
 * read) and `bundler` — including the types that cross packages. `skipLibCheck`
 * is off, so the shipped .d.ts files are checked too. The compiler is the
 * workspace's own `tsc`; nothing is fetched.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanEnv, runOk, tarballManifest } from "../../../scripts/release-packages.mjs";
import { importable, installAlone, packed, TSC, type TempProject } from "./helpers.ts";

/** What a consumer of each package writes; `@ts-expect-error` lines prove the types are not `any`. */
const USAGE: Record<string, string> = {
  "@oris/kernel-types": `
import { decodeKernelTraceEvent, encodeKernelTraceEvent, isDecodeError, KERNEL_EVENT_KINDS } from "@oris/kernel-types";
import type { DecodeResult, KernelTraceEvent } from "@oris/kernel-types";
const decoded: DecodeResult<KernelTraceEvent> = decodeKernelTraceEvent(JSON.parse('{"run_id":"r","seq":1,"kind":"Interrupted"}'));
export const line: string | undefined = decoded.ok ? encodeKernelTraceEvent(decoded.value) : undefined;
export const where: string | undefined = decoded.ok ? undefined : decoded.error.path;
export const refused: boolean = isDecodeError(decoded.error);
export const kinds: readonly string[] = KERNEL_EVENT_KINDS;
// @ts-expect-error seq is a number on the wire
export const wrong: KernelTraceEvent = { run_id: "r", seq: "1", step_id: null, action_id: null, kind: "Resumed" };
`,
  "@oris/observability": `
import type { KernelTraceEvent } from "@oris/kernel-types";
import { createObservabilityReducer, encodeKernelObservability, fromKernelTrace, matchRejectionReason, RejectionReason } from "@oris/observability";
import type { KernelObservability } from "@oris/observability";
const trace: KernelTraceEvent[] = [
  { run_id: "r", seq: 1, step_id: "n1", action_id: null, kind: "Interrupted", timestamp_ms: 10 },
  { run_id: "r", seq: 2, step_id: "n1", action_id: null, kind: "Resumed" },
];
export const observed: KernelObservability = fromKernelTrace(trace, { profile: "0.3" });
export const json: string = encodeKernelObservability(observed);
export const reducer = createObservabilityReducer();
const reason: RejectionReason = RejectionReason.capacityLimit("circuit breaker open");
export const status: number = matchRejectionReason(reason, { TenantLimit: () => 429, CapacityLimit: () => 503, Other: () => 400 });
// @ts-expect-error every variant needs a handler
matchRejectionReason(reason, { TenantLimit: () => 429, CapacityLimit: () => 503 });
// @ts-expect-error replay_cost is a number or null
export const wrong: KernelObservability = { ...observed, replay_cost: "2" };
`,
  "@oris/checkpoint-bridge": `
import type { KernelObservability } from "@oris/observability";
import { fromCheckpointHistory } from "@oris/checkpoint-bridge";
export const bridged: KernelObservability = fromCheckpointHistory("run-1", [
  { checkpoint_id: "cp-1", created_at: "2023-11-14T22:13:20Z" },
  { checkpoint_id: null, created_at: "2023-11-14T22:13:21.5+01:00" },
]);
// @ts-expect-error the history is a list of checkpoint views
fromCheckpointHistory("run-1", [{ id: "cp-1" }]);
`,
  "@oris/api": `
import type { ExecutionCheckpointView } from "@oris/checkpoint-bridge";
import type { KernelObservability } from "@oris/observability";
import { checkObservability, checkpointHistoryOf, createOrisClient, decodeJobHistoryEnvelope, isOrisApiError } from "@oris/api";
import type { ApiEnvelope, JobTimelineResponse, ObservabilityCheck, OrisClient } from "@oris/api";
export const client: OrisClient = createOrisClient({ baseUrl: "http://127.0.0.1:8080", apiKey: "key", timeoutMs: 5000 });
export async function serverLatency(runId: string): Promise<number | null> {
  try {
    const envelope: ApiEnvelope<JobTimelineResponse> = await client.jobTimeline(runId);
    const server: KernelObservability | null = envelope.data.observability;
    const report: ObservabilityCheck = checkObservability(envelope.data);
    return report.agrees && server !== null ? server.interrupt_latency_ms : null;
  } catch (err) {
    if (isOrisApiError(err) && err.kind === "http" && err.status === 404) return null;
    throw err;
  }
}
const decoded = decodeJobHistoryEnvelope(JSON.parse('{"meta":{"status":"ok","api_version":"v1"},"request_id":"r","data":{"thread_id":"t","history":[]}}'));
export const history: readonly ExecutionCheckpointView[] = decoded.ok ? checkpointHistoryOf(decoded.value.data) : [];
export const where: string | undefined = decoded.ok ? undefined : decoded.error.path;
// @ts-expect-error the thread id is a string
client.jobHistory(42);
`,
  "@oris/trace-reader": `
import type { KernelTraceEvent } from "@oris/kernel-types";
import { MAX_RECORD_BYTES, observeTrace, readTrace, readTraceBatches, readTraceEvents, TraceReadError } from "@oris/trace-reader";
import type { RawTraceEvent, TraceInput, TraceLayout, TraceRecord, TraceSink } from "@oris/trace-reader";
export async function count(input: TraceInput): Promise<{ events: number; bad: string[] }> {
  let events = 0;
  const bad: string[] = [];
  for await (const record of readTraceEvents(input, { name: "trace" })) {
    if ("event" in record) events += record.event.seq > 0 ? 1 : 0;
    else bad.push(\`\${record.error.line}\${record.error.index === undefined ? "" : \`[\${record.error.index}]\`}: \${record.error.message}\`);
  }
  return { events, bad };
}
export async function batches(input: TraceInput): Promise<TraceRecord[][]> {
  const out: TraceRecord[][] = [];
  for await (const batch of readTraceBatches(input)) out.push(batch);
  return out;
}
const sink: TraceSink = { event: (event: KernelTraceEvent, line: number) => void [event.kind, line], raw: (raw: RawTraceEvent, line: number) => void [raw.seq, raw.toEvent().kind, line], bad: () => {} };
export const layout: Promise<TraceLayout> = readTrace(new Uint8Array([0x5b, 0x5d]), sink);
export const json: Promise<string> = observeTrace("trace.ndjson.gz", { profile: "0.3" });
export const isOpenError = (err: unknown): boolean => err instanceof TraceReadError && err.code === "open";
export const limit: number = MAX_RECORD_BYTES;
// @ts-expect-error the profile is "0.2" or "0.3"
observeTrace("trace.ndjson", { profile: "0.4" });
// @ts-expect-error a trace input is a path, a stream of bytes or bytes
readTraceEvents(42);
`,
  "@oris/store": `
import type { KernelObservability } from "@oris/observability";
import { encodeRunRecord, isStoreError, readRuns, StoreError } from "@oris/store";
import type { OrisStore, RunRecord, StoreErrorKind } from "@oris/store";
// A driver of one's own: a store in memory.
export const store: OrisStore = {
  description: "memory",
  tables: { kernelEvents: true, checkpoints: false, runtimeAttempts: false, runtimeLeases: false },
  tableNames: { kernelEvents: "kernel_events", checkpoints: "checkpoints", runtimeAttempts: "runtime_attempts", runtimeLeases: "runtime_leases" },
  async runIds() {
    return ["r"];
  },
  async *kernelEventRows() {
    yield [{ runId: "r", seq: 1, eventJson: '"Completed"' }];
  },
  async checkpointRows() {
    return [];
  },
  async leaseGraph() {
    return [["attempt-1", "worker-1"] as const];
  },
  async close() {},
};
export async function first(): Promise<KernelObservability | null | string> {
  for await (const record of readRuns(store, { from: "events", profile: "0.3" })) {
    const line: string = encodeRunRecord(record, "pretty");
    return "error" in record ? line + record.error.reason : record.observability;
  }
  return null;
}
export const kind: StoreErrorKind = new StoreError("busy", "oris.sqlite3: locked").kind;
export const isOne: boolean = isStoreError(new Error("x"));
// @ts-expect-error the source is "events" or "checkpoints"
readRuns(store, { from: "trace" });
// @ts-expect-error a run record has an observability or an error
export const wrong: RunRecord = { runId: "r" };
`,
  "@oris/store-sqlite": `
import { encodeRunRecord, readRuns } from "@oris/store";
import type { OrisStore } from "@oris/store";
import { openSqliteStore } from "@oris/store-sqlite";
import type { SqliteStoreOptions } from "@oris/store-sqlite";
const options: SqliteStoreOptions = { busyTimeoutMs: 1000, batchSize: 256 };
export async function lines(path: string): Promise<string[]> {
  const store: OrisStore = openSqliteStore(path, options);
  const out: string[] = [];
  try {
    for await (const record of readRuns(store, { from: "checkpoints", profile: "0.3" })) out.push(encodeRunRecord(record));
  } finally {
    await store.close();
  }
  return out;
}
// @ts-expect-error a SQLite store opens synchronously: no promise
export const opened: Promise<OrisStore> = openSqliteStore("oris.sqlite3");
// @ts-expect-error the busy timeout is a number of milliseconds
openSqliteStore("oris.sqlite3", { busyTimeoutMs: "1s" });
`,
  "@oris/store-postgres": `
import { isStoreError, readRuns } from "@oris/store";
import type { OrisStore } from "@oris/store";
import { openPostgresStore } from "@oris/store-postgres";
import type { PostgresStoreOptions } from "@oris/store-postgres";
const options: PostgresStoreOptions = { schema: "oris", connectTimeoutSeconds: 5 };
export async function derived(url: string): Promise<number> {
  let store: OrisStore;
  try {
    store = await openPostgresStore(url, options);
  } catch (err) {
    if (isStoreError(err) && err.kind === "unreachable") return -1;
    throw err;
  }
  let n = 0;
  try {
    for await (const record of readRuns(store, { runIds: ["run-1"] })) if (!("error" in record)) n++;
  } finally {
    await store.close();
  }
  return n;
}
// @ts-expect-error opening a PostgreSQL store is asynchronous
export const sync: OrisStore = openPostgresStore("postgres://oris@127.0.0.1/oris");
`,
};

/** Every subpath of a package's published exports that has declarations, as import specifiers. */
function typedSpecifiers(tarball: string, name: string): string[] {
  const exportsMap = tarballManifest(tarball).exports ?? {};
  return Object.entries<unknown>(exportsMap)
    .filter(([sub, target]) => !sub.endsWith(".json") && JSON.stringify(target).includes(".d.ts"))
    .map(([sub]) => (sub === "." ? name : `${name}/${sub.replace(/^\.\//, "")}`));
}

const COMPILER_OPTIONS = {
  target: "es2022",
  lib: ["es2022"],
  types: [],
  strict: true,
  noEmit: true,
  skipLibCheck: false,
  noUnusedLocals: false,
};

const typed = packed().filter((p) => importable(p.name));

describe.each(typed.map((p) => [p.name, p] as const))("%s declarations, installed from the tarballs", (name, pkg) => {
  let project: TempProject;

  beforeAll(async () => {
    project = await installAlone(name);
    const specs = typedSpecifiers(pkg.tarball, name);
    const namespaces = specs
      .map(
        (s, i) =>
          `import * as entry${i} from ${JSON.stringify(s)};\nexport const exports${i}: string[] = Object.keys(entry${i});`,
      )
      .join("\n");
    const source = `${namespaces}\n${USAGE[name] ?? ""}`;
    project.write("consumer.mts", source);
    project.write("consumer.cts", source);
    project.write("consumer.ts", source);
    project.write(
      "tsconfig.node16.json",
      JSON.stringify({
        compilerOptions: { ...COMPILER_OPTIONS, module: "node16", moduleResolution: "node16" },
        files: ["consumer.mts", "consumer.cts"],
      }),
    );
    project.write(
      "tsconfig.bundler.json",
      JSON.stringify({
        compilerOptions: { ...COMPILER_OPTIONS, module: "esnext", moduleResolution: "bundler" },
        files: ["consumer.ts"],
      }),
    );
  });
  afterAll(() => project?.dispose());

  it("has a consumer that uses its API", () => {
    expect(USAGE[name], `add a usage example for ${name} to tests/release/test/types.test.ts`).toBeDefined();
  });

  it.each(["node16", "bundler"])("type-checks a consumer with moduleResolution %s", async (mode) => {
    const r = await runOk(process.execPath, [TSC, "-p", `tsconfig.${mode}.json`, "--pretty", "false"], {
      cwd: project.dir,
      env: cleanEnv(),
    }).catch((e: Error) => e);
    expect(r instanceof Error ? r.message : "", "tsc reported errors").toBe("");
  });
});
