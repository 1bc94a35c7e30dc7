import {
  entryOf,
  KNOWN_KINDS,
  runIdOf,
  type ActionPairs,
  type Events,
  type LatencyPair,
  type Report,
  type Run,
} from "./data.ts";
import { h, svg } from "./dom.ts";
import { duration, isoTime, shown, thousands } from "./text.ts";

/** Left gutter (lane labels), right padding, lane height, room above the lanes and below them (axis). */
const LABEL_W = 176;
const RIGHT_PAD = 18;
const LANE_H = 30;
const TOP = 30;
const AXIS_H = 40;
/** Events closer than this many pixels are drawn as one mark (with their count). */
const BIN = 3;
/** Past this many in view, action spans and gaps are summarised instead of drawn. */
const MAX_SPANS = 2000;
const MAX_GAPS = 1000;

export type Axis = "time" | "position";

interface Lane {
  /** Index into the report's strings of its kind, or -1 for the action spans lane. */
  readonly kind: number;
  readonly label: string;
  /** CSS class of its marks. */
  readonly cls: string;
  /** Its events, by index, sorted by position on the current axis. */
  order: Int32Array;
  readonly count: number;
}

/** A drawn mark: one event or several that fall on the same pixels. */
interface Mark {
  readonly lane: number;
  readonly bin: number;
  /** Where in the lane's order the mark's events are. */
  readonly from: number;
  readonly to: number;
}

interface DrawnGap {
  readonly from: number;
  readonly to: number;
  readonly x0: number;
  readonly x1: number;
  readonly y0: number;
  readonly y1: number;
  readonly marked: boolean;
}

/** The fields of event `i`, as [name, value] rows, for the tooltip and the details panel. */
export function eventFields(report: Report, events: Events, i: number): [string, string][] {
  const s = report.strings;
  const step = events.step[i] as number;
  const action = events.action[i] as number;
  const t = events.time[i] as number;
  const runId = runIdOf(report, events, i);
  return [
    ["event", `${thousands(i + 1)} of ${thousands(events.count)}`],
    ["entry", shown(entryOf(report, events, i))],
    ["kind", shown(s[events.kind[i] as number] as string)],
    ["seq", String(events.seq[i])],
    ["run_id", runId === null ? "—" : shown(runId)],
    ["step_id", step >= 0 ? shown(s[step] as string) : "null"],
    ["action_id", action >= 0 ? shown(s[action] as string) : "null"],
    ["timestamp_ms", Number.isNaN(t) ? "none" : `${t} (${isoTime(t)})`],
  ];
}

/** The CSS class of a kind's marks: one of the runtime's kinds, or one of four others in turn. */
function kindClass(kind: string, other: number): string {
  const k = KNOWN_KINDS.indexOf(kind);
  return k >= 0 ? `k${k}` : `ko${other % 4}`;
}

/**
 * The timeline of one run: one lane per kind, events along time (or along
 * their position when some have no timestamp), aggregated where they would
 * overlap; the Interrupted→Resumed gaps, the one that gave
 * `interrupt_latency_ms` marked; action requests joined to their outcomes;
 * checkpoint ids. Zoom and pan with the buttons, the wheel, dragging, or the
 * keyboard; hovering a mark shows its fields, and selecting an event (click,
 * arrow keys) shows them in the details panel.
 */
export class Timeline {
  readonly element: HTMLElement;
  private readonly report: Report;
  private readonly run: Run;
  private readonly events: Events;
  private readonly actions: ActionPairs;
  private readonly onSelect: (i: number) => void;
  private readonly chart: SVGSVGElement;
  private readonly frame: HTMLElement;
  private readonly tooltip: HTMLElement;
  private readonly status: HTMLElement;
  private readonly lanes: Lane[] = [];
  private readonly laneOfKind = new Map<number, number>();
  private spansLane = -1;
  axis: Axis;
  /** Every event's position on the current axis. */
  private x: Float64Array = new Float64Array(0);
  private full: [number, number] = [0, 1];
  private view: [number, number] = [0, 1];
  private width = 800;
  private marks = new Map<number, Mark>();
  private gapsDrawn: DrawnGap[] = [];
  /** The action spans drawn: pair index and rectangle. */
  private spansDrawn: { j: number; x0: number; x1: number; y0: number; y1: number }[] = [];
  selected = -1;
  private drag: { x: number; view: [number, number]; moved: boolean } | null = null;

