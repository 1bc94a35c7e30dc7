import {
  checkpointHistoryToTrace,
  decodeExecutionCheckpointView,
  fromCheckpointHistory,
  type ExecutionCheckpointView,
} from "@oris/checkpoint-bridge";
import type { KernelObservability } from "@oris/observability";
import { CliError } from "./CliError.js";
import type { CliOptions } from "./cliOptions.js";
import { decodeRecordText, describeFailure } from "./decodeRecord.js";
import { EXECUTION_CHECKPOINT_VIEW } from "./serdeRawText.js";
import { EXIT_STATUS, type ExitStatus } from "./exitStatus.js";
import type { Io } from "./Io.js";
import { JsonArrayReader } from "./JsonArrayReader.js";
import { ObservabilityWriter } from "./ObservabilityWriter.js";
import { resolveInputs } from "./openInput.js";
import { readRecords } from "./readTrace.js";
import { withRunContext } from "./runSupport.js";
import { TraceSummary } from "./TraceSummary.js";

/**
 * Checkpoint input (`--checkpoints FILE --run-id ID`): a JSON array of
 * ExecutionCheckpointView through `@oris/checkpoint-bridge`. The bridge
 * needs the whole history, so it is held in memory (histories are short);
 * the array is still read element by element, so every bad element is
 * reported with its line.
 */
export async function runCheckpoints(options: CliOptions, io: Io): Promise<ExitStatus> {
  const checkpoints = options.checkpoints;
  if (checkpoints === null) throw new Error("runCheckpoints needs --checkpoints");
  const sources = await resolveInputs([checkpoints.file], io.stdin);
  const source = sources[0];
  if (source === undefined) throw new Error("no checkpoint input");
  return withRunContext(options, io, sources, async ({ output, progress, badRecords, say }) => {
    const history: ExecutionCheckpointView[] = [];
    const reader = new JsonArrayReader({
      element(text, line, index) {
        const r = decodeRecordText(text, decodeExecutionCheckpointView, EXECUTION_CHECKPOINT_VIEW);
        if (r.ok) history.push(r.value);
        else badRecords.report(`${source.name}:${line}`, describeFailure(r, `/${index}`));
      },
      bad(line, message) {
        badRecords.report(`${source.name}:${line}`, message);
      },
    });
    await readRecords(
      source,
      io.stdin,
      { afterChunk: () => progress?.tick(history.length), rawBytes: (n) => progress?.addBytes(n) },
      (_layout, first) => {
        if (first !== 0x5b) {
          throw new CliError(
            EXIT_STATUS.dataError,
            `${source.name}: expected a JSON array of ExecutionCheckpointView (it starts with ${JSON.stringify(String.fromCharCode(first))}, not "[")`,
          );
        }
        return reader;
      },
    );
    const closing = badRecords.closing(history.length + badRecords.count);
    if (output !== null) {
      const result = reduce(checkpoints.runId, history, options);
      if (options.format === "summary") {
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
                ? `${ms.toLocaleString("en-US")} ms, the largest gap between consecutive checkpoints`
                : options.profile === "0.2"
                  ? "none (Oris 0.2 derives none from checkpoints)"
                  : "none",
            leaseGraph: result.lease_graph,
          }),
        );
      } else {
        const writer = new ObservabilityWriter(output, options.format === "pretty" ? "pretty" : "json");
        for (const entry of result.reasoning_timeline ?? []) writer.entry(entry);
        writer.finish(result);
      }
    }
    for (const line of closing) say(`oris-observe: ${line}`);
    return options.check && badRecords.count > 0 ? EXIT_STATUS.dataError : EXIT_STATUS.ok;
  });
}

function reduce(runId: string, history: readonly ExecutionCheckpointView[], options: CliOptions): KernelObservability {
  try {
    return fromCheckpointHistory(runId, history, { profile: options.profile, leaseGraph: options.checkpoints?.leaseGraph ?? null });
  } catch (err) {
    if (err instanceof RangeError) throw new CliError(EXIT_STATUS.dataError, err.message);
    throw err;
  }
}
