import {
  checkpointHistoryToTrace,
  decodeExecutionCheckpointView,
  fromCheckpointHistory,
  type ExecutionCheckpointView,
} from "@oris/checkpoint-bridge";
import { createObservabilityJsonWriter, type JsonLayout, type KernelObservability } from "@oris/observability";
import { EXECUTION_CHECKPOINT_VIEW, readRecordArrayStepwise } from "@oris/trace-reader";
import type { CliOptions } from "../cliOptions.js";
import { EXIT_STATUS, type ExitStatus } from "../exitStatus.js";
import type { Io } from "../Io.js";
import { readCheckpointInput } from "../input/checkpointInput.js";
import { inputSteps, resolveInputs } from "../input/openInput.js";
import { CliError } from "../CliError.js";
import { asDataError, withRunContext } from "./runSupport.js";
import { thousands } from "../output/terminalText.js";
import { TraceSummary } from "../output/TraceSummary.js";

/** Output text gathered before it is handed on. */
const PIECE_CHARS = 64 * 1024;

/**
 * Checkpoint input (`--checkpoints FILE --run-id ID`): a JSON array of
 * ExecutionCheckpointView through `@oris/checkpoint-bridge`, or a saved
 * response of the execution server's history or timeline endpoint through
 * `@oris/api` (see readCheckpointInput). The bridge needs the whole history,
 * so the input is held in memory (histories are short); an array is still
 * read element by element, so every bad element is reported with its line.
 */
export async function runCheckpoints(options: CliOptions, io: Io): Promise<ExitStatus> {
  const checkpoints = options.checkpoints;
  if (checkpoints === null) throw new Error("runCheckpoints needs --checkpoints");
  const sources = await resolveInputs([checkpoints.file], io.stdin);
  const source = sources[0];
  if (source === undefined) throw new Error("no checkpoint input");
  return withRunContext(options, io, sources, async ({ output, progress, badRecords, say }) => {
    const history: ExecutionCheckpointView[] = [];
    // A saved API response (an envelope) or a bare array of views.
    const input = await readCheckpointInput(source, io.stdin);
    if (input.kind === "envelope" && input.runId !== checkpoints.runId) {
      throw new CliError(
        EXIT_STATUS.dataError,
        `${source.name}: the response is for run ${JSON.stringify(input.runId)}, not --run-id ${JSON.stringify(checkpoints.runId)}`,
      );
    }
    if (input.kind === "envelope") history.push(...input.history);
    const reading = inputSteps(
      readRecordArrayStepwise(
        input.kind === "array" ? input.bytes : Buffer.from("[]"),
        { name: "ExecutionCheckpointView", shape: EXECUTION_CHECKPOINT_VIEW, decode: decodeExecutionCheckpointView },
        {
          record: (view) => void history.push(view),
          bad: (line, message, column) =>
            badRecords.report(`${source.name}:${line}${column === undefined ? "" : `:${column}`}`, message),
        },
        { name: source.name },
      ),
    );
    for await (const bytes of reading) {
      progress?.addBytes(bytes);
      progress?.tick(history.length);
    }
    badRecords.requireSomeValid(history.length);
    const closing = badRecords.closing(history.length + badRecords.count);
    if (output !== null) {
      const result = reduce(checkpoints.runId, history, options);
      if (options.format === "html") {
        const html = await import("../output/html/HtmlReport.js");
        const report = new html.HtmlReport(output);
        const columns = html.columnsOf(
          report.strings,
          options.profile,
          checkpointHistoryToTrace(checkpoints.runId, history),
          result.reasoning_timeline,
        );
        report.begin({ mode: "checkpoints", profile: options.profile, source: `${source.name} (checkpoint history)` });
        const latency = options.profile === "0.3" ? html.checkpointGap(history, result.interrupt_latency_ms) : null;
        await report.run(html.reportRun({ id: checkpoints.runId, observability: result, events: columns, latency }));
        report.end();
      } else if (options.format === "summary") {
        const summary = new TraceSummary();
        for (const event of checkpointHistoryToTrace(checkpoints.runId, history)) summary.add(event);
        const ms = result.interrupt_latency_ms;
        output.write(
          summary.format({
            profile: options.profile,
            inputs: [`${source.name} (checkpoint history)`],
            replayCost: result.replay_cost,
            interruptLatency:
              ms !== null
                ? `${thousands(ms)} ms, the largest gap between consecutive checkpoints`
                : options.profile === "0.2"
                  ? "none (Oris 0.2 derives none from checkpoints)"
                  : "none",
            leaseGraph: result.lease_graph,
          }),
        );
      } else {
        // Entry by entry, in pieces: the text is never one string, however long the timeline.
        const layout: JsonLayout = options.format === "pretty" ? "pretty" : "json";
        const writer = createObservabilityJsonWriter({ layout });
        let text = "";
        for (const entry of result.reasoning_timeline ?? []) {
          text += writer.entry(entry);
          if (text.length >= PIECE_CHARS) {
            output.write(text);
            text = "";
          }
        }
        output.write(`${text}${writer.finish(result)}\n`);
      }
    }
    for (const line of closing) say(`oris-observe: ${line}`);
    return options.check && badRecords.count > 0 ? EXIT_STATUS.dataError : EXIT_STATUS.ok;
  });
}

function reduce(runId: string, history: readonly ExecutionCheckpointView[], options: CliOptions): KernelObservability {
  return asDataError(() =>
    fromCheckpointHistory(runId, history, {
      profile: options.profile,
      leaseGraph: options.checkpoints?.leaseGraph ?? null,
    }),
  );
}
