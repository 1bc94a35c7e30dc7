import type { Report, Run } from "./data.ts";
import { h } from "./dom.ts";
import { isoTime, json, shown, thousands } from "./text.ts";

type Column = "id" | "events" | "replay_cost" | "interrupt_latency_ms" | "first" | "last";

interface ColumnSpec {
  readonly key: Column;
  readonly label: string;
  /** The value sorted by: numbers, or run ids (by code point). */
  readonly value: (run: Run) => number | string | null;
  readonly text: (run: Run) => string;
}

const COLUMNS: readonly ColumnSpec[] = [
  { key: "id", label: "run id", value: (r) => r.id ?? "", text: (r) => (r.id === null ? "(trace)" : shown(r.id)) },
  { key: "events", label: "events", value: (r) => r.count, text: (r) => thousands(r.count) },
  {
    key: "replay_cost",
    label: "replay cost",
    value: (r) => r.obs?.replay_cost ?? null,
    text: (r) => num(r.obs?.replay_cost ?? null),
  },
  {
    key: "interrupt_latency_ms",
    label: "interrupt latency (ms)",
    value: (r) => r.obs?.interrupt_latency_ms ?? null,
    text: (r) => num(r.obs?.interrupt_latency_ms ?? null),
  },
  {
    key: "first",
    label: "first time (UTC)",
    value: (r) => (Number.isNaN(r.firstTime) ? null : r.firstTime),
    text: (r) => (Number.isNaN(r.firstTime) ? "—" : isoTime(r.firstTime)),
  },
  {
    key: "last",
    label: "last time (UTC)",
    value: (r) => (Number.isNaN(r.lastTime) ? null : r.lastTime),
    text: (r) => (Number.isNaN(r.lastTime) ? "—" : isoTime(r.lastTime)),
  },
];

/** By code points: the byte order of the UTF-8, the order the CLI writes runs in. */
function compareCodePoints(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = (x[i]?.codePointAt(0) ?? 0) - (y[i]?.codePointAt(0) ?? 0);
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

function num(v: number | null): string {
  return v === null ? "null" : thousands(v);
}

/** The runs of a report (`--by-run`, `--db`), in a table that sorts by any column; each run id opens its timeline. */
export function runIndex(report: Report): HTMLElement {
  const runs = report.runs;
  const failed = runs.filter((r) => r.error !== null).length;
  const section = h(
    "section",
    { class: "index", "aria-labelledby": "index-title" },
    h("h1", { id: "index-title", tabindex: -1 }, "Runs"),
  );
  section.append(
    h(
      "p",
      { class: "source" },
      `${shown(report.meta.source)} · profile ${report.meta.profile}, the Oris ${report.meta.profile} rules · ${thousands(runs.length)} run${runs.length === 1 ? "" : "s"}` +
        `${failed > 0 ? ` · ${thousands(failed)} could not be derived` : ""}`,
    ),
  );
  const tbody = h("tbody");
  const head = h("tr");
  let sortBy: Column = "id";
  let ascending = true;
  const buttons = new Map<Column, HTMLButtonElement>();
  const cells = new Map<Column, HTMLTableCellElement>();
  for (const c of COLUMNS) {
    const b = h("button", { type: "button", "data-sort": c.key }, c.label);
    b.addEventListener("click", () => {
      ascending = sortBy === c.key ? !ascending : true;
      sortBy = c.key;
      fill();
      b.focus();
    });
    const th = h("th", { scope: "col" }, b);
    buttons.set(c.key, b);
    cells.set(c.key, th);
    head.append(th);
  }
  head.append(h("th", { scope: "col" }, "status"));
  const fill = (): void => {
    const spec = COLUMNS.find((c) => c.key === sortBy) as ColumnSpec;
    const order = [...runs].sort((a, b) => {
      const x = spec.value(a);
      const y = spec.value(b);
      // null (none) after every value, whichever the direction.
      if (x === null || y === null) return x === y ? a.index - b.index : x === null ? 1 : -1;
      const d = typeof x === "number" && typeof y === "number" ? x - y : compareCodePoints(String(x), String(y));
      return (ascending ? d : -d) || a.index - b.index;
    });
    tbody.replaceChildren(
      ...order.map((run) =>
        h(
          "tr",
          { "data-run": run.index },
          h(
            "th",
            { scope: "row", "data-col": "id" },
            h("a", { href: `#run=${run.index}` }, COLUMNS[0]?.text(run) ?? ""),
          ),
          ...COLUMNS.slice(1).map((c) => {
            const v = c.value(run);
            return h(
              "td",
              {
                "data-col": c.key,
                "data-value": c.key === "first" || c.key === "last" ? (v === null ? "" : String(v)) : json(v),
              },
              c.text(run),
            );
          }),
          h(
            "td",
            { "data-col": "status" },
            run.error !== null
              ? `error: ${shown(run.error)}`
              : run.obs === null
                ? "no observability (no checkpoints)"
                : "ok",
          ),
        ),
      ),
    );
    for (const c of COLUMNS) {
      const th = cells.get(c.key) as HTMLTableCellElement;
      if (c.key === sortBy) th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      else th.removeAttribute("aria-sort");
      (buttons.get(c.key) as HTMLButtonElement).textContent =
        `${c.label}${c.key === sortBy ? (ascending ? " ▲" : " ▼") : ""}`;
    }
  };
  fill();
  section.append(
    h(
      "table",
      { class: "runs" },
      h(
        "caption",
        {},
        "Each run; choose a column's button to sort by it (again to reverse), a run id to open its timeline.",
      ),
      h("thead", {}, head),
      tbody,
    ),
  );
  return section;
}
