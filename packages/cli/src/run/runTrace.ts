import type { KernelTraceEvent } from "@oris/kernel-types";
import { readTraceStepwise, type TraceSink } from "@oris/trace-reader";
import { createObservabilityStream, type ObservabilityStream } from "@oris/observability";
import type { BadRecords } from "../output/BadRecords.js";
import { CliError } from "../CliError.js";
import type { CliOptions } from "../cliOptions.js";
import { DistinctRunIds } from "../reduce/DistinctRunIds.js";
import { EXIT_STATUS, type ExitStatus } from "../exitStatus.js";
import type { Io } from "../Io.js";
import { ObservabilityWriter } from "../output/ObservabilityWriter.js";
import { inputSteps, resolveInputs, traceInput } from "../input/openInput.js";
import { withRunContext } from "./runSupport.js";
import { describeInterruptLatency, TraceSummary } from "../output/TraceSummary.js";

/** Takes the events of every input in turn; knows which file it is reading, for messages. */
abstract class Consumer implements TraceSink {
  /** The input being read. */
  file = "";
  /** Valid events so far. */
  events = 0;
  /** The run ids seen, for the warning about a trace of many runs (not with --check, which writes no result). */
  readonly runIds = new DistinctRunIds();
  private readonly badRecords: BadRecords;

  constructor(badRecords: BadRecords) {
    this.badRecords = badRecords;
  }

  abstract event(event: KernelTraceEvent, plain: boolean): void;

  bad(line: number, message: string): void {
    this.badRecords.report(`${this.file}:${line}`, message);
  }
}

/** `--format json|pretty`: reduces each event and writes its timeline entry at once. */
class WritingConsumer extends Consumer {
  private readonly stream: ObservabilityStream;
  private readonly writer: ObservabilityWriter;

  constructor(badRecords: BadRecords, stream: ObservabilityStream, writer: ObservabilityWriter) {
    super(badRecords);
    this.stream = stream;
    this.writer = writer;
  }

  event(event: KernelTraceEvent, plain: boolean): void {
    this.events++;
    this.runIds.add(event.run_id);
    const entry = this.stream.push(event);
    // A timeline entry is made of the event's strings, `#`, digits and
    // parentheses: a plain event's entry has nothing to escape.
    if (plain) this.writer.plainEntry(entry);
    else this.writer.entry(entry);
  }
}

/** `--format summary`: reduces and counts. */
class SummaryConsumer extends Consumer {
  private readonly stream: ObservabilityStream;
  private readonly summary: TraceSummary;

  constructor(badRecords: BadRecords, stream: ObservabilityStream, summary: TraceSummary) {
    super(badRecords);
    this.stream = stream;
    this.summary = summary;
  }

  event(event: KernelTraceEvent): void {
    this.events++;
    this.runIds.add(event.run_id);
    this.stream.push(event);
    this.summary.add(event);
  }
}

/** `--check`: only counts. */
class CheckingConsumer extends Consumer {
  event(): void {
    this.events++;
  }
}

/** Trace input: every FILE (or stdin) in order, one trace. */
export async function runTrace(options: CliOptions, io: Io): Promise<ExitStatus> {
  const sources = await resolveInputs(options.files, io.stdin);
  return withRunContext(options, io, sources, async ({ output, progress, badRecords, say }) => {
    const stream = createObservabilityStream({ profile: options.profile });
    const summary = options.format === "summary" ? new TraceSummary() : null;
    const writer = output !== null && summary === null ? new ObservabilityWriter(output, options.format === "pretty" ? "pretty" : "json") : null;
    const consumer: Consumer =
      writer !== null ? new WritingConsumer(badRecords, stream, writer) : summary !== null ? new SummaryConsumer(badRecords, stream, summary) : new CheckingConsumer(badRecords);

    const inputs: string[] = [];
    for (const source of sources) {
      consumer.file = source.name;
      // input → reduce (the consumer) → output, a chunk at a time.
      const reading = inputSteps(readTraceStepwise(traceInput(source, io.stdin), consumer, { name: source.name }));
      try {
        let step = await reading.next();
        for (; step.done !== true; step = await reading.next()) {
          progress?.addBytes(step.value);
          progress?.tick(consumer.events);
          writer?.flush();
          await output?.maybeFlush();
        }
        inputs.push(`${source.name} (${step.value})`);
      } finally {
        await reading.return(undefined as never);
      }
    }

    const closing = badRecords.closing(consumer.events + badRecords.count);
    const latency = interruptLatency(stream);
    if (writer !== null) writer.finish({ lease_graph: null, replay_cost: stream.replayCost(), interrupt_latency_ms: latency });
    if (summary !== null && output !== null) {
      output.write(
        summary.format({
          profile: options.profile,
          inputs,
          replayCost: stream.replayCost(),
          interruptLatency: describeInterruptLatency(latency, stream.interruptLatencySource()),
        }),
      );
    }
    const mixed = options.check ? null : consumer.runIds.warning();
    if (mixed !== null) say(`oris-observe: warning: ${mixed}`);
    for (const line of closing) say(`oris-observe: ${line}`);
    return options.check && badRecords.count > 0 ? EXIT_STATUS.dataError : EXIT_STATUS.ok;
  });
}

/** `interruptLatencyMs()`, with its RangeError (a 0.3 gap past 2^53−1 ms) as bad data. */
function interruptLatency(stream: ObservabilityStream): number | null {
  try {
    return stream.interruptLatencyMs();
  } catch (err) {
    if (err instanceof RangeError) throw new CliError(EXIT_STATUS.dataError, err.message);
    throw err;
  }
}
