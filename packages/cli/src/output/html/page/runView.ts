import { entryOf, KNOWN_KINDS, pairActions, type Events, type Report, type Run } from "./data.ts";
import { h, svg } from "./dom.ts";
import { duration, isoTime, json, shown, thousands } from "./text.ts";
import { eventFields, latencyText, ruleText, Timeline, type Axis } from "./timeline.ts";

/** Entries listed in the reasoning_timeline field, and rows in the long tables, before "and N more". */
const LIST_LIMIT = 500;
/** Up to this many gaps are listed as they come; past it, the marked one and the {@link LONGEST} longest first. */
const SHORT_LIST = 20;
const LONGEST = 10;

const PROFILE_TEXT = { "0.2": "0.2, the Oris 0.2 rules", "0.3": "0.3, the Oris 0.3 rules" } as const;

/** The name a run goes by in headings. */
export function runName(run: Run): string {
  return run.id === null ? "the trace" : shown(run.id);
}

/** One run: its KernelObservability, its timeline, its counts, gaps, actions, checkpoints and lease graph. */
export function runView(report: Report, run: Run, many: boolean): { element: HTMLElement; timeline: Timeline | null } {
  const ev = run.events();
  const section = h("section", { class: "run", "aria-labelledby": "run-title" });
  if (many) section.append(h("nav", { class: "back" }, h("a", { href: "#" }, "← All runs")));
  // A trace read as one: named after its run when its events have one run id.
  const single = run.id ?? (ev.runId >= 0 ? (report.strings[ev.runId] as string) : null);
  const title = h(
    "h1",
    { id: "run-title", tabindex: -1 },
    single === null ? "Trace" : run.id === null ? "Trace of run " : "Run ",
    single === null ? null : h("code", { class: "run-id" }, shown(single)),
  );
  section.append(title);
  section.append(
    h(
      "p",
      { class: "source" },
      `${shown(report.meta.source)} · profile ${PROFILE_TEXT[report.meta.profile]} · ${thousands(ev.count)} event${ev.count === 1 ? "" : "s"}`,
    ),
  );
  if (ev.runIds !== null) {
    const ids = new Set(Array.from(ev.runIds));
    section.append(
      h(
        "p",
        { class: "warning" },
        `The trace holds ${thousands(ids.size)} runs; its result mixes them, as the runtime's from_kernel_trace does (oris-observe --by-run gives one record per run).`,
      ),
    );
  }
  if (run.error !== null)
    section.append(h("p", { class: "error", role: "alert" }, `This run could not be derived: ${shown(run.error)}`));

  const actions = pairActions(report, ev);
  const axis: Axis = ev.count > 0 && ev.timed === ev.count ? "time" : "position";
  section.append(h("p", { id: "chart-summary", class: "summary" }, chartSummary(report, run, ev, actions)));
  section.append(fields(report, run, ev));

  let timeline: Timeline | null = null;
  const timelineSection = h(
    "section",
    { "aria-labelledby": "timeline-title" },
    h("h2", { id: "timeline-title" }, "Timeline"),
  );
  section.append(timelineSection);
  if (ev.count === 0) {
    timelineSection.append(
      h("p", {}, run.error !== null && run.obs === null ? "No events could be read for this run." : "No events."),
    );
  } else {
    timelineSection.append(h("p", { class: "axis-note", id: "axis-note" }, axisNote(ev)));
    const detailsText = h("div", { id: "details-text" });
    const details = h(
      "section",
      { class: "details", "aria-labelledby": "details-title", "aria-live": "polite" },
      h("h3", { id: "details-title" }, "Selected event"),
      detailsText,
    );
    const showDetails = (i: number): void => {
      if (i < 0) {
        detailsText.replaceChildren(
          h(
            "p",
            {},
            "None. Hover over a mark to see its events; click one, or focus the timeline and use the arrow keys, to select it.",
          ),
        );
        return;
      }
      const rows = eventFields(report, ev, i);
      detailsText.replaceChildren(
        h(
          "dl",
          { class: "event-fields" },
          ...rows.flatMap(([k, v]) => [h("dt", {}, k), h("dd", { "data-name": k }, v)]),
        ),
      );
    };
    const tl = new Timeline(report, run, actions, axis, showDetails);
    timeline = tl;
    const button = (label: string, onClick: () => void, extra: Record<string, string> = {}): HTMLButtonElement => {
      const b = h("button", { type: "button", ...extra }, label);
      b.addEventListener("click", onClick);
      return b;
    };
    const toolbar = h(
      "div",
      { class: "toolbar", role: "group", "aria-label": "Timeline controls" },
      button("Zoom in", () => tl.zoom(2), { "data-action": "zoom-in" }),
      button("Zoom out", () => tl.zoom(0.5), { "data-action": "zoom-out" }),
      button("Show all", () => tl.reset(), { "data-action": "reset" }),
    );
    if (axis === "time") {
      const choice = (value: Axis, label: string): HTMLLabelElement => {
        const input = h("input", { type: "radio", name: "axis", value, checked: value === axis });
        input.addEventListener("change", () => {
          if (input.checked) {
            tl.setAxis(value);
            const note = document.getElementById("axis-note");
            if (note !== null)
              note.textContent =
                value === "time"
                  ? axisNote(ev)
                  : "Events are placed by their position in the run (every event has a timestamp_ms; choose time to place them by it).";
          }
        });
        return h("label", {}, input, ` ${label}`);
      };
      toolbar.append(
        h(
          "fieldset",
          { class: "axis-choice" },
          h("legend", {}, "Place events by"),
          choice("time", "time"),
          choice("position", "position"),
        ),
      );
    }
    timelineSection.append(toolbar, tl.element, details);
    showDetails(-1);
  }

  section.append(kindCounts(report, ev));
  section.append(gapTable(report, run, ev));
  if (actions.pairs.length > 0 || actions.openRequests > 0 || actions.orphanOutcomes > 0)
    section.append(actionTable(report, ev, actions));
  const checkpoints = checkpointTable(report, ev);
  if (checkpoints !== null) section.append(checkpoints);
  section.append(leaseGraph(run));
  return { element: section, timeline };
}

