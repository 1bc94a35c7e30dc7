import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { KernelObservability } from "@oris/observability";
import type { Output } from "../Output.js";
import {
  scriptJson,
  StringTable,
  type EventColumns,
  type LatencyPair,
  type ReportMeta,
  type ReportRun,
} from "./ReportData.js";
import pageScript from "./page/main.ts?inline";
import pageStyle from "./page/page.css?inline";

export { checkpointGap, columnsOf, EventColumns, StringTable } from "./ReportData.js";
export type { LatencyPair, ReportMeta, ReportRun } from "./ReportData.js";

/** The id of the element that holds the report's data (the page reads it from there). */
const DATA_ID = "oris-report-data";

/**
 * `--format html`: one self-contained HTML file. The page's script and style
 * are inline (bundled at build time), its data is a JSON block in it, and its
 * Content-Security-Policy allows that script and that style only, and no
 * connection of any kind: opened from disk, it requests nothing.
 *
 * The data is written run by run ({@link HtmlReport.run}), so a report of
 * many runs never holds more than one run's columns besides the strings
 * they share.
 */
export class HtmlReport {
  private readonly output: Output;
  private runs = 0;
  readonly strings = new StringTable();

  constructor(output: Output) {
    this.output = output;
  }

  /** Writes the page up to the first run. */
  begin(meta: ReportMeta): void {
    if (pageScript.includes("</script") || pageStyle.includes("</style"))
      throw new Error("the report page's script or style holds an end tag");
    const csp = [
      "default-src 'none'",
      `script-src '${sha256(pageScript)}'`,
      `style-src '${sha256(pageStyle)}'`,
      "img-src data:",
      "base-uri 'none'",
      "form-action 'none'",
    ].join("; ");
    this.output.write(
      "<!DOCTYPE html>\n" +
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n' +
        `<meta http-equiv="Content-Security-Policy" content="${csp}">\n` +
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n' +
        '<meta name="color-scheme" content="light dark">\n' +
        `<meta name="generator" content="${escapeAttribute(generator())}">\n` +
        "<title>oris-observe report</title>\n" +
        `<style>${pageStyle}</style>\n</head>\n<body>\n` +
        '<noscript><p>This report draws its timeline with JavaScript, which is turned off. Its data is the JSON in the element with the id "oris-report-data".</p></noscript>\n' +
        '<div id="app"></div>\n' +
        `<script type="application/json" id="${DATA_ID}">{"format":1,"meta":${scriptJson(meta)},"runs":[`,
    );
  }

  /** Writes one run. */
  async run(run: ReportRun): Promise<void> {
    const head = {
      id: run.id,
      obs: run.observability === null ? null : reportObservability(run.observability, run.timelineEntries),
      error: run.error,
      lat: run.latency,
    };
    let text = `${this.runs++ === 0 ? "" : ","}${scriptJson(head).slice(0, -1)},"ev":`;
    for (const piece of run.events.json()) {
      text += piece;
      if (text.length >= 64 * 1024) {
        this.output.write(text);
        text = "";
        await this.output.maybeFlush();
      }
    }
    this.output.write(`${text}}`);
    await this.output.maybeFlush();
  }

  /** Writes the strings the runs share, the page's script, and the end of the page. */
  end(): void {
    this.output.write(
      `],"strings":${scriptJson(this.strings.strings)}}</script>\n<script>${pageScript}</script>\n</body>\n</html>\n`,
    );
  }
}

/** A run's observability as the page shows it: the timeline's length (its entries come from the events), the other fields as they are. */
function reportObservability(o: KernelObservability, entries: number | null): object {
  return {
    timeline: entries,
    lease_graph: o.lease_graph,
    replay_cost: o.replay_cost,
    interrupt_latency_ms: o.interrupt_latency_ms,
  };
}

/** `oris-observe VERSION`, from the package.json above this module (in dist/ or in src/). */
function generator(): string {
  for (let up = "../"; up.length <= 15; up += "../") {
    try {
      const pkg = JSON.parse(readFileSync(new URL(`${up}package.json`, import.meta.url), "utf8")) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === "@oris/cli") return `oris-observe ${pkg.version ?? ""}`.trim();
    } catch {
      // not here: one level up
    }
  }
  return "oris-observe";
}

/** A CSP source for `text`: its SHA-256, as `'sha256-…'` wants it. */
function sha256(text: string): string {
  return `sha256-${createHash("sha256").update(text, "utf8").digest("base64")}`;
}

function escapeAttribute(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** What every mode hands the report for one run. */
export function reportRun(fields: {
  id: string | null;
  observability: KernelObservability | null;
  timelineEntries?: number | null;
  error?: string | null;
  events: EventColumns;
  latency?: LatencyPair | null;
}): ReportRun {
  const o = fields.observability;
  return {
    id: fields.id,
    observability: o,
    timelineEntries:
      fields.timelineEntries ?? (o === null || o.reasoning_timeline === null ? null : o.reasoning_timeline.length),
    error: fields.error ?? null,
    events: fields.events,
    latency: fields.latency ?? null,
  };
}