  constructor(report: Report, run: Run, actions: ActionPairs, axis: Axis, onSelect: (i: number) => void) {
    this.report = report;
    this.run = run;
    this.events = run.events();
    this.actions = actions;
    this.axis = axis;
    this.onSelect = onSelect;
    this.buildLanes();

    this.chart = svg("svg", { class: "chart", role: "presentation", "aria-hidden": "true" });
    this.tooltip = h("div", { class: "tooltip", role: "tooltip", hidden: true });
    this.status = h("p", { class: "chart-status", "aria-live": "polite" });
    this.frame = h(
      "div",
      {
        class: "chart-frame",
        tabindex: 0,
        role: "group",
        "aria-roledescription": "timeline",
        "aria-label":
          "Timeline. Arrow keys select events (left and right: previous and next; up and down: same kind); + and − zoom; 0 resets; Shift with arrows pans.",
        "aria-describedby": "chart-summary details-text",
      },
      this.chart,
      this.tooltip,
    );
    this.element = h("div", { class: "timeline" }, this.frame, this.status);
    this.listen();
    this.setAxis(axis);
  }

  private buildLanes(): void {
    const ev = this.events;
    const s = this.report.strings;
    const counts = new Map<number, number>();
    const firstSeen: number[] = [];
    for (let i = 0; i < ev.count; i++) {
      const k = ev.kind[i] as number;
      const c = counts.get(k);
      if (c === undefined) {
        counts.set(k, 1);
        firstSeen.push(k);
      } else counts.set(k, c + 1);
    }
    const known = firstSeen
      .filter((k) => KNOWN_KINDS.includes(s[k] as string))
      .sort((a, b) => KNOWN_KINDS.indexOf(s[a] as string) - KNOWN_KINDS.indexOf(s[b] as string));
    const others = firstSeen.filter((k) => !KNOWN_KINDS.includes(s[k] as string));
    let other = 0;
    for (const k of [...known, ...others]) {
      const kind = s[k] as string;
      this.laneOfKind.set(k, this.lanes.length);
      this.lanes.push({
        kind: k,
        label: shown(kind),
        cls: kindClass(kind, KNOWN_KINDS.includes(kind) ? 0 : other++),
        order: new Int32Array(0),
        count: counts.get(k) as number,
      });
      if (this.actions.pairs.length > 0 && kind === "ActionFailed") this.addSpansLane();
    }
    if (this.actions.pairs.length > 0 && this.spansLane < 0) {
      // No ActionFailed lane: the spans go after the last action lane.
      const after = Math.max(
        ...["ActionRequested", "ActionSucceeded"].map((k) => this.laneOfKind.get(s.indexOf(k)) ?? -1),
      );
      this.lanes.splice(after + 1, 0, {
        kind: -1,
        label: "action spans",
        cls: "span",
        order: new Int32Array(0),
        count: this.actions.succeeded.length,
      });
      for (const [k, lane] of this.laneOfKind) if (lane > after) this.laneOfKind.set(k, lane + 1);
      this.spansLane = after + 1;
    }
  }

  private addSpansLane(): void {
    this.spansLane = this.lanes.length;
    this.lanes.push({
      kind: -1,
      label: "action spans",
      cls: "span",
      order: new Int32Array(0),
      count: this.actions.succeeded.length,
    });
  }

  /** Places the events along time (every event must have a timestamp) or along their position. */
  setAxis(axis: Axis): void {
    this.axis = axis;
    const ev = this.events;
    const n = ev.count;
    this.x = axis === "time" ? ev.time : Float64Array.from({ length: n }, (_, i) => i);
    const byLane: number[][] = this.lanes.map(() => []);
    for (let i = 0; i < n; i++) (byLane[this.laneOfKind.get(ev.kind[i] as number) as number] as number[]).push(i);
    const x = this.x;
    this.lanes.forEach((lane, l) => {
      const order = Int32Array.from(byLane[l] as number[]);
      if (axis === "time") order.sort((a, b) => (x[a] as number) - (x[b] as number) || a - b);
      lane.order = order;
    });
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < n; i++) {
      const v = x[i] as number;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    if (n === 0) [lo, hi] = [0, 1];
    if (axis === "position") [lo, hi] = [-0.5, Math.max(n - 0.5, 0.5)];
    else {
      const pad = Math.max((hi - lo) * 0.01, 1);
      [lo, hi] = [lo - pad, hi + pad];
    }
    this.full = [lo, hi];
    this.view = [lo, hi];
    // Drawn once in the page, where the chart has its width (the caller draws a chart not yet there).
    if (this.frame.isConnected) this.render();
  }

