import type { KernelTraceEvent } from "@oris/kernel-types";
import { ObservabilityEncoder, readTraceStepwise, type RawTraceEvent, type TraceSink } from "@oris/trace-reader";
import { createObservabilityStream, type ObservabilityStream } from "@oris/observability";
import type { BadRecords } from "../output/BadRecords.js";
import type { CliOptions } from "../cliOptions.js";
import { DistinctRunIds } from "../reduce/DistinctRunIds.js";
import { EXIT_STATUS, type ExitStatus } from "../exitStatus.js";
import type { Io } from "../Io.js";
import { inputSteps, resolveInputs, traceInput } from "../input/openInput.js";
import { asDataError, withRunContext } from "./runSupport.js";
import { describeInterruptLatency, TraceSummary } from "../output/TraceSummary.js";
import type { EventColumns } from "../output/html/HtmlReport.js";

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

  abstract event(event: KernelTraceEvent): void;

  bad(line: number, message: string, _index?: number, column?: number): void {
    this.badRecords.report(`${this.file}:${line}${column === undefined ? "" : `:${column}`}`, message);
  }
}

/** `--format json|pretty`: reduces each event and encodes its timeline entry at once, from the input's bytes when it can. */
class WritingConsumer extends Consumer {
  readonly encoder: ObservabilityEncoder;

  constructor(badRecords: BadRecords, encoder: ObservabilityEncoder) {
    super(badRecords);
    this.encoder = encoder;
  }

  event(event: KernelTraceEvent): void {
    this.events++;
    this.runIds.add(event.run_id);
    this.encoder.event(event);
  }

  raw(event: RawTraceEvent): void {
    this.events++;
    this.runIds.add(event.runId());
    this.encoder.raw(event);
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

/** `--format html`: reduces and keeps every event, as columns, for the report. */
class HtmlConsumer extends Consumer {
  private readonly stream: ObservabilityStream;
  private readonly columns: EventColumns;

  constructor(badRecords: BadRecords, stream: ObservabilityStream, columns: EventColumns) {
    super(badRecords);
    this.stream = stream;
    this.columns = columns;
  }

  event(event: KernelTraceEvent): void {
    this.events++;
    this.runIds.add(event.run_id);
    this.columns.add(event, this.stream.push(event));
  }
}

/** `--check`: only counts. */
class CheckingConsumer extends Consumer {
  event(): void {
    this.events++;
  }

  raw(): void {
    this.events++;
  }
}

/** Trace input: every FILE (or stdin) in order, one trace. */
export async function runTrace(options: CliOptions, io: Io): Promise<ExitStatus> {
  const sources = await resolveInputs(options.files, io.stdin);
  return withRunContext(options, io, sources, async ({ output, progress, badRecords, say }) => {
    const summary = options.format === "summary" ? new TraceSummary() : null;
    // Loaded only for a report: the page's script and style are in that module.
    const html = options.format === "html" && output !== null ? await import("../output/html/HtmlReport.js") : null;
    const report = html !== null && output !== null ? new html.HtmlReport(output) : null;
    const columns = html !== null && report !== null ? new html.EventColumns(report.strings, options.profile) : null;
    const encoder =
      output !== null && summary === null && columns === null
        ? new ObservabilityEncoder({
            profile: options.profile,
            layout: options.format === "pretty" ? "pretty" : "json",
          })
        : null;
    const stream = createObservabilityStream({ profile: options.profile });
    const consumer: Consumer =
      encoder !== null
        ? new WritingConsumer(badRecords, encoder)
        : summary !== null
          ? new SummaryConsumer(badRecords, stream, summary)
          : columns !== null
            ? new HtmlConsumer(badRecords, stream, columns)
            : new CheckingConsumer(badRecords);

    const inputs: string[] = [];
    for (const source of sources) {
      consumer.file = source.name;
      let gzip = false;
      // input → reduce (the consumer) → output, a chunk at a time.
      const reading = inputSteps(
        readTraceStepwise(traceInput(source, io.stdin), consumer, {
          name: source.name,
          onGzip: () => void (gzip = true),
        }),
      );
      try {
        let step = await reading.next();
        for (; step.done !== true; step = await reading.next()) {
          progress?.addBytes(step.value);
          progress?.tick(consumer.events);
          if (encoder !== null) await output?.writeBytes(encoder.take());
          await output?.maybeFlush();
        }
        inputs.push(`${source.name} (${gzip ? "gzip, " : ""}${step.value})`);
      } finally {
        await reading.return(undefined as never);
      }
    }

    badRecords.requireSomeValid(consumer.events);
    const closing = badRecords.closing(consumer.events + badRecords.count);
    if (encoder !== null) await output?.writeBytes(asDataError(() => encoder.finish(true)));
    if (summary !== null && output !== null) {
      const latency = asDataError(() => stream.interruptLatencyMs());
      output.write(
        summary.format({
          profile: options.profile,
          inputs,
          replayCost: stream.replayCost(),
          interruptLatency: describeInterruptLatency(latency, stream.interruptLatencySource()),
        }),
      );
    }
    if (html !== null && report !== null && columns !== null) {
      const latency = asDataError(() => stream.interruptLatencyMs());
      const count = stream.replayCost();
      report.begin({ mode: "trace", profile: options.profile, source: inputs.join(", ") });
      await report.run(
        html.reportRun({
          id: null,
          observability: {
            reasoning_timeline: null,
            lease_graph: null,
            replay_cost: count,
            interrupt_latency_ms: latency,
          },
          timelineEntries: count,
          events: columns,
          latency: columns.latencyPair(stream.interruptLatencySource()),
        }),
      );
      report.end();
    }
    const mixed = options.check ? null : consumer.runIds.warning();
    if (mixed !== null && !options.quiet) say(`oris-observe: warning: ${mixed}`);
    for (const line of closing) say(`oris-observe: ${line}`);
    return options.check && badRecords.count > 0 ? EXIT_STATUS.dataError : EXIT_STATUS.ok;
  });
}
