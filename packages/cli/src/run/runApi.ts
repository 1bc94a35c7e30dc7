import { createOrisClient, isOrisApiError, type OrisClient } from "@oris/api";
import { checkpointHistoryToTrace } from "@oris/checkpoint-bridge";
import type { ObservabilityProfile } from "@oris/observability";
import {
  compareUtf8,
  deriveFromHistory,
  encodeRunRecord,
  RunError,
  type RunHistory,
  type RunRecord,
} from "@oris/store";
import { CliError, usageError } from "../CliError.js";
import type { ApiOptions, CliOptions } from "../cliOptions.js";
import { EXIT_STATUS, type ExitStatus } from "../exitStatus.js";
import type { Io } from "../Io.js";
import type { HtmlReport } from "../output/html/HtmlReport.js";
import { escapeForTerminal, thousands } from "../output/terminalText.js";
import { TraceSummary } from "../output/TraceSummary.js";
import { withRunContext } from "./runSupport.js";

/**
 * `--api URL --run-id ID...`: each run's checkpoint history from an Oris
 * execution server (`GET /v1/jobs/ID/history`, through `@oris/api`), and
 * its observability derived with the profile's rules, one NDJSON record per
 * run, as `--db --source checkpoints --run-id …` writes them: each run once,
 * in byte order of the ids. With the 0.3 rules the lease graph is the
 * server's: the history has none, so for a run with checkpoints `/timeline`
 * is fetched too and its `observability.lease_graph` taken. A run the server answers for with an
 * error status (but 401/403) or a body that is not the contract's gets an
 * error record, and the others go on (exit 65); a server that cannot be
 * reached ends the run (exit 69), one that refuses the key too (exit 66).
 */
export async function runApi(options: CliOptions, api: ApiOptions, io: Io): Promise<ExitStatus> {
  const client = createOrisClient({
    baseUrl: api.baseUrl,
    apiKey: readApiKey(api.apiKeyEnv),
    timeoutMs: api.timeoutMs,
  });
  return withRunContext(options, io, [], async ({ output, say }) => {
    let failed = 0;
    const report = (record: RunRecord): void => {
      if (!("error" in record)) return;
      failed++;
      // The server's own words are in the message: kept off the terminal's control sequences.
      say(`oris-observe: run ${JSON.stringify(record.runId)}: ${escapeForTerminal(record.error.message)}`);
    };
    const source = `${api.baseUrl} (execution server, /v1/jobs/ID/history)`;
    const html = options.format === "html" && output !== null ? await import("../output/html/HtmlReport.js") : null;
    let page: HtmlReport | null = null;
    if (html !== null && output !== null) {
      page = new html.HtmlReport(output);
      page.begin({ mode: "db", profile: options.profile, source });
    }
    const runIds = [...new Set(api.runIds)].sort(compareUtf8);
    for (const runId of runIds) {
      const run = await fetchRun(client, runId, options.profile);
      const record = deriveFromHistory(run, options.profile);
      report(record);
      if (output === null) continue;
      if (html !== null && page !== null) {
        if ("error" in run) {
          await page.run(
            html.reportRun({
              id: runId,
              observability: null,
              error: run.error.message,
              events: new html.EventColumns(page.strings, options.profile),
            }),
          );
          continue;
        }
        const o = "error" in record ? null : record.observability;
        const columns = html.columnsOf(
          page.strings,
          options.profile,
          checkpointHistoryToTrace(runId, run.history),
          o?.reasoning_timeline ?? null,
        );
        const latency =
          o !== null && options.profile === "0.3" ? html.checkpointGap(run.history, o.interrupt_latency_ms) : null;
        await page.run(
          html.reportRun({
            id: runId,
            observability: o,
            error: "error" in record ? record.error.message : null,
            events: columns,
            latency,
          }),
        );
      } else if (options.format === "summary") {
        output.write(formatSummary(run, record, options.profile, source));
      } else {
        output.write(`${encodeRunRecord(record, options.format === "pretty" ? "pretty" : "json")}\n`);
      }
      await output.maybeFlush();
    }
    page?.end();
    if (failed > 0)
      say(`oris-observe: ${failed} of ${runIds.length} runs could not be derived (error records written)`);
    return failed > 0 ? EXIT_STATUS.dataError : EXIT_STATUS.ok;
  });
}

/** The API key from the environment variable `--api-key-env` names; `undefined` without the option. */
function readApiKey(name: string | null): string | undefined {
  if (name === null) return undefined;
  const key = process.env[name];
  if (key === undefined || key === "")
    throw usageError(`--api-key-env ${name}: the environment variable ${name} is not set or empty`);
  return key;
}

/**
 * One run's history (and, for 0.3, the server's lease graph), or why the
 * server could not give it. Throws the CliError that ends the whole run for
 * a server that cannot be reached (69) or that refuses the key (66).
 */
async function fetchRun(client: OrisClient, runId: string, profile: ObservabilityProfile): Promise<RunHistory> {
  try {
    const { data } = await client.jobHistory(runId);
    if (data.thread_id !== runId)
      return failure(runId, `the server answered for run ${JSON.stringify(data.thread_id)}`);
    let leaseGraph = null;
    if (profile === "0.3" && data.history.length > 0)
      leaseGraph = (await client.jobTimeline(runId)).data.observability?.lease_graph ?? null;
    return { runId, history: data.history, leaseGraph };
  } catch (err) {
    if (!isOrisApiError(err)) throw err;
    switch (err.kind) {
      case "network":
      case "timeout":
      case "aborted":
        throw new CliError(EXIT_STATUS.unavailable, `cannot reach the Oris server: ${err.message}`);
      case "http":
        if (err.status === 401 || err.status === 403)
          throw new CliError(
            EXIT_STATUS.noInput,
            `the Oris server refused the credentials: ${escapeForTerminal(err.message)}`,
          );
        return failure(runId, err.message);
      case "decode":
        return failure(runId, err.message);
    }
  }
}

const failure = (runId: string, message: string): RunHistory => ({
  runId,
  error: new RunError(runId, "runs", {}, message),
});

/** `--format summary` of one run, as `--db --source checkpoints` writes it. */
function formatSummary(run: RunHistory, record: RunRecord, profile: ObservabilityProfile, source: string): string {
  const head = `run                ${JSON.stringify(record.runId)}\n`;
  if ("error" in record) return `${head}error              ${JSON.stringify(record.error.message)}\n\n`;
  const o = record.observability;
  if (o === null || "error" in run)
    return `${head}observability      none (no checkpoints: the server sends no field)\n\n`;
  const summary = new TraceSummary();
  for (const event of checkpointHistoryToTrace(run.runId, run.history)) summary.add(event);
  const ms = o.interrupt_latency_ms;
  return `${head}${summary.format({
    profile,
    inputs: [source],
    replayCost: o.replay_cost,
    interruptLatency:
      ms !== null
        ? `${thousands(ms)} ms, the largest gap between consecutive checkpoints`
        : profile === "0.2"
          ? "none (Oris 0.2 derives none from checkpoints)"
          : "none",
    ...(profile === "0.3" ? { leaseGraph: o.lease_graph } : {}),
  })}\n`;
}
