import { StringDecoder } from "node:string_decoder";
import type { KernelTraceEvent } from "@oris/kernel-types";
import { readTraceStepwise, type RawTraceEvent, type TraceSink } from "@oris/trace-reader";
import { createObservabilityStream, type ObservabilityProfile, type ObservabilityStream } from "@oris/observability";
import { compareUtf8, encodeRunRecord, RunError } from "@oris/store";
import type { BadRecords } from "../output/BadRecords.js";
import type { CliOptions } from "../cliOptions.js";
import { EXIT_STATUS, type ExitStatus } from "../exitStatus.js";
import type { Io } from "../Io.js";
import { inputSteps, resolveInputs, traceInput } from "../input/openInput.js";
import type { Output } from "../output/Output.js";
import { withRunContext } from "./runSupport.js";
import { DEFAULT_BUDGET_BYTES, RunTimelines, TimelineSlot } from "../reduce/RunTimelines.js";
import { describeInterruptLatency, TraceSummary } from "../output/TraceSummary.js";
import type { EventColumns } from "../output/html/HtmlReport.js";

/**
 * Internal (tests, experiments): the bytes of timeline entries kept in
 * memory before they are spilled to temporary files.
 */
const BUDGET_VARIABLE = "ORIS_OBSERVE_BY_RUN_MEMORY";

/** Output text gathered before it is handed on: the timeline of a long run is written in pieces. */
const PIECE_CHARS = 64 * 1024;

/** One run of the trace: its reducer, and what it keeps until the end of the input (its timeline, or its summary). */
class Run extends TimelineSlot {
  readonly stream: ObservabilityStream;
  /** `--format summary`. */
  readonly summary: TraceSummary | null;
  /** `--format html`: the run's events, for its timeline. */
  columns: EventColumns | null = null;

  constructor(id: string, profile: ObservabilityProfile, summary: boolean) {
    super(id);
    this.stream = createObservabilityStream({ profile });
    this.summary = summary ? new TraceSummary() : null;
  }
}

/** Takes the events of every input in turn and hands each to its run. */
class RunSplitter implements TraceSink {
  /** The input being read, for messages. */
  file = "";
  /** Valid events so far. */
  events = 0;
  readonly runs = new Map<string, Run>();
  /** The run of the last event: runs often come in bursts. */
  private last: Run | null = null;
  private readonly badRecords: BadRecords;
  private readonly profile: ObservabilityProfile;
  private readonly summaries: boolean;
  /** `null` with `--check` (only counts) and `--format summary` (keeps no timeline). */
  private readonly timelines: RunTimelines | null;
  private readonly check: boolean;
  /** `--format html`: makes each run's columns. */
  private readonly columnsFor: (() => EventColumns) | null;

  constructor(
    badRecords: BadRecords,
    options: CliOptions,
    timelines: RunTimelines | null,
    columnsFor: (() => EventColumns) | null = null,
  ) {
    this.badRecords = badRecords;
    this.columnsFor = columnsFor;
    this.profile = options.profile;
    this.check = options.check;
    this.summaries = options.format === "summary";
    this.timelines = timelines;
  }

  event(event: KernelTraceEvent): void {
    this.add(event, false);
  }

  raw(raw: RawTraceEvent): void {
    // A fast-path event with no escape and nothing past ASCII: its entry is its own JSON string body.
    this.add(raw.toEvent(), (raw.escaped | raw.wide) === 0);
  }

  private add(event: KernelTraceEvent, plain: boolean): void {
    this.events++;
    if (this.check) return;
    let run = this.last;
    if (run === null || run.id !== event.run_id) {
      run = this.runs.get(event.run_id) ?? null;
      if (run === null) {
        run = new Run(copy(event.run_id), this.profile, this.summaries);
        if (this.columnsFor !== null) run.columns = this.columnsFor();
        this.runs.set(run.id, run);
      }
      this.last = run;
    }
    const entry = run.stream.push(event);
    if (this.timelines !== null) this.timelines.append(run, entry, plain);
    else if (run.columns !== null) run.columns.add(event, entry);
    else run.summary?.add(event);
  }

