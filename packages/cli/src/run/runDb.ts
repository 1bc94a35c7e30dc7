import type { OrisStore, RunRecord, StoreErrorKind } from "@oris/store";
import {
  deriveFromHistory,
  deriveFromTrace,
  describeTables,
  encodeRunRecord,
  isStoreError,
  readRunHistories,
  readRuns,
  readRunTraces,
} from "@oris/store";
import { checkpointHistoryToTrace } from "@oris/checkpoint-bridge";
import { createObservabilityStream, type KernelObservability } from "@oris/observability";
import type { KernelTraceEvent } from "@oris/kernel-types";
import { CliError } from "../CliError.js";
import type { CliOptions, DbOptions } from "../cliOptions.js";
import { EXIT_STATUS, type ExitStatus } from "../exitStatus.js";
import type { Io } from "../Io.js";
import { withRunContext } from "./runSupport.js";
import { thousands } from "../output/terminalText.js";
import { describeInterruptLatency, TraceSummary } from "../output/TraceSummary.js";
import type { Output } from "../output/Output.js";
import type { EventColumns } from "../output/html/HtmlReport.js";

/** The exit status for a database that cannot be read as a whole. */
const STATUS_OF: Record<StoreErrorKind, ExitStatus> = {
  "not-found": EXIT_STATUS.noInput,
  "not-a-database": EXIT_STATUS.noInput,
  "missing-table": EXIT_STATUS.noInput,
  denied: EXIT_STATUS.noInput,
  corrupt: EXIT_STATUS.dataError,
  busy: EXIT_STATUS.ioError,
  unreachable: EXIT_STATUS.unavailable,
  "bad-option": EXIT_STATUS.usage,
  io: EXIT_STATUS.ioError,
};

/**
 * `--db FILE_OR_URL`: every run of an Oris database (or the `--run-id`s), one
 * NDJSON record per run in byte order of the ids, as `@oris/store` derives it.
 * A run that cannot be derived gets an error record (and a line on stderr);
 * the others are still written, and the exit status is then 65.
 */
export async function runDb(options: CliOptions, db: DbOptions, io: Io): Promise<ExitStatus> {
  const store = await openStore(db);
  try {
    if (!options.quiet)
      for (const warning of describeTables(store, db.source)) io.stderr.write(`oris-observe: warning: ${warning}\n`);
    return await withRunContext(options, io, [], async ({ output, say }) => {
      let failed = 0;
      let total = 0;
      const only = db.runIds === null ? {} : { runIds: db.runIds };
      const report = (record: RunRecord): void => {
        total++;
        if ("error" in record) {
          failed++;
          say(`oris-observe: run ${JSON.stringify(record.runId)}: ${record.error.message}`);
        }
      };
      if (options.format === "html") {
        if (output !== null) await writeReport(output, store, db, options, report);
      } else if (options.format === "summary") {
        for await (const run of summaries(store, db, options)) {
          report(run.record);
          output?.write(formatSummary(run, options, db, store.description));
          await output?.maybeFlush();
        }
      } else {
        const layout = options.format === "pretty" ? "pretty" : "json";
        for await (const record of readRuns(store, {
          ...only,
          from: db.source,
          profile: options.profile,
          timestamps: db.timestamps,
        })) {
          report(record);
          output?.write(`${encodeRunRecord(record, layout)}\n`);
          await output?.maybeFlush();
        }
      }
      if (failed > 0) say(`oris-observe: ${failed} of ${total} runs could not be derived (error records written)`);
      return failed > 0 ? EXIT_STATUS.dataError : EXIT_STATUS.ok;
    });
  } catch (err) {
    throw asCliError(err);
  } finally {
    await store.close().catch(() => {});
  }
}

/** Opens the SQLite file or the PostgreSQL URL through its optional reader package. */
async function openStore(db: DbOptions): Promise<OrisStore> {
  try {
    if (db.kind === "postgres") {
      const { openPostgresStore } = await importReader<typeof import("@oris/store-postgres")>(
        "@oris/store-postgres",
        "PostgreSQL",
      );
      return await openPostgresStore(db.target, { schema: db.schema });
    }
    const { openSqliteStore } = await importReader<typeof import("@oris/store-sqlite")>("@oris/store-sqlite", "SQLite");
    return openSqliteStore(db.target, { busyTimeoutMs: db.busyTimeoutMs });
  } catch (err) {
    throw asCliError(err);
  }
}

/** The reader packages are optional dependencies (each brings its driver): say how to get a missing one. */
async function importReader<T>(name: string, what: string): Promise<T> {
  try {
    return (await import(name)) as T;
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND") {
      throw new CliError(
        EXIT_STATUS.noInput,
        `reading ${what} needs ${name}, which is not installed (npm install ${name})`,
      );
    }
    throw err;
  }
}

function asCliError(err: unknown): unknown {
  if (isStoreError(err)) return new CliError(STATUS_OF[err.kind], err.message);
  return err;
}