  /** The smallest span the view may have. */
  private minSpan(): number {
    return this.axis === "time" ? 2 : 4;
  }

  zoom(factor: number, center?: number): void {
    const [v0, v1] = this.view;
    const selected = this.selected >= 0 && this.inView(this.selected) ? this.x[this.selected] : undefined;
    const c = center ?? selected ?? (v0 + v1) / 2;
    const span = Math.min(Math.max((v1 - v0) / factor, this.minSpan()), this.full[1] - this.full[0]);
    const left = ((c - v0) / (v1 - v0)) * span;
    this.setView(c - left, c - left + span);
  }

  pan(fraction: number): void {
    const [v0, v1] = this.view;
    const d = (v1 - v0) * fraction;
    this.setView(v0 + d, v1 + d);
  }

  reset(): void {
    this.setView(this.full[0], this.full[1]);
  }

  private setView(v0: number, v1: number): void {
    const [f0, f1] = this.full;
    const span = Math.min(v1 - v0, f1 - f0);
    if (v0 < f0) [v0, v1] = [f0, f0 + span];
    if (v1 > f1) [v0, v1] = [f1 - span, f1];
    this.view = [v0, v1];
    this.render();
  }

  private inView(i: number): boolean {
    const v = this.x[i] as number;
    return v >= this.view[0] && v <= this.view[1];
  }

  /** Selects event `i` (-1: none), moving the view to it if it is out of sight. */
  select(i: number): void {
    if (i < -1 || i >= this.events.count) return;
    this.selected = i;
    if (i >= 0 && !this.inView(i)) {
      const span = this.view[1] - this.view[0];
      const c = this.x[i] as number;
      this.setView(c - span / 2, c + span / 2);
    } else this.render();
    this.onSelect(i);
  }

  private px(v: number): number {
    const [v0, v1] = this.view;
    return LABEL_W + ((v - v0) / (v1 - v0)) * this.width;
  }

  private laneY(l: number): number {
    return TOP + l * LANE_H;
  }

  /** Draws the chart for the current view and size. */
  render(): void {
    const chart = this.chart;
    const measured = this.frame.clientWidth;
    this.width = Math.max((measured > 0 ? measured : 900) - LABEL_W - RIGHT_PAD, 240);
    const height = TOP + this.lanes.length * LANE_H + AXIS_H;
    chart.setAttribute("width", String(LABEL_W + this.width + RIGHT_PAD));
    chart.setAttribute("height", String(height));
    chart.setAttribute("viewBox", `0 0 ${LABEL_W + this.width + RIGHT_PAD} ${height}`);
    chart.replaceChildren();
    const plotBottom = TOP + this.lanes.length * LANE_H;

    const back = svg("g", { class: "lanes" });
    this.lanes.forEach((lane, l) => {
      const y = this.laneY(l);
      back.append(
        svg("rect", {
          class: l % 2 === 0 ? "lane even" : "lane",
          x: 0,
          y,
          width: LABEL_W + this.width + RIGHT_PAD,
          height: LANE_H,
        }),
      );
      const label = lane.label.length > 22 ? `${lane.label.slice(0, 21)}…` : lane.label;
      back.append(svg("rect", { class: `swatch ${lane.cls}`, x: 8, y: y + 10, width: 10, height: 10 }));
      back.append(svg("text", { class: "lane-label", x: 24, y: y + 19 }, label));
      back.append(
        svg("text", { class: "lane-count", x: LABEL_W - 8, y: y + 19, "text-anchor": "end" }, thousands(lane.count)),
      );
    });
    chart.append(back);
    this.drawAxis(chart, plotBottom);

    const clip = svg(
      "clipPath",
      { id: "plot-clip" },
      svg("rect", { x: LABEL_W - 4, y: 0, width: this.width + 8, height }),
    );
    chart.append(svg("defs", {}, clip));
    const plot = svg("g", { "clip-path": "url(#plot-clip)" });
    chart.append(plot);
    const notes: string[] = [];
    this.drawGaps(plot, notes);
    this.drawSpans(plot, notes);
    this.drawMarks(plot);
    this.drawSelection(plot);
    const [v0, v1] = this.view;
    const whole = v0 <= this.full[0] && v1 >= this.full[1];
    this.status.textContent = `${whole ? "Whole run shown" : `Zoomed in: ${this.describeView()}`}.${notes.length > 0 ? ` ${notes.join(" ")}` : ""}`;
  }