  bad(line: number, message: string, _index?: number, column?: number): void {
    this.badRecords.report(`${this.file}:${line}${column === undefined ? "" : `:${column}`}`, message);
  }
}

/**
 * `--by-run`: the trace FILEs (or stdin), read as one stream of events as
 * {@link runTrace} reads them, split by `run_id` (each run's events in file
 * order), and one record per run in byte order of the UTF-8 of the ids:
 * `{"run_id":"…","observability":{…}}` as `@oris/store` writes it. A run
 * that cannot be derived (a 0.3 interrupt latency past 2^53−1 ms) gets
 * `{"run_id":"…","error":"…"}`, the others are still written, and the exit
 * status is 65. Runs interleave, so each run's timeline is kept until the
 * end of the input: in memory up to a budget, beyond it in temporary files
 * (see {@link RunTimelines}).
 */
export async function runByRun(options: CliOptions, io: Io): Promise<ExitStatus> {
  const sources = await resolveInputs(options.files, io.stdin);
  return withRunContext(options, io, sources, async ({ output, progress, badRecords, say }) => {
    // A report keeps every event (it shows them all); the other formats keep timelines or summaries.
    const html = options.format === "html" && output !== null ? await import("../output/html/HtmlReport.js") : null;
    const page = html !== null && output !== null ? new html.HtmlReport(output) : null;
    const timelines =
      options.check || options.format === "summary" || page !== null ? null : new RunTimelines(budget());
    try {
      const columnsFor =
        html !== null && page !== null ? () => new html.EventColumns(page.strings, options.profile) : null;
      const splitter = new RunSplitter(badRecords, options, timelines, columnsFor);
      const inputs: string[] = [];
      for (const source of sources) {
        splitter.file = source.name;
        let gzip = false;
        const reading = inputSteps(
          readTraceStepwise(traceInput(source, io.stdin), splitter, {
            name: source.name,
            onGzip: () => void (gzip = true),
          }),
        );
        try {
          let step = await reading.next();
          for (; step.done !== true; step = await reading.next()) {
            progress?.addBytes(step.value);
            progress?.tick(splitter.events);
          }
          inputs.push(`${source.name} (${gzip ? "gzip, " : ""}${step.value})`);
        } finally {
          await reading.return(undefined as never);
        }
      }
      badRecords.requireSomeValid(splitter.events);
      const closing = badRecords.closing(splitter.events + badRecords.count);

      const runs = [...splitter.runs.values()].sort((a, b) => compareUtf8(a.id, b.id));
      splitter.runs.clear();
      let failed = 0;
      if (html !== null && page !== null) {
        page.begin({ mode: "by-run", profile: options.profile, source: inputs.join(", ") });
        for (const run of runs) {
          const events = run.columns ?? new html.EventColumns(page.strings, options.profile);
          run.columns = null;
          const latency = latencyOf(run, say);
          if (latency instanceof RunError) {
            failed++;
            await page.run(html.reportRun({ id: run.id, observability: null, error: latency.message, events }));
            continue;
          }
          const count = run.stream.replayCost();
          const observability = {
            reasoning_timeline: null,
            lease_graph: null,
            replay_cost: count,
            interrupt_latency_ms: latency,
          };
          await page.run(
            html.reportRun({
              id: run.id,
              observability,
              timelineEntries: count,
              events,
              latency: events.latencyPair(run.stream.interruptLatencySource()),
            }),
          );
        }
        page.end();
      } else if (output !== null) {
        timelines?.finish();
        for (const run of runs) {
          const latency = latencyOf(run, say);
          if (latency instanceof RunError) {
            const error = latency;
            failed++;
            if (timelines !== null) drain(timelines.take(run)); // the merge reads past it
            output.write(
              options.format === "summary"
                ? `${summaryHead(run)}error              ${JSON.stringify(error.message)}\n\n`
                : `${encodeRunRecord({ runId: run.id, error }, layout(options))}\n`,
            );
            await output.maybeFlush();
            continue;
          }
          if (run.summary !== null) {
            output.write(
              `${summaryHead(run)}${run.summary.format({
                profile: options.profile,
                inputs,
                replayCost: run.stream.replayCost(),
                interruptLatency: describeInterruptLatency(latency, run.stream.interruptLatencySource()),
              })}\n`,
            );
            await output.maybeFlush();
          } else if (timelines !== null) {
            await writeRecord(output, run, latency, timelines.take(run), layout(options));
          }
        }
      }
      for (const line of closing) say(`oris-observe: ${line}`);
      if (failed > 0)
        say(`oris-observe: ${failed} of ${runs.length} runs could not be derived (error records written)`);
      return failed > 0 || (options.check && badRecords.count > 0) ? EXIT_STATUS.dataError : EXIT_STATUS.ok;
    } finally {
      timelines?.dispose();
    }
  });
}