/** Which axis the events are placed on, and why. */
function axisNote(ev: Events): string {
  if (ev.timed === ev.count) return "Events are placed by timestamp_ms: every event has one.";
  if (ev.timed === 0) return "Events are placed by their position in the run: no event has a timestamp_ms.";
  return `Events are placed by their position in the run: ${thousands(ev.count - ev.timed)} of ${thousands(ev.count)} events have no timestamp_ms.`;
}

/** The chart's key facts in words: its text alternative, shown to everyone. */
function chartSummary(report: Report, run: Run, ev: Events, actions: ReturnType<typeof pairActions>): string {
  if (ev.count === 0) return "No events.";
  const parts: string[] = [];
  const lanes = kindsOf(report, ev);
  parts.push(
    `${thousands(ev.count)} event${ev.count === 1 ? "" : "s"} of ${lanes.length} kind${lanes.length === 1 ? "" : "s"} (${lanes.map(([k, n]) => `${shown(k)} ${thousands(n)}`).join(", ")})`,
  );
  if (!Number.isNaN(run.firstTime))
    parts.push(
      `from ${isoTime(run.firstTime)} to ${isoTime(run.lastTime)}${run.lastTime >= run.firstTime ? ` (${duration(run.lastTime - run.firstTime)})` : ""}`,
    );
  let text = `${parts.join(", ")}.`;
  const lat = run.latency;
  if (lat !== null) {
    text += ` interrupt_latency_ms is ${latencyText(run)}, from ${shown(entryOf(report, ev, lat.from))} to ${shown(entryOf(report, ev, lat.to))}.`;
  } else if (run.obs !== null) text += " interrupt_latency_ms is null.";
  if (ev.gaps.length > 0)
    text += ` ${thousands(ev.gaps.length)} interrupt gap${ev.gaps.length === 1 ? "" : "s"} (Interrupted to Resumed).`;
  const pairs = actions.succeeded.length;
  if (pairs > 0) {
    const ok = actions.succeeded.reduce((n, v) => n + v, 0);
    text += ` ${thousands(pairs)} action${pairs === 1 ? "" : "s"} answered: ${thousands(ok)} succeeded, ${thousands(pairs - ok)} failed.`;
  }
  if (actions.openRequests > 0)
    text += ` ${thousands(actions.openRequests)} action request${actions.openRequests === 1 ? "" : "s"} without an outcome.`;
  return text;
}