  private describeView(): string {
    const [v0, v1] = this.view;
    if (this.axis === "time")
      return `${isoTime(Math.ceil(v0))} to ${isoTime(Math.floor(v1))} (${duration(Math.round(v1 - v0))})`;
    return `events ${thousands(Math.max(1, Math.ceil(v0 + 1)))} to ${thousands(Math.min(this.events.count, Math.floor(v1 + 1)))}`;
  }

  private drawAxis(chart: SVGSVGElement, plotBottom: number): void {
    const g = svg("g", { class: "axis" });
    g.append(svg("line", { x1: LABEL_W, x2: LABEL_W + this.width, y1: plotBottom, y2: plotBottom }));
    const [v0, v1] = this.view;
    const maxTicks = Math.max(2, Math.floor(this.width / 120));
    const ticks =
      this.axis === "time"
        ? timeTicks(v0, v1, maxTicks)
        : numberTicks(v0 + 1, v1 + 1, maxTicks).map((t) => ({ at: t - 1, label: thousands(t) }));
    for (const t of ticks) {
      const x = this.px(t.at);
      if (x < LABEL_W - 0.5 || x > LABEL_W + this.width + 0.5) continue;
      g.append(svg("line", { class: "tick", x1: x, x2: x, y1: TOP, y2: plotBottom + 5 }));
      // A label that would run past the chart's right edge is right-aligned to it.
      const half = t.label.length * 3.4;
      const right = LABEL_W + this.width + RIGHT_PAD - 2;
      g.append(svg("text", { x: Math.min(x, right - half), y: plotBottom + 18, "text-anchor": "middle" }, t.label));
    }
    g.append(
      svg(
        "text",
        { class: "axis-title", x: 8, y: plotBottom + 18 },
        this.axis === "time" ? "time (UTC)" : "event number",
      ),
    );
    chart.append(g);
  }

  /** The Interrupted→Resumed gaps in view, and the marked one (the latency's pair), drawn whatever the count. */
  private drawGaps(plot: SVGGElement, notes: string[]): void {
    this.gapsDrawn = [];
    const ev = this.events;
    const lat = this.run.latency;
    const [v0, v1] = this.view;
    const g = svg("g", { class: "gaps" });
    let hidden = 0;
    const draw = (a: number, b: number, marked: boolean): void => {
      const la = this.laneOfKind.get(ev.kind[a] as number) as number;
      const lb = this.laneOfKind.get(ev.kind[b] as number) as number;
      const x0 = this.px(this.x[a] as number);
      const x1 = this.px(this.x[b] as number);
      const y0 = this.laneY(Math.min(la, lb)) + 3;
      const y1 = this.laneY(Math.max(la, lb)) + LANE_H - 3;
      const left = Math.min(x0, x1);
      g.append(
        svg("rect", {
          class: marked ? "gap marked" : "gap",
          x: left - 1,
          y: y0,
          width: Math.max(Math.abs(x1 - x0), 0) + 2,
          height: y1 - y0,
          rx: 3,
        }),
      );
      g.append(
        svg("line", {
          class: marked ? "gap-line marked" : "gap-line",
          x1: x0,
          y1: this.laneY(la) + LANE_H / 2,
          x2: x1,
          y2: this.laneY(lb) + LANE_H / 2,
        }),
      );
      this.gapsDrawn.push({ from: a, to: b, x0: left - 1, x1: Math.max(x0, x1) + 1, y0, y1, marked });
    };
    let shown = 0;
    for (const [a, b] of ev.gaps) {
      if (lat !== null && a === lat.from && b === lat.to) continue;
      const xa = this.x[a] as number;
      const xb = this.x[b] as number;
      if (Math.max(xa, xb) < v0 || Math.min(xa, xb) > v1) continue;
      if (shown++ >= MAX_GAPS) {
        hidden++;
        continue;
      }
      draw(a, b, false);
    }
    if (lat !== null && lat.from < ev.count && lat.to < ev.count) {
      draw(lat.from, lat.to, true);
      const xa = this.px(this.x[lat.from] as number);
      const xb = this.px(this.x[lat.to] as number);
      // Above the gap's part in view, whole; a gap out of view gets an arrow to it instead.
      const label = `interrupt_latency_ms ${latencyText(this.run)}`;
      const half = label.length * 3.6;
      const left = Math.max(Math.min(xa, xb), LABEL_W);
      const right = Math.min(Math.max(xa, xb), LABEL_W + this.width);
      const text = right < LABEL_W ? `◀ ${label}` : left > LABEL_W + this.width ? `${label} ▶` : label;
      const mid =
        right < left ? (right < LABEL_W ? LABEL_W + half + 8 : LABEL_W + this.width - half - 8) : (left + right) / 2;
      const x = Math.min(Math.max(mid, LABEL_W + half), LABEL_W + this.width - half);
      g.append(svg("text", { class: "gap-label", x, y: TOP - 10, "text-anchor": "middle" }, text));
    }
    if (hidden > 0) notes.push(`${thousands(hidden)} more interrupt gaps in view are not drawn: zoom in.`);
    plot.append(g);
  }