/** `--format html`: every run, with its events (or its checkpoints as events), into one report: an index of runs, each with its timeline. */
async function writeReport(
  output: Output,
  store: OrisStore,
  db: DbOptions,
  options: CliOptions,
  report: (record: RunRecord) => void,
): Promise<void> {
  const html = await import("../output/html/HtmlReport.js");
  const page = new html.HtmlReport(output);
  const profile = options.profile;
  const only = db.runIds === null ? {} : { runIds: db.runIds };
  page.begin({
    mode: "db",
    profile,
    source: `${store.description} (${db.source === "events" ? "kernel_events" : "checkpoints"})`,
  });
  const noEvents = (): EventColumns => new html.EventColumns(page.strings, profile);
  if (db.source === "events") {
    for await (const run of readRunTraces(store, { ...only, timestamps: db.timestamps })) {
      const record = deriveFromTrace(run, profile);
      report(record);
      if ("error" in run) {
        await page.run(
          html.reportRun({ id: run.runId, observability: null, error: run.error.message, events: noEvents() }),
        );
        continue;
      }
      const stream = createObservabilityStream({ profile });
      const columns = noEvents();
      for (const event of run.trace) columns.add(event, stream.push(event));
      if ("error" in record)
        await page.run(
          html.reportRun({ id: run.runId, observability: null, error: record.error.message, events: columns }),
        );
      else {
        const latency = columns.latencyPair(stream.interruptLatencySource());
        await page.run(
          html.reportRun({ id: run.runId, observability: record.observability, events: columns, latency }),
        );
      }
    }
  } else {
    for await (const run of readRunHistories(store, { ...only, leaseGraph: profile === "0.3" })) {
      const record = deriveFromHistory(run, profile);
      report(record);
      if ("error" in run) {
        await page.run(
          html.reportRun({ id: run.runId, observability: null, error: run.error.message, events: noEvents() }),
        );
        continue;
      }
      const o = "error" in record ? null : record.observability;
      const columns = html.columnsOf(
        page.strings,
        profile,
        checkpointHistoryToTrace(run.runId, run.history),
        o?.reasoning_timeline ?? null,
      );
      const latency = o !== null && profile === "0.3" ? html.checkpointGap(run.history, o.interrupt_latency_ms) : null;
      await page.run(
        html.reportRun({
          id: run.runId,
          observability: o,
          error: "error" in record ? record.error.message : null,
          events: columns,
          latency,
        }),
      );
    }
  }
  page.end();
}

interface RunSummary {
  readonly record: RunRecord;
  readonly trace: readonly KernelTraceEvent[];
  /** The interrupt latency in words. */
  readonly latency: string;
}

/** Each run's record and the trace it was derived from (the checkpoints' synthetic trace), for `--format summary`. */
async function* summaries(store: OrisStore, db: DbOptions, options: CliOptions): AsyncGenerator<RunSummary> {
  const only = db.runIds === null ? {} : { runIds: db.runIds };
  const profile = options.profile;
  if (db.source === "events") {
    for await (const run of readRunTraces(store, { ...only, timestamps: db.timestamps })) {
      const record = deriveFromTrace(run, profile);
      if ("error" in run || "error" in record) {
        yield { record, trace: [], latency: "" };
        continue;
      }
      // The stream again, for where the latency came from (the record has only its value).
      const stream = createObservabilityStream({ profile });
      for (const event of run.trace) stream.push(event);
      yield {
        record,
        trace: run.trace,
        latency: describeInterruptLatency(stream.interruptLatencyMs(), stream.interruptLatencySource()),
      };
    }
    return;
  }
  for await (const run of readRunHistories(store, { ...only, leaseGraph: profile === "0.3" })) {
    const record = deriveFromHistory(run, profile);
    const ms = "error" in record || record.observability === null ? null : record.observability.interrupt_latency_ms;
    yield {
      record,
      trace: "error" in run ? [] : checkpointHistoryToTrace(run.runId, run.history),
      latency:
        ms !== null
          ? `${thousands(ms)} ms, the largest gap between consecutive checkpoints`
          : profile === "0.2"
            ? "none (Oris 0.2 derives none from checkpoints)"
            : "none",
    };
  }
}

function formatSummary(
  { record, trace, latency }: RunSummary,
  options: CliOptions,
  db: DbOptions,
  description: string,
): string {
  const head = `run                ${JSON.stringify(record.runId)}\n`;
  if ("error" in record) return `${head}error              ${JSON.stringify(record.error.message)}\n\n`;
  const o: KernelObservability | null = record.observability;
  if (o === null) return `${head}observability      none (no checkpoints: the server sends no field)\n\n`;
  const summary = new TraceSummary();
  for (const event of trace) summary.add(event);
  return `${head}${summary.format({
    profile: options.profile,
    inputs: [`${description} (${db.source === "events" ? "kernel_events" : "checkpoints"})`],
    replayCost: o.replay_cost,
    interruptLatency: latency,
    ...(db.source === "checkpoints" && options.profile === "0.3" ? { leaseGraph: o.lease_graph } : {}),
  })}\n`;
}