/** [kind, count] in the lanes' order: the runtime's kinds first, then others by first appearance. */
function kindsOf(report: Report, ev: Events): [string, number][] {
  const counts = new Map<string, number>();
  for (let i = 0; i < ev.count; i++) {
    const k = report.strings[ev.kind[i] as number] as string;
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  const known = KNOWN_KINDS;
  return [...counts].sort(([a], [b]) => {
    const i = known.indexOf(a);
    const j = known.indexOf(b);
    return (i < 0 ? known.length : i) - (j < 0 ? known.length : j);
  });
}

/** The four KernelObservability fields, as `--format json` writes their values, and the profile. */
function fields(report: Report, run: Run, ev: Events): HTMLElement {
  const o = run.obs;
  const row = (name: string, ...value: (Node | string | null)[]): HTMLElement =>
    h("div", { class: "field", "data-field": name }, h("dt", {}, name), h("dd", {}, ...value));
  const list = h("dl", { class: "fields" });
  if (o === null) {
    list.append(
      row(
        "observability",
        h("code", { "data-json": "" }, "null"),
        run.error === null ? " — the run has no checkpoints: the execution server sends no field" : "",
      ),
    );
  } else {
    const entries = o.timeline;
    let timeline: Node | string;
    if (entries === null) timeline = h("code", { "data-json": "" }, "null");
    else {
      const shownCount = Math.min(entries, LIST_LIMIT, ev.count);
      const items = h("ol", { class: "entries" });
      for (let i = 0; i < shownCount; i++) items.append(h("li", {}, shown(entryOf(report, ev, i))));
      const details = h(
        "details",
        {},
        h(
          "summary",
          {},
          h("code", { "data-count": "" }, thousands(entries)),
          ` entr${entries === 1 ? "y" : "ies"}, one per event`,
        ),
        items,
        entries > shownCount
          ? h(
              "p",
              { class: "more" },
              `… and ${thousands(entries - shownCount)} more: select an event in the timeline to see its entry.`,
            )
          : null,
      );
      timeline = details;
    }
    list.append(row("reasoning_timeline", timeline));
    list.append(
      row(
        "lease_graph",
        h("code", { "data-json": "" }, json(o.lease_graph)),
        o.lease_graph === null
          ? " — no lease graph"
          : ` — ${o.lease_graph.length} edge${o.lease_graph.length === 1 ? "" : "s"}, drawn below`,
      ),
    );
    list.append(
      row(
        "replay_cost",
        h("code", { "data-json": "" }, json(o.replay_cost)),
        o.replay_cost === null ? "" : ` — events to replay the run`,
      ),
    );
    const lat = run.latency;
    list.append(
      row(
        "interrupt_latency_ms",
        h("code", { "data-json": "" }, json(o.interrupt_latency_ms)),
        o.interrupt_latency_ms === null
          ? " — no Interrupted followed by a Resumed"
          : ` — ${latencyText(run)}${lat !== null ? `, from ${shown(entryOf(report, ev, lat.from))} to ${shown(entryOf(report, ev, lat.to))}; ${ruleText(lat)}` : ""}`,
      ),
    );
  }
  list.append(row("profile", h("code", {}, report.meta.profile), ` — ${PROFILE_TEXT[report.meta.profile].slice(5)}`));
  return h(
    "section",
    { "aria-labelledby": "fields-title" },
    h("h2", { id: "fields-title" }, "KernelObservability"),
    list,
  );
}

function table(
  caption: string,
  head: string[],
  rows: (string | Node)[][],
  attrs: Record<string, string> = {},
): HTMLTableElement {
  return h(
    "table",
    attrs,
    h("caption", {}, caption),
    h("thead", {}, h("tr", {}, ...head.map((c) => h("th", { scope: "col" }, c)))),
    h(
      "tbody",
      {},
      ...rows.map((r) => h("tr", {}, ...r.map((c, i) => (i === 0 ? h("th", { scope: "row" }, c) : h("td", {}, c))))),
    ),
  );
}

function kindCounts(report: Report, ev: Events): HTMLElement {
  const rows = kindsOf(report, ev).map(([k, n]) => [
    shown(k),
    thousands(n),
    ev.count > 0 ? `${((100 * n) / ev.count).toFixed(1)} %` : "",
  ]);
  return h(
    "section",
    { "aria-labelledby": "kinds-title" },
    h("h2", { id: "kinds-title" }, "Counts per kind"),
    table("Events of each kind", ["kind", "events", "share"], rows, { class: "kinds" }),
  );
}

function gapTable(report: Report, run: Run, ev: Events): HTMLElement {
  const section = h("section", { "aria-labelledby": "gaps-title" }, h("h2", { id: "gaps-title" }, "Interrupt gaps"));
  const lat = run.latency;
  const pairs: (readonly [number, number])[] = [...ev.gaps];
  if (lat !== null && lat.rule !== "checkpoints" && !pairs.some(([a, b]) => a === lat.from && b === lat.to))
    pairs.unshift([lat.from, lat.to]);
  if (lat !== null && lat.rule === "checkpoints") {
    section.append(
      h(
        "p",
        {},
        `interrupt_latency_ms comes from checkpoints here: ${latencyText(run)}, from ${shown(entryOf(report, ev, lat.from))} to ${shown(entryOf(report, ev, lat.to))}, the largest gap between consecutive checkpoints.`,
      ),
    );
  }
  if (pairs.length === 0) {
    section.append(h("p", {}, "No Interrupted followed by a Resumed."));
    return section;
  }
  const msApart = ([a, b]: readonly [number, number]): number => (ev.time[b] as number) - (ev.time[a] as number);
  const isMarked = ([a, b]: readonly [number, number]): boolean => lat !== null && lat.from === a && lat.to === b;
  const gapRows = (list: readonly (readonly [number, number])[], caption: string, cls: string): HTMLTableElement => {
    const t = table(
      caption,
      ["Interrupted", "Resumed", "events apart", "ms apart", "gives"],
      list.map((p) => {
        const ms = msApart(p);
        return [
          shown(entryOf(report, ev, p[0])),
          shown(entryOf(report, ev, p[1])),
          thousands(p[1] - p[0]),
          Number.isNaN(ms) ? "no timestamps" : thousands(ms),
          isMarked(p) ? `interrupt_latency_ms (${lat?.rule === "index" ? "index rule" : "largest gap"})` : "",
        ];
      }),
      { class: cls },
    );
    t.querySelectorAll("tbody tr").forEach((tr, j) => {
      if (isMarked(list[j] as readonly [number, number])) tr.classList.add("marked");
    });
    return t;
  };
  if (pairs.length <= SHORT_LIST) {
    section.append(gapRows(pairs, "Each Resumed with the Interrupted before it", "gaps"));
    return section;
  }
  // Many gaps: the marked one and the longest first, every one (up to the limit) a click away.
  const timed = pairs.every((p) => !Number.isNaN(msApart(p)));
  const length = (p: readonly [number, number]): number => (timed ? msApart(p) : p[1] - p[0]);
  const longest = [...pairs].sort((p, q) => length(q) - length(p)).slice(0, LONGEST);
  const first = pairs.filter((p) => isMarked(p) || longest.includes(p));
  section.append(
    gapRows(
      first,
      `The gap that gives interrupt_latency_ms and the ${LONGEST} longest, of ${thousands(pairs.length)}`,
      "gaps",
    ),
  );
  section.append(
    h(
      "details",
      {},
      h("summary", {}, `All ${thousands(pairs.length)} gaps, in order`),
      gapRows(pairs.slice(0, LIST_LIMIT), "Each Resumed with the Interrupted before it", "gaps-all"),
      pairs.length > LIST_LIMIT
        ? h("p", { class: "more" }, `… and ${thousands(pairs.length - LIST_LIMIT)} more.`)
        : null,
    ),
  );
  return section;
}

function actionTable(report: Report, ev: Events, actions: ReturnType<typeof pairActions>): HTMLElement {
  const { pairs, succeeded } = actions;
  const n = succeeded.length;
  const ok = succeeded.reduce((s, v) => s + v, 0);
  const section = h("section", { "aria-labelledby": "actions-title" }, h("h2", { id: "actions-title" }, "Actions"));
  section.append(
    h(
      "p",
      {},
      `${thousands(n)} request${n === 1 ? "" : "s"} paired with an outcome by action_id (${thousands(ok)} succeeded, ${thousands(n - ok)} failed)` +
        `${actions.openRequests > 0 ? `; ${thousands(actions.openRequests)} without an outcome` : ""}${actions.orphanOutcomes > 0 ? `; ${thousands(actions.orphanOutcomes)} outcomes without a request` : ""}.`,
    ),
  );
  const timed = ev.timed === ev.count;
  const order = Array.from({ length: n }, (_, j) => j);
  const length = (j: number): number => {
    const a = pairs[2 * j] as number;
    const b = pairs[2 * j + 1] as number;
    return timed ? (ev.time[b] as number) - (ev.time[a] as number) : b - a;
  };
  order.sort((x, y) => length(y) - length(x) || x - y);
  const rows = order.slice(0, 10).map((j) => {
    const a = pairs[2 * j] as number;
    const b = pairs[2 * j + 1] as number;
    const id = ev.action[a] as number;
    return [
      shown(report.strings[id] as string),
      shown(entryOf(report, ev, a)),
      shown(entryOf(report, ev, b)),
      succeeded[j] === 1 ? "succeeded" : "failed",
      timed ? thousands(length(j)) : `${thousands(length(j))} events`,
    ];
  });
  if (rows.length > 0)
    section.append(
      table(
        `The ${rows.length === 1 ? "" : `${rows.length} `}longest`,
        ["action_id", "request", "outcome", "result", timed ? "ms" : "apart"],
        rows,
        { class: "actions" },
      ),
    );
  return section;
}

function checkpointTable(report: Report, ev: Events): HTMLElement | null {
  const kind = report.strings.indexOf("CheckpointSaved");
  if (kind < 0) return null;
  const rows: string[][] = [];
  let total = 0;
  for (let i = 0; i < ev.count; i++) {
    if (ev.kind[i] !== kind) continue;
    total++;
    if (rows.length >= LIST_LIMIT) continue;
    const id = ev.step[i] as number;
    const t = ev.time[i] as number;
    rows.push([
      String(ev.seq[i]),
      id >= 0 ? shown(report.strings[id] as string) : "null",
      Number.isNaN(t) ? "none" : isoTime(t),
    ]);
  }
  if (total === 0) return null;
  const section = h(
    "section",
    { "aria-labelledby": "checkpoints-title" },
    h("h2", { id: "checkpoints-title" }, "Checkpoints"),
  );
  section.append(
    table(`${thousands(total)} checkpoint${total === 1 ? "" : "s"}`, ["seq", "checkpoint id", "created at"], rows, {
      class: "checkpoints",
    }),
  );
  if (total > rows.length) section.append(h("p", { class: "more" }, `… and ${thousands(total - rows.length)} more.`));
  return section;
}

/** The lease graph: each attempt joined to the worker that held its lease. */
function leaseGraph(run: Run): HTMLElement {
  const section = h("section", { "aria-labelledby": "lease-title" }, h("h2", { id: "lease-title" }, "Lease graph"));
  const g = run.obs?.lease_graph ?? null;
  if (g === null || g.length === 0) {
    section.append(h("p", {}, "None: lease_graph is null (only the Oris 0.3 rules report one, from checkpoints)."));
    return section;
  }
  section.append(
    h(
      "ul",
      { class: "lease-list" },
      ...g.map(([a, w]) => h("li", {}, h("code", {}, shown(a)), " → ", h("code", {}, shown(w)))),
    ),
  );
  const attempts = [...new Set(g.map(([a]) => a))];
  const workers = [...new Set(g.map(([, w]) => w))];
  const rowH = 28;
  const height = Math.max(attempts.length, workers.length) * rowH + 10;
  const drawing = svg("svg", {
    class: "lease-graph",
    width: 520,
    height,
    viewBox: `0 0 520 ${height}`,
    "aria-hidden": "true",
  });
  const y = (k: number): number => 5 + k * rowH + rowH / 2;
  const cut = (s: string): string => (s.length > 24 ? `${s.slice(0, 23)}…` : s);
  for (const [a, w] of g)
    drawing.append(
      svg("line", { class: "edge", x1: 180, y1: y(attempts.indexOf(a)), x2: 340, y2: y(workers.indexOf(w)) }),
    );
  attempts.forEach((a, k) => {
    drawing.append(svg("circle", { class: "node attempt", cx: 180, cy: y(k), r: 5 }));
    drawing.append(svg("text", { x: 170, y: y(k) + 4, "text-anchor": "end" }, cut(shown(a))));
  });
  workers.forEach((w, k) => {
    drawing.append(svg("circle", { class: "node worker", cx: 340, cy: y(k), r: 5 }));
    drawing.append(svg("text", { x: 350, y: y(k) + 4 }, cut(shown(w))));
  });
  section.append(drawing);
  return section;
}