  /** Action requests joined to their outcomes, packed in rows. */
  private drawSpans(plot: SVGGElement, notes: string[]): void {
    this.spansDrawn = [];
    if (this.spansLane < 0) return;
    const { pairs, succeeded } = this.actions;
    const [v0, v1] = this.view;
    const g = svg("g", { class: "spans" });
    const visible: number[] = [];
    for (let j = 0; j < succeeded.length; j++) {
      const a = this.x[pairs[2 * j] as number] as number;
      const b = this.x[pairs[2 * j + 1] as number] as number;
      if (Math.max(a, b) < v0 || Math.min(a, b) > v1) continue;
      visible.push(j);
    }
    if (visible.length > MAX_SPANS) {
      notes.push(`${thousands(visible.length)} action spans in view: zoom in to draw them.`);
      plot.append(g);
      return;
    }
    const rows = 4;
    const rowEnds = new Array<number>(rows).fill(Number.NEGATIVE_INFINITY);
    const y = this.laneY(this.spansLane) + 4;
    const rowH = (LANE_H - 8) / rows;
    visible
      .map((j) => ({
        j,
        a: this.px(this.x[pairs[2 * j] as number] as number),
        b: this.px(this.x[pairs[2 * j + 1] as number] as number),
      }))
      .sort((p, q) => Math.min(p.a, p.b) - Math.min(q.a, q.b))
      .forEach(({ j, a, b }) => {
        const left = Math.min(a, b);
        const right = Math.max(a, b, left + 2);
        let row = rowEnds.findIndex((end) => end + 1 < left);
        if (row < 0) row = rowEnds.indexOf(Math.min(...rowEnds));
        rowEnds[row] = right;
        this.spansDrawn.push({ j, x0: left, x1: right, y0: y + row * rowH, y1: y + (row + 1) * rowH });
        g.append(
          svg("rect", {
            class: succeeded[j] === 1 ? "span ok" : "span failed",
            x: left,
            y: y + row * rowH,
            width: right - left,
            height: rowH - 1,
          }),
        );
      });
    plot.append(g);
  }

  /** Every lane's events in view: one mark per {@link BIN} pixels, sized by how many events it stands for. */
  private drawMarks(plot: SVGGElement): void {
    this.marks = new Map();
    const [v0, v1] = this.view;
    const x = this.x;
    const g = svg("g", { class: "marks" });
    const checkpointKind = this.report.strings.indexOf("CheckpointSaved");
    this.lanes.forEach((lane, l) => {
      if (lane.kind < 0) return;
      const order = lane.order;
      const y = this.laneY(l);
      // The lane's events in view: its order is sorted by position.
      let from = lowerBound(order, x, v0);
      const single: number[] = [];
      while (from < order.length) {
        const first = order[from] as number;
        const v = x[first] as number;
        if (v > v1) break;
        const bin = Math.floor((this.px(v) - LABEL_W) / BIN);
        let to = from + 1;
        while (
          to < order.length &&
          Math.floor((this.px(x[order[to] as number] as number) - LABEL_W) / BIN) === bin &&
          (x[order[to] as number] as number) <= v1
        )
          to++;
        const count = to - from;
        const cx = LABEL_W + bin * BIN + BIN / 2;
        if (count === 1) {
          const px = this.px(v);
          g.append(svg("rect", { class: `mark ${lane.cls}`, x: px - 1.5, y: y + 7, width: 3, height: LANE_H - 14 }));
          single.push(first);
        } else {
          const size = Math.min(LANE_H - 6, 10 + 3 * Math.log2(count));
          g.append(
            svg("rect", {
              class: `mark many ${lane.cls}`,
              x: cx - BIN / 2,
              y: y + (LANE_H - size) / 2,
              width: BIN,
              height: size,
            }),
          );
        }
        this.marks.set(l * 1_000_000 + bin, { lane: l, bin, from, to });
        from = to;
      }
      if (lane.kind === checkpointKind && single.length > 0 && single.length <= 60)
        this.drawCheckpointIds(g, single, y);
    });
    plot.append(g);
  }