const layout = (options: CliOptions): "json" | "pretty" => (options.format === "pretty" ? "pretty" : "json");

/** The line that heads a run's `--format summary` block. */
const summaryHead = (run: Run): string => `run                ${JSON.stringify(run.id)}\n`;

/**
 * Writes one run's record, exactly as `encodeRunRecord` writes it, without
 * ever holding the run's timeline: the text around the timeline and between
 * two entries is cut from `encodeRunRecord`'s own output for a two-entry
 * stand-in, and the entries (each its JSON and `\n`) are streamed in between.
 */
async function writeRecord(
  output: Output,
  run: Run,
  latency: number | null,
  entries: Iterable<Buffer>,
  layout: "json" | "pretty",
): Promise<void> {
  const A = "\u0001a";
  const B = "\u0001b";
  const frame = encodeRunRecord(
    {
      runId: run.id,
      observability: {
        reasoning_timeline: [A, B],
        lease_graph: null,
        replay_cost: run.stream.replayCost(),
        interrupt_latency_ms: latency,
      },
    },
    layout,
  );
  // `"reasoning_timeline"` cannot occur in the encoded id (its quotes are escaped there), so the stand-ins are found after it.
  const a = frame.indexOf(JSON.stringify(A), frame.indexOf('"reasoning_timeline"'));
  const b = frame.indexOf(JSON.stringify(B), a);
  const separator = frame.slice(a + JSON.stringify(A).length, b);
  let text = frame.slice(0, a);
  // A separator is owed after each entry's `\n`, and paid only if another entry follows.
  let owed = false;
  const decoder = new StringDecoder("utf8");
  for (const chunk of entries) {
    const piece = decoder.write(chunk);
    if (piece.length === 0) continue;
    if (owed) text += separator;
    const whole = piece.charCodeAt(piece.length - 1) === 0x0a;
    text += (whole ? piece.slice(0, -1) : piece).replaceAll("\n", separator);
    owed = whole;
    if (text.length >= PIECE_CHARS) {
      output.write(text);
      text = "";
      await output.maybeFlush();
    }
  }
  text += decoder.end();
  output.write(`${text}${frame.slice(b + JSON.stringify(B).length)}\n`);
  await output.maybeFlush();
}

/**
 * A run's interrupt latency, or, when it cannot be derived (the Oris 0.3 rule
 * yields more than 2^53−1 ms, which a JavaScript number cannot hold exactly),
 * the run's error, said on stderr.
 */
function latencyOf(run: Run, say: (message: string) => void): number | null | RunError {
  try {
    return run.stream.interruptLatencyMs();
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    const error = new RunError(run.id, "runs", {}, err.message);
    say(`oris-observe: run ${JSON.stringify(run.id)}: ${error.message}`);
    return error;
  }
}

/** Reads `chunks` to their end. */
function drain(chunks: Iterable<Buffer>): void {
  for (const chunk of chunks) void chunk;
}

/** The memory budget: {@link DEFAULT_BUDGET_BYTES}, or the internal variable's value. */
function budget(): number {
  const value = process.env[BUDGET_VARIABLE];
  return value !== undefined && /^\d{1,15}$/.test(value) ? Number(value) : DEFAULT_BUDGET_BYTES;
}

/** A copy that does not keep a larger string (the input block it was sliced from) alive. */
function copy(s: string): string {
  return Buffer.from(s, "utf8").toString("utf8");
}
