import { readReport, type Report } from "./data.ts";
import { h } from "./dom.ts";
import { runIndex } from "./runIndex.ts";
import { runName, runView } from "./runView.ts";
import type { Timeline } from "./timeline.ts";

/**
 * The report page: reads the data block, then shows the one run (a trace,
 * a checkpoint history) or the index of runs (`--by-run`, `--db`) with each
 * run's timeline at `#run=N`. Marks `oris-report-rendered` (performance
 * API) once the first view is drawn.
 */
function start(): void {
  const app = document.getElementById("app") as HTMLElement;
  const data = document.getElementById("oris-report-data");
  let report: Report;
  try {
    report = readReport(data?.textContent ?? "");
  } catch (err) {
    app.replaceChildren(h("p", { class: "error", role: "alert" }, `This report's data cannot be read: ${String(err)}`));
    throw err;
  }
  const many = report.meta.mode === "by-run" || report.meta.mode === "db";
  let timeline: Timeline | null = null;

  const show = (): void => {
    const m = /^#run=(\d+)$/.exec(location.hash);
    const run = many ? (m === null ? null : (report.runs[Number(m[1])] ?? null)) : (report.runs[0] ?? null);
    timeline = null;
    if (run === null) {
      app.replaceChildren(h("main", {}, runIndex(report)));
      document.title = "Runs — oris-observe report";
    } else {
      const view = runView(report, run, many);
      app.replaceChildren(h("main", {}, view.element));
      timeline = view.timeline;
      // Drawn again now that the chart has its width in the page.
      timeline?.render();
      document.title = `${run.id === null ? "Trace" : runName(run)} — oris-observe report`;
    }
  };
  window.addEventListener("hashchange", () => {
    show();
    (document.querySelector("h1") as HTMLElement | null)?.focus?.();
  });
  let pending = 0;
  window.addEventListener("resize", () => {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(() => timeline?.render());
  });
  show();
  performance.mark("oris-report-rendered");
}

start();