  /** Checkpoint ids above their marks, where they fit. */
  private drawCheckpointIds(g: SVGGElement, indexes: readonly number[], y: number): void {
    const s = this.report.strings;
    let end = Number.NEGATIVE_INFINITY;
    for (const i of indexes) {
      const id = this.events.step[i] as number;
      if (id < 0) continue;
      const text = shown(s[id] as string);
      const label = text.length > 18 ? `${text.slice(0, 17)}…` : text;
      const x = this.px(this.x[i] as number) + 4;
      const w = label.length * 6.2;
      if (x < end + 6 || x + w > LABEL_W + this.width + RIGHT_PAD) continue;
      g.append(svg("text", { class: "checkpoint-id", x, y: y + 12 }, label));
      end = x + w;
    }
  }

  private drawSelection(plot: SVGGElement): void {
    const i = this.selected;
    if (i < 0 || !this.inView(i)) return;
    const l = this.laneOfKind.get(this.events.kind[i] as number) as number;
    const x = this.px(this.x[i] as number);
    plot.append(
      svg("rect", { class: "selection", x: x - 5, y: this.laneY(l) + 3, width: 10, height: LANE_H - 6, rx: 2 }),
    );
  }

  /** The mark under the pointer (or a pixel beside it). */
  private markAt(px: number, py: number): Mark | null {
    const l = Math.floor((py - TOP) / LANE_H);
    if (l < 0 || l >= this.lanes.length || px < LABEL_W - BIN) return null;
    const bin = Math.floor((px - LABEL_W) / BIN);
    for (const b of [bin, bin - 1, bin + 1]) {
      const m = this.marks.get(l * 1_000_000 + b);
      if (m !== undefined) return m;
    }
    return null;
  }

  private gapAt(px: number, py: number): DrawnGap | null {
    let found: DrawnGap | null = null;
    for (const g of this.gapsDrawn)
      if (px >= g.x0 && px <= g.x1 && py >= g.y0 && py <= g.y1 && (found === null || g.marked)) found = g;
    return found;
  }

  private pointer(e: MouseEvent): [number, number] {
    const r = this.chart.getBoundingClientRect();
    return [e.clientX - r.left, e.clientY - r.top];
  }

  private showTooltip(e: MouseEvent, rows: [string, string][], title: string): void {
    const t = this.tooltip;
    t.replaceChildren(
      h("strong", {}, title),
      h("dl", {}, ...rows.flatMap(([k, v]) => [h("dt", {}, k), h("dd", {}, v)])),
    );
    t.hidden = false;
    const frame = this.frame.getBoundingClientRect();
    const left = Math.min(e.clientX - frame.left + 14, frame.width - t.offsetWidth - 4);
    const top =
      e.clientY - frame.top + 16 + t.offsetHeight > frame.height
        ? e.clientY - frame.top - t.offsetHeight - 10
        : e.clientY - frame.top + 16;
    t.style.left = `${Math.max(left, 0)}px`;
    t.style.top = `${Math.max(top, 0)}px`;
  }

  private hover(e: MouseEvent): void {
    const [px, py] = this.pointer(e);
    const m = this.markAt(px, py);
    if (m !== null) {
      const lane = this.lanes[m.lane] as Lane;
      const count = m.to - m.from;
      if (count === 1) {
        const i = lane.order[m.from] as number;
        this.showTooltip(e, eventFields(this.report, this.events, i), shown(entryOf(this.report, this.events, i)));
      } else {
        const idx = Array.from(lane.order.subarray(m.from, m.to));
        const seqs = idx.map((i) => this.events.seq[i] as number);
        const rows: [string, string][] = [
          ["events", thousands(count)],
          ["kind", lane.label],
          ["seq", `${Math.min(...seqs)} to ${Math.max(...seqs)}`],
        ];
        if (this.axis === "time")
          rows.push([
            "time",
            `${isoTime(this.x[idx[0] as number] as number)} to ${isoTime(this.x[idx[idx.length - 1] as number] as number)}`,
          ]);
        rows.push(["", "click to zoom in"]);
        this.showTooltip(e, rows, `${thousands(count)} ${lane.label} events`);
      }
      return;
    }
    const span = this.spansDrawn.find((r) => px >= r.x0 - 1 && px <= r.x1 + 1 && py >= r.y0 && py <= r.y1);
    if (span !== undefined) {
      const ev = this.events;
      const a = this.actions.pairs[2 * span.j] as number;
      const b = this.actions.pairs[2 * span.j + 1] as number;
      const ms = (ev.time[b] as number) - (ev.time[a] as number);
      const id = ev.action[a] as number;
      this.showTooltip(
        e,
        [
          ["request", shown(entryOf(this.report, ev, a))],
          ["outcome", shown(entryOf(this.report, ev, b))],
          ["result", this.actions.succeeded[span.j] === 1 ? "succeeded" : "failed"],
          [
            "took",
            Number.isNaN(ms) ? `${thousands(b - a)} events (no timestamps)` : `${thousands(ms)} ms (${duration(ms)})`,
          ],
        ],
        `action ${shown(this.report.strings[id] as string)}`,
      );
      return;
    }
    const g = this.gapAt(px, py);
    if (g !== null) {
      const ev = this.events;
      const a = g.from;
      const b = g.to;
      const ms = (ev.time[b] as number) - (ev.time[a] as number);
      const rows: [string, string][] = [
        ["from", shown(entryOf(this.report, ev, a))],
        ["to", shown(entryOf(this.report, ev, b))],
        ["events apart", thousands(b - a)],
        ["time apart", Number.isNaN(ms) ? "no timestamps" : `${thousands(ms)} ms (${duration(ms)})`],
      ];
      if (g.marked) rows.push(["", `gives interrupt_latency_ms (${ruleText(this.run.latency)})`]);
      this.showTooltip(e, rows, g.marked ? "The interrupt latency's gap" : "Interrupt gap");
      return;
    }
    this.tooltip.hidden = true;
  }

  private listen(): void {
    const chart = this.chart;
    chart.addEventListener("pointermove", (e) => {
      if (this.drag !== null) {
        const dx = e.clientX - this.drag.x;
        if (Math.abs(dx) > 3) this.drag.moved = true;
        if (this.drag.moved) {
          const [v0, v1] = this.drag.view;
          const d = (-dx / this.width) * (v1 - v0);
          this.setView(v0 + d, v1 + d);
        }
        return;
      }
      this.hover(e);
    });
    chart.addEventListener("pointerleave", () => void (this.tooltip.hidden = true));
    chart.addEventListener("pointerdown", (e) => {
      this.drag = { x: e.clientX, view: [...this.view], moved: false };
      chart.setPointerCapture(e.pointerId);
    });
    chart.addEventListener("pointerup", (e) => {
      const drag = this.drag;
      this.drag = null;
      chart.releasePointerCapture(e.pointerId);
      if (drag === null || drag.moved) return;
      const [px, py] = this.pointer(e);
      const m = this.markAt(px, py);
      if (m === null) return;
      const lane = this.lanes[m.lane] as Lane;
      if (m.to - m.from === 1) this.select(lane.order[m.from] as number);
      else {
        const a = this.x[lane.order[m.from] as number] as number;
        const b = this.x[lane.order[m.to - 1] as number] as number;
        const pad = Math.max((b - a) * 0.1, this.minSpan());
        this.setView(a - pad, b + pad);
      }
    });
    chart.addEventListener(
      "wheel",
      (e) => {
        e.preventDefault();
        const [px] = this.pointer(e);
        const [v0, v1] = this.view;
        const at = v0 + ((px - LABEL_W) / this.width) * (v1 - v0);
        this.zoom(e.deltaY < 0 ? 1.5 : 1 / 1.5, Math.min(Math.max(at, v0), v1));
      },
      { passive: false },
    );
    this.frame.addEventListener("keydown", (e) => this.key(e));
  }

  /** The keyboard: events, kinds, zoom and pan. */
  private key(e: KeyboardEvent): void {
    const ev = this.events;
    const n = ev.count;
    const i = this.selected;
    let handled = true;
    if (e.shiftKey && (e.key === "ArrowLeft" || e.key === "ArrowRight")) this.pan(e.key === "ArrowLeft" ? -0.25 : 0.25);
    else if (e.key === "ArrowRight") this.select(i < 0 ? this.firstInView() : Math.min(i + 1, n - 1));
    else if (e.key === "ArrowLeft") this.select(i < 0 ? this.firstInView() : Math.max(i - 1, 0));
    else if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      if (i < 0) this.select(this.firstInView());
      else {
        const k = ev.kind[i];
        const step = e.key === "ArrowDown" ? 1 : -1;
        let j = i + step;
        while (j >= 0 && j < n && ev.kind[j] !== k) j += step;
        if (j >= 0 && j < n) this.select(j);
      }
    } else if (e.key === "Home") this.select(0);
    else if (e.key === "End") this.select(n - 1);
    else if (e.key === "+" || e.key === "=") this.zoom(2);
    else if (e.key === "-" || e.key === "_") this.zoom(0.5);
    else if (e.key === "0") this.reset();
    else if (e.key === "Escape") this.select(-1);
    else handled = false;
    if (handled) e.preventDefault();
  }

  private firstInView(): number {
    for (let i = 0; i < this.events.count; i++) if (this.inView(i)) return i;
    return 0;
  }
}

/** The latency as the page words it: milliseconds, or events under the index rule. */
export function latencyText(run: Run): string {
  const ms = run.obs?.interrupt_latency_ms ?? null;
  if (ms === null) return "null";
  if (run.latency?.rule === "index") return `${thousands(ms)} (events apart: the index rule)`;
  return `${thousands(ms)} ms (${duration(ms)})`;
}

/** Which rule gave the latency, in words. */
export function ruleText(lat: LatencyPair | null): string {
  if (lat === null) return "no pair";
  if (lat.rule === "timestamps") return "the Oris 0.3 rule: the largest Resumed − Interrupted timestamp gap";
  if (lat.rule === "checkpoints")
    return "the Oris 0.3 rule for checkpoints: the largest gap between consecutive checkpoints";
  return "the index rule: the first Resumed's position minus the first Interrupted's";
}

/** The first index in `order` whose position is ≥ `v`. */
function lowerBound(order: Int32Array, x: Float64Array, v: number): number {
  let lo = 0;
  let hi = order.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((x[order[mid] as number] as number) < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Round numbers from `a` to `b`, at most about `max` of them. */
function numberTicks(a: number, b: number, max: number): number[] {
  const span = Math.max(b - a, 1);
  const raw = span / max;
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw) ?? 10 * p;
  const out: number[] = [];
  for (let t = Math.ceil(a / Math.max(step, 1)) * Math.max(step, 1); t <= b; t += Math.max(step, 1))
    if (t >= 1) out.push(t);
  return out;
}

const TIME_STEPS = [
  1, 2, 5, 10, 20, 50, 100, 200, 500, 1e3, 2e3, 5e3, 1e4, 15e3, 3e4, 6e4, 12e4, 3e5, 6e5, 9e5, 18e5, 36e5, 72e5, 108e5,
  216e5, 432e5, 864e5, 1728e5, 6048e5,
];

/** Time ticks at round UTC times, labelled `HH:MM:SS`, with milliseconds or dates as the span asks. */
function timeTicks(a: number, b: number, max: number): { at: number; label: string }[] {
  const span = b - a;
  const step = TIME_STEPS.find((s) => span / s <= max) ?? Math.ceil(span / max / 864e5) * 864e5;
  const out: { at: number; label: string }[] = [];
  for (let t = Math.ceil(a / step) * step; t <= b; t += step) {
    const iso = isoTime(t);
    const label = step < 1000 ? iso.slice(11, 23) : step < 864e5 ? iso.slice(11, 19) : iso.slice(0, 10);
    out.push({ at: t, label });
  }
  return out;
}
