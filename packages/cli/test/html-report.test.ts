import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { foreignRequests, openReport, startBrowser, type Browser, type OpenedReport } from "./browser.js";
import { ROOT, runBin, tempDir } from "./helpers.js";

// The HTML report (`--format html`) opened from disk in a real Chromium:
// every number it shows is compared with what `--format json` prints for
// the same input, and nothing it does may reach the network.

let browser: Browser;
const tmp = tempDir();
beforeAll(async () => {
  browser = await startBrowser();
});
afterAll(async () => {
  await browser?.close();
  tmp.dispose();
});

interface Observability {
  reasoning_timeline: string[] | null;
  lease_graph: [string, string][] | null;
  replay_cost: number | null;
  interrupt_latency_ms: number | null;
}
interface RunRecord {
  run_id: string;
  observability?: Observability | null;
  error?: string;
}

let made = 0;
/** Runs oris-observe with `--format html --output FILE`; the file's path. */
async function report(args: readonly string[]): Promise<string> {
  const file = tmp.path(`report-${made++}.html`);
  const r = await runBin([...args, "--format", "html", "--output", file]);
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  return file;
}

/** What `--format json` prints, parsed (one document, or one per line). */
async function jsonOf(args: readonly string[]): Promise<unknown[]> {
  const r = await runBin(args);
  expect(r.status).toBe(0);
  return r.stdout
    .trimEnd()
    .split("\n")
    .map((l) => JSON.parse(l) as unknown);
}

/** Opens a report; at the end of the test, no request left the page and nothing went wrong in it. */
async function open(file: string, hash = ""): Promise<OpenedReport> {
  const opened = await openReport(browser, file, hash);
  opened.page.on("close", () => undefined);
  checks.push(() => {
    expect(foreignRequests(opened, file)).toEqual([]);
    expect(opened.errors).toEqual([]);
    expect(opened.dialogs).toEqual([]);
  });
  return opened;
}
let checks: (() => void)[] = [];
async function settle(): Promise<void> {
  const pending = checks;
  checks = [];
  for (const check of pending) check();
  for (const p of browser.context.pages()) await p.close();
}

const text = async (opened: OpenedReport, selector: string): Promise<string> =>
  ((await opened.page.locator(selector).first().textContent()) ?? "").trim();

/** The four fields as the page shows them: the JSON text of each value, the timeline's entries. */
async function shownFields(opened: OpenedReport): Promise<Observability> {
  const page = opened.page;
  const value = async (field: string): Promise<unknown> =>
    JSON.parse(await text(opened, `[data-field="${field}"] [data-json]`));
  let timeline: string[] | null = null;
  if ((await page.locator('[data-field="reasoning_timeline"] [data-json]').count()) === 0) {
    await page.locator('[data-field="reasoning_timeline"] summary').click();
    timeline = await page.locator('[data-field="reasoning_timeline"] ol li').allTextContents();
    const count = Number((await text(opened, '[data-field="reasoning_timeline"] [data-count]')).replaceAll(",", ""));
    expect(count).toBe(timeline.length);
  }
  return {
    reasoning_timeline: timeline,
    lease_graph: (await value("lease_graph")) as [string, string][] | null,
    replay_cost: (await value("replay_cost")) as number | null,
    interrupt_latency_ms: (await value("interrupt_latency_ms")) as number | null,
  };
}

/** The row of the gaps table marked as the one that gave interrupt_latency_ms: [Interrupted, Resumed, events apart, ms apart]. */
async function markedGap(opened: OpenedReport): Promise<string[]> {
  const rows = opened.page.locator("table.gaps tbody tr.marked");
  expect(await rows.count()).toBe(1);
  expect(await opened.page.locator(".chart .gap.marked").count()).toBe(1);
  return (await rows.first().locator("th, td").allTextContents()).slice(0, 4);
}

interface TraceEvent {
  run_id: string;
  seq: number;
  step_id: string | null;
  action_id: string | null;
  kind: string;
  timestamp_ms?: number;
}
const ndjson = (events: readonly TraceEvent[]): string => events.map((e) => `${JSON.stringify(e)}\n`).join("");
const entry = (e: TraceEvent, profile: string): string =>
  `${e.kind}#${e.seq}${profile === "0.3" && (e.step_id ?? e.action_id) !== null ? `(${e.step_id ?? e.action_id})` : ""}`;

/** A run whose interrupts test the pairing: a gap replaced by a later Interrupted, a tie, one without a timestamp, a Resumed with nothing to resume. */
function interruptTrace(runId = "run-gaps"): TraceEvent[] {
  const e = (seq: number, kind: string, ms: number | null, step: string | null = null): TraceEvent => ({
    run_id: runId,
    seq,
    step_id: step,
    action_id: null,
    kind,
    ...(ms === null ? {} : { timestamp_ms: ms }),
  });
  return [
    e(1, "StateUpdated", 1000, "plan"),
    e(2, "Interrupted", 2000, "approve-1"),
    e(3, "Resumed", 2100, "approve-1"),
    e(4, "Interrupted", 3000, "approve-2"),
    e(5, "Interrupted", 3200, "approve-2"),
    e(6, "Resumed", 3700, "approve-2"),
    e(7, "Interrupted", null, "approve-3"),
    e(8, "Resumed", 9000, "approve-3"),
    e(9, "Interrupted", 10000, "approve-4"),
    e(10, "Resumed", 10500, "approve-4"),
    e(11, "Resumed", 20000),
    e(12, "Completed", 20001),
  ];
}

const EXAMPLE = "examples/run.ndjson";
const exampleEvents = (): TraceEvent[] =>
  readFileSync(join(ROOT, EXAMPLE), "utf8")
    .trimEnd()
    .split("\n")
    .map((l) => JSON.parse(l) as TraceEvent);

describe("a trace's report", () => {
  it.each(["0.2", "0.3"])(
    "shows the four fields exactly as --format json prints them (profile %s)",
    async (profile) => {
      const [json] = (await jsonOf(["-p", profile, EXAMPLE])) as Observability[];
      const opened = await open(await report(["-p", profile, EXAMPLE]));
      expect(await shownFields(opened)).toEqual(json);
      expect(await text(opened, '[data-field="profile"] code')).toBe(profile);
      await settle();
    },
  );

  it("of an empty trace ([]): the empty result, and no timeline", async () => {
    const input = tmp.write("empty.json", "[]\n");
    const [json] = (await jsonOf([input])) as Observability[];
    expect(json?.reasoning_timeline).toBeNull();
    const opened = await open(await report([input]));
    expect(await shownFields(opened)).toEqual(json);
    expect(await text(opened, "#chart-summary")).toBe("No events.");
    expect(await opened.page.locator(".chart").count()).toBe(0);
    await settle();
  });

  it.each(["0.2", "0.3"])(
    "marks the Interrupted→Resumed pair that gave interrupt_latency_ms (profile %s)",
    async (profile) => {
      const events = interruptTrace();
      const input = tmp.write(`gaps-${profile}.ndjson`, ndjson(events));
      const [json] = (await jsonOf(["-p", profile, input])) as Observability[];
      const opened = await open(await report(["-p", profile, input]));
      expect(await shownFields(opened)).toEqual(json);
      const [interrupted, resumed, eventsApart, msApart] = await markedGap(opened);
      const latency = json?.interrupt_latency_ms ?? null;
      expect(latency).not.toBeNull();
      if (profile === "0.2") {
        // The index rule: the first Resumed's position minus the first Interrupted's.
        const first = events.findIndex((e) => e.kind === "Interrupted");
        const firstResumed = events.findIndex((e) => e.kind === "Resumed");
        expect([interrupted, resumed]).toEqual([
          entry(events[first] as TraceEvent, profile),
          entry(events[firstResumed] as TraceEvent, profile),
        ]);
        expect(Number(eventsApart)).toBe(latency);
      } else {
        // The 0.3 rule: of each Resumed with the latest Interrupted before it (both timed), the first largest gap.
        let pending: TraceEvent | null = null;
        let best: [TraceEvent, TraceEvent] | null = null;
        for (const e of events) {
          if (e.kind === "Interrupted") pending = e;
          else if (e.kind === "Resumed") {
            const p = pending;
            pending = null;
            if (p?.timestamp_ms === undefined || e.timestamp_ms === undefined || e.timestamp_ms < p.timestamp_ms)
              continue;
            if (
              best === null ||
              e.timestamp_ms - p.timestamp_ms > (best[1].timestamp_ms as number) - (best[0].timestamp_ms as number)
            )
              best = [p, e];
          }
        }
        expect(best).not.toBeNull();
        const [a, b] = best as [TraceEvent, TraceEvent];
        expect([interrupted, resumed]).toEqual([entry(a, profile), entry(b, profile)]);
        expect(Number(msApart?.replaceAll(",", ""))).toBe(latency);
      }
      // The text alternative names the same pair.
      expect(await text(opened, "#chart-summary")).toContain(`from ${interrupted} to ${resumed}`);
      // Every Interrupted→Resumed pair is listed: one row per Resumed that had an Interrupted before it.
      expect(await opened.page.locator("table.gaps tbody tr").count()).toBe(4);
      await settle();
    },
  );

  it("places events by timestamp when every event has one, by position otherwise, and says which", async () => {
    const example = await open(await report([EXAMPLE]));
    expect(await text(example, "#axis-note")).toBe("Events are placed by timestamp_ms: every event has one.");
    expect(await text(example, ".axis-title")).toBe("time (UTC)");
    await example.page.getByLabel("position").check();
    expect(await text(example, ".axis-title")).toBe("event number");
    const events = interruptTrace();
    const untimed = events.filter((e) => e.timestamp_ms === undefined).length;
    expect(untimed).toBeGreaterThan(0);
    const opened = await open(await report([tmp.write("untimed.ndjson", ndjson(events))]));
    expect(await text(opened, "#axis-note")).toBe(
      `Events are placed by their position in the run: ${untimed} of ${events.length} events have no timestamp_ms.`,
    );
    expect(await text(opened, ".axis-title")).toBe("event number");
    expect(await opened.page.getByLabel("position").count()).toBe(0);
    await settle();
  });

  it("hovering a mark shows that event's fields", async () => {
    const events = exampleEvents();
    const [json] = (await jsonOf(["-p", "0.3", EXAMPLE])) as Observability[];
    const opened = await open(await report(["-p", "0.3", EXAMPLE]));
    const page = opened.page;
    const marks = page.locator(".chart .mark");
    expect(await marks.count()).toBe(events.length); // 17 events, none closer than a mark's width
    const seen: string[] = [];
    for (let m = 0; m < events.length; m++) {
      const box = await marks.nth(m).boundingBox();
      if (box === null) throw new Error("a mark is not drawn");
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await expect.poll(() => page.locator(".tooltip").isVisible()).toBe(true);
      const title = await text(opened, ".tooltip strong");
      const fields = await page.locator(".tooltip dl").evaluate((dl) => {
        const out: Record<string, string> = {};
        dl.querySelectorAll("dt").forEach(
          (dt) => (out[dt.textContent ?? ""] = dt.nextElementSibling?.textContent ?? ""),
        );
        return out;
      });
      const i = (json?.reasoning_timeline ?? []).indexOf(title);
      expect(i).toBeGreaterThanOrEqual(0);
      const e = events[i] as TraceEvent;
      expect(fields).toMatchObject({
        entry: title,
        kind: e.kind,
        seq: String(e.seq),
        run_id: e.run_id,
        step_id: e.step_id ?? "null",
        action_id: e.action_id ?? "null",
      });
      expect(fields["timestamp_ms"]).toBe(`${e.timestamp_ms} (${new Date(e.timestamp_ms as number).toISOString()})`);
      seen.push(title);
    }
    expect(seen.sort()).toEqual([...(json?.reasoning_timeline ?? [])].sort());
    // Each action span joins a request to the outcome of its action_id.
    const spans = page.locator(".chart .spans rect.span");
    const requests = events.filter((e) => e.kind === "ActionRequested");
    expect(await spans.count()).toBe(requests.length);
    const joined: string[] = [];
    for (let n = 0; n < requests.length; n++) {
      const box = await spans.nth(n).boundingBox();
      if (box === null) throw new Error("a span is not drawn");
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await expect.poll(() => text(opened, ".tooltip strong")).toMatch(/^action /);
      const id = (await text(opened, ".tooltip strong")).slice("action ".length);
      const request = events.findIndex((e) => e.kind === "ActionRequested" && e.action_id === id);
      const outcome = events.findIndex(
        (e) => (e.kind === "ActionSucceeded" || e.kind === "ActionFailed") && e.action_id === id,
      );
      const tip = await text(opened, ".tooltip");
      expect(tip).toContain(`request${json?.reasoning_timeline?.[request]}`);
      expect(tip).toContain(`outcome${json?.reasoning_timeline?.[outcome]}`);
      expect(tip).toContain(`result${events[outcome]?.kind === "ActionSucceeded" ? "succeeded" : "failed"}`);
      joined.push(id);
    }
    expect(joined.sort()).toEqual(requests.map((e) => e.action_id).sort());
    // The marked gap tells where it comes from.
    const gap = await page.locator(".chart .gap.marked").boundingBox();
    if (gap === null) throw new Error("no marked gap");
    await page.mouse.move(gap.x + gap.width / 2, gap.y + gap.height - 4);
    await expect.poll(() => text(opened, ".tooltip strong")).toBe("The interrupt latency's gap");
    expect(await text(opened, ".tooltip")).toContain("gives interrupt_latency_ms");
    await settle();
  });

  it("is used from the keyboard: Tab reaches every control, arrow keys walk the events", async () => {
    const events = exampleEvents();
    const [json] = (await jsonOf(["-p", "0.3", EXAMPLE])) as Observability[];
    const timeline = json?.reasoning_timeline ?? [];
    const opened = await open(await report(["-p", "0.3", EXAMPLE]));
    const page = opened.page;
    const reached: string[] = [];
    for (let tab = 0; tab < 30; tab++) {
      await page.keyboard.press("Tab");
      const what = await page.evaluate(() => {
        const a = document.activeElement;
        return a === null
          ? ""
          : `${a.tagName.toLowerCase()}:${a.getAttribute("data-action") ?? a.getAttribute("value") ?? a.getAttribute("aria-roledescription") ?? a.textContent?.trim().slice(0, 30)}`;
      });
      reached.push(what);
      if (what === "div:timeline") break;
    }
    expect(reached).toEqual(
      expect.arrayContaining([
        "summary:17 entries, one per event",
        "button:zoom-in",
        "button:zoom-out",
        "button:reset",
        "input:time",
        "div:timeline",
      ]),
    );
    const selected = (): Promise<string> => text(opened, '.details dd[data-name="entry"]');
    await page.keyboard.press("ArrowRight");
    expect(await selected()).toBe(timeline[0]);
    await page.keyboard.press("ArrowRight");
    expect(await selected()).toBe(timeline[1]);
    await page.keyboard.press("End");
    expect(await selected()).toBe(timeline[timeline.length - 1]);
    await page.keyboard.press("Home");
    expect(await selected()).toBe(timeline[0]);
    // Down: the next event of the same kind.
    const next = events.findIndex((e, i) => i > 0 && e.kind === events[0]?.kind);
    await page.keyboard.press("ArrowDown");
    expect(await selected()).toBe(timeline[next]);
    await page.keyboard.press("ArrowUp");
    expect(await selected()).toBe(timeline[0]);
    expect(await text(opened, ".chart-status")).toMatch(/^Whole run shown/);
    await page.keyboard.press("=");
    expect(await text(opened, ".chart-status")).toMatch(/^Zoomed in: /);
    await page.keyboard.press("0");
    expect(await text(opened, ".chart-status")).toMatch(/^Whole run shown/);
    // The buttons do the same, by keyboard too.
    await page.locator('button[data-action="zoom-in"]').focus();
    await page.keyboard.press("Enter");
    expect(await text(opened, ".chart-status")).toMatch(/^Zoomed in: /);
    await page.locator('button[data-action="reset"]').focus();
    await page.keyboard.press("Space");
    expect(await text(opened, ".chart-status")).toMatch(/^Whole run shown/);
    await settle();
  });
});

describe("the mouse", () => {
  it("zooms with the wheel, pans by dragging, selects by clicking", async () => {
    const [json] = (await jsonOf(["-p", "0.3", EXAMPLE])) as Observability[];
    const opened = await open(await report(["-p", "0.3", EXAMPLE]));
    const page = opened.page;
    const status = (): Promise<string> => text(opened, ".chart-status");
    const box = await page.locator(".chart").boundingBox();
    if (box === null) throw new Error("no chart");
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2);
    await page.mouse.wheel(0, -300);
    await expect.poll(status).toMatch(/^Zoomed in: /);
    const zoomed = await status();
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    await expect.poll(status).not.toBe(zoomed);
    expect(await status()).toMatch(/^Zoomed in: /);
    await page.locator('button[data-action="reset"]').click();
    expect(await status()).toMatch(/^Whole run shown/);
    const last = page.locator(".chart .mark").last();
    await last.click();
    const entry = await text(opened, '.details dd[data-name="entry"]');
    expect(json?.reasoning_timeline).toContain(entry);
    await page.locator(".chart-frame").press("Escape");
    expect(await text(opened, ".details")).toContain("None.");
    await settle();
  });
});

describe("a checkpoint history's report", () => {
  it("shows the fields, the lease graph and the gap between checkpoints that gave interrupt_latency_ms", async () => {
    const args = [
      "--checkpoints",
      "examples/checkpoints.json",
      "--run-id",
      "run-7f3a9c",
      "-p",
      "0.3",
      "--lease",
      "attempt-1=worker-a",
      "--lease",
      "attempt-2=worker-a",
    ];
    const [json] = (await jsonOf(args)) as Observability[];
    const opened = await open(await report(args));
    expect(await shownFields(opened)).toEqual(json);
    const lease = (await opened.page.locator(".lease-list li").allTextContents()).map((t) => t.split(" → "));
    expect(lease).toEqual(json?.lease_graph);
    // The largest gap between consecutive checkpoints, from the input.
    const history = JSON.parse(readFileSync(join(ROOT, "examples/checkpoints.json"), "utf8")) as {
      checkpoint_id: string;
      created_at: string;
    }[];
    let k = 1;
    for (let j = 1; j < history.length; j++) {
      const gap = (j: number): number =>
        Date.parse((history[j] as { created_at: string }).created_at) -
        Date.parse((history[j - 1] as { created_at: string }).created_at);
      if (gap(j) > gap(k)) k = j;
    }
    const from = `CheckpointSaved#${k}(${history[k - 1]?.checkpoint_id})`;
    const to = `CheckpointSaved#${k + 1}(${history[k]?.checkpoint_id})`;
    expect(await text(opened, "#chart-summary")).toContain(`from ${from} to ${to}`);
    expect(await opened.page.locator(".chart .gap.marked").count()).toBe(1);
    expect(await opened.page.locator("table.checkpoints tbody th + td").allTextContents()).toEqual(
      history.map((c) => c.checkpoint_id),
    );
    await settle();
  });
});

/** Several interleaved runs: different lengths, some interrupted, one without timestamps. */
function manyRuns(): TraceEvent[] {
  const out: TraceEvent[] = [];
  const runs = ["run-c", "run-a", "run-e", "run-b", "run-d", "run-f"];
  for (let round = 0; round < 12; round++) {
    runs.forEach((id, r) => {
      if (round >= 3 + r * 2) return;
      const seq = round + 1;
      const kind =
        round % 5 === 1 && r % 2 === 0
          ? "Interrupted"
          : round % 5 === 2 && r % 2 === 0
            ? "Resumed"
            : round === 0
              ? "StateUpdated"
              : "ActionRequested";
      out.push({
        run_id: id,
        seq,
        step_id: `s${round}`,
        action_id: null,
        kind,
        ...(id === "run-e" ? {} : { timestamp_ms: 1_700_000_000_000 + r * 977 + round * (1000 + r * 150) }),
      });
    });
  }
  return out;
}

/** The index's rows: per run id, the values of its cells. */
async function indexRows(
  opened: OpenedReport,
): Promise<
  { id: string; events: string; replay_cost: string; interrupt_latency_ms: string; first: string; last: string }[]
> {
  return opened.page.locator("table.runs tbody tr").evaluateAll((rows) =>
    rows.map((tr) => {
      const cell = (c: string): string => tr.querySelector(`[data-col="${c}"]`)?.getAttribute("data-value") ?? "";
      return {
        id: tr.querySelector('[data-col="id"]')?.textContent ?? "",
        events: cell("events"),
        replay_cost: cell("replay_cost"),
        interrupt_latency_ms: cell("interrupt_latency_ms"),
        first: cell("first"),
        last: cell("last"),
      };
    }),
  );
}

describe("a report of many runs", () => {
  it("--by-run: an index whose rows are the NDJSON records, sorted by any column by mouse or keyboard", async () => {
    const events = manyRuns();
    const input = tmp.write("many.ndjson", ndjson(events));
    const records = (await jsonOf(["--by-run", "-p", "0.3", input])) as RunRecord[];
    const opened = await open(await report(["--by-run", "-p", "0.3", input]));
    const rows = await indexRows(opened);
    // Sorted by run id at first, as the records are.
    expect(rows.map((r) => r.id)).toEqual(records.map((r) => r.run_id));
    for (const record of records) {
      const row = rows.find((r) => r.id === record.run_id);
      const o = record.observability as Observability;
      const mine = events.filter((e) => e.run_id === record.run_id);
      const times = mine.flatMap((e) => (e.timestamp_ms === undefined ? [] : [e.timestamp_ms]));
      expect(row).toEqual({
        id: record.run_id,
        events: String(o.reasoning_timeline?.length ?? 0),
        replay_cost: JSON.stringify(o.replay_cost),
        interrupt_latency_ms: JSON.stringify(o.interrupt_latency_ms),
        first: times.length > 0 ? String(times[0]) : "",
        last: times.length > 0 ? String(times[times.length - 1]) : "",
      });
    }
    const page = opened.page;
    const order = async (col: "events" | "interrupt_latency_ms" | "last"): Promise<(number | null)[]> =>
      (await indexRows(opened)).map((r) => (r[col] === "" || r[col] === "null" ? null : Number(r[col])));
    const sorted = (values: (number | null)[], ascending: boolean): (number | null)[] => {
      const present = values.filter((v): v is number => v !== null).sort((a, b) => (ascending ? a - b : b - a));
      return [...present, ...values.filter((v) => v === null)];
    };
    // By mouse: ascending, then descending.
    await page.locator('button[data-sort="events"]').click();
    expect(await order("events")).toEqual(sorted(await order("events"), true));
    expect(await page.locator('th:has(button[data-sort="events"])').getAttribute("aria-sort")).toBe("ascending");
    await page.locator('button[data-sort="events"]').click();
    expect(await order("events")).toEqual(sorted(await order("events"), false));
    expect(await page.locator('th:has(button[data-sort="events"])').getAttribute("aria-sort")).toBe("descending");
    // By keyboard: the latency (runs without one last), then the last time.
    await page.locator('button[data-sort="interrupt_latency_ms"]').focus();
    await page.keyboard.press("Enter");
    const latencies = await order("interrupt_latency_ms");
    expect(latencies).toEqual(sorted(latencies, true));
    expect(latencies.filter((v) => v !== null).length).toBeGreaterThan(1);
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    const last = await order("last");
    expect(last).toEqual(sorted(last, true));
    expect(last).toContain(null);
    await settle();
  });

  it("--by-run: a run that cannot be derived is listed with its error record's message, the others with theirs", async () => {
    const events: TraceEvent[] = [
      {
        run_id: "run-far",
        seq: 1,
        step_id: null,
        action_id: null,
        kind: "Interrupted",
        timestamp_ms: -9007199254740991,
      },
      { run_id: "run-far", seq: 2, step_id: null, action_id: null, kind: "Resumed", timestamp_ms: 9007199254740991 },
      { run_id: "run-ok", seq: 1, step_id: null, action_id: null, kind: "Interrupted", timestamp_ms: 5 },
      { run_id: "run-ok", seq: 2, step_id: null, action_id: null, kind: "Resumed", timestamp_ms: 9 },
    ];
    const input = tmp.write("far.ndjson", ndjson(events));
    const asJson = await runBin(["--by-run", "-p", "0.3", input]);
    expect(asJson.status).toBe(65);
    const records = asJson.stdout
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l) as RunRecord);
    const file = tmp.path("far.html");
    const asHtml = await runBin(["--by-run", "-p", "0.3", "--format", "html", "--output", file, input]);
    expect(asHtml.status).toBe(asJson.status);
    expect(asHtml.stderr).toBe(asJson.stderr);
    const opened = await open(file);
    const status = await opened.page.locator('table.runs tbody [data-col="status"]').allTextContents();
    expect(status).toEqual(records.map((r) => ("error" in r ? `error: ${r.error}` : "ok")));
    const failed = records.findIndex((r) => "error" in r);
    const run = await open(file, `#run=${failed}`);
    expect(await text(run, ".error")).toBe(`This run could not be derived: ${records[failed]?.error}`);
    const fine = records.findIndex((r) => !("error" in r));
    const ok = await open(file, `#run=${fine}`);
    expect(await shownFields(ok)).toEqual(records[fine]?.observability);
    await settle();
  });

  it("--db: each run id opens its timeline (by keyboard), with its record's fields", async () => {
    const records = (await jsonOf(["--db", "examples/oris.sqlite3", "-p", "0.3"])) as RunRecord[];
    const file = await report(["--db", "examples/oris.sqlite3", "-p", "0.3"]);
    const opened = await open(file);
    const page = opened.page;
    expect((await indexRows(opened)).map((r) => r.id)).toEqual(records.map((r) => r.run_id));
    for (const record of records) {
      await page.getByRole("link", { name: record.run_id, exact: true }).focus();
      await page.keyboard.press("Enter");
      await expect.poll(() => text(opened, "#run-title code")).toBe(record.run_id);
      expect(await shownFields(opened)).toEqual(record.observability);
      await page.getByRole("link", { name: "← All runs" }).click();
      await expect.poll(() => page.locator("table.runs").count()).toBe(1);
    }
    await settle();
  });

  it("--db --source checkpoints: a run without checkpoints has no observability, as the server sends none", async () => {
    const args = ["--db", "examples/oris.sqlite3", "--source", "checkpoints", "-p", "0.3"];
    const records = (await jsonOf(args)) as RunRecord[];
    const empty = records.findIndex((r) => r.observability === null);
    expect(empty).toBeGreaterThanOrEqual(0);
    const file = await report(args);
    const index = await open(file);
    expect(await text(index, `tr:nth-child(${empty + 1}) [data-col="status"]`)).toBe(
      "no observability (no checkpoints)",
    );
    const opened = await open(file, `#run=${empty}`);
    expect(await text(opened, '[data-field="observability"] [data-json]')).toBe("null");
    for (const [i, record] of records.entries()) {
      if (record.observability === null) continue;
      const run = await open(file, `#run=${i}`);
      expect(await shownFields(run)).toEqual(record.observability);
    }
    await settle();
  });
});

describe("text from the input", () => {
  it("is shown as text, never run: markup, quotes, script end tags and bidirectional controls in ids and kinds", async () => {
    const id = `</script><script>alert(1)</script>"'<!-- \u{1f600} é \u202e evil`;
    const events: TraceEvent[] = [
      { run_id: id, seq: 1, step_id: "<b>bold</b>", action_id: null, kind: "Interrupted", timestamp_ms: 1000 },
      {
        run_id: id,
        seq: 2,
        step_id: null,
        action_id: null,
        kind: "Res</script><img src=x onerror=alert(2)>umed",
        timestamp_ms: 1250,
      },
      { run_id: "plain", seq: 1, step_id: null, action_id: "a&amp;", kind: "Resumed" },
    ];
    const input = tmp.write("hostile.ndjson", ndjson(events));
    const records = (await jsonOf(["--by-run", "-p", "0.3", input])) as RunRecord[];
    const file = await report(["--by-run", "-p", "0.3", input]);
    // The data cannot end its element: the page holds exactly its own two end tags of scripts.
    expect(readFileSync(file, "utf8").split("</script>").length - 1).toBe(2);
    const escaped = id.replace("\u202e", "\\u202e");
    const index = await open(file);
    expect((await indexRows(index)).map((r) => r.id)).toEqual(
      records.map((r) => r.run_id.replace("\u202e", "\\u202e")),
    );
    const at = records.findIndex((r) => r.run_id === id);
    const run = await open(file, `#run=${at}`);
    expect(await text(run, "#run-title code")).toBe(escaped);
    expect(await run.page.locator("table.kinds tbody th").allTextContents()).toEqual(["Interrupted", events[1]?.kind]);
    await run.page.locator('[data-field="reasoning_timeline"] summary').click();
    expect(await run.page.locator('[data-field="reasoning_timeline"] ol li').allTextContents()).toEqual(
      records[at]?.observability?.reasoning_timeline,
    );
    expect(await run.page.locator("img").count()).toBe(0);
    await settle();
  });
});

describe("the page and the network", () => {
  it("makes no request but for its own file, and its policy refuses any its script would make", async () => {
    const file = await report(["-p", "0.3", EXAMPLE]);
    const html = readFileSync(file, "utf8");
    expect(html).toMatch(
      /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'sha256-[^']+'; style-src 'sha256-[^']+';/,
    );
    expect(html).not.toMatch(/\b(?:src|href)="(?:https?:)?\/\//);
    const opened = await openReport(browser, file, "", { intercept: false });
    expect(foreignRequests(opened, file)).toEqual([]);
    const outcome = await opened.page.evaluate(async () => {
      const img = new Image();
      img.src = "http://127.0.0.1:9/pixel.png";
      try {
        await fetch("http://127.0.0.1:9/data");
        return "fetched";
      } catch {
        return "refused";
      }
    });
    expect(outcome).toBe("refused");
    // Chromium may announce the image before refusing it; the page's policy is what refuses it (not the offline network).
    for (const url of foreignRequests(opened, file)) {
      await expect.poll(() => opened.failed.get(url)).toBe("csp");
    }
    expect(opened.errors.length).toBeGreaterThan(0);
    expect(opened.errors.every((e) => /Content Security Policy/.test(e))).toBe(true);
    await opened.page.close();
  });
});

describe("bad input and options", () => {
  it("fails as --format json fails, writing nothing", async () => {
    const input = tmp.write(
      "bad.ndjson",
      '{"run_id":"r1","seq":1,"step_id":null,"action_id":null,"kind":"Interrupted"}\n{"run_id":"r1","seq":"2","step_id":null,"action_id":null,"kind":"Resumed"}\n',
    );
    const asJson = await runBin([input]);
    const out = tmp.path("never.html");
    const asHtml = await runBin([input, "--format", "html", "--output", out]);
    expect(asJson.status).toBe(65);
    expect(asHtml.status).toBe(asJson.status);
    expect(asHtml.stderr).toBe(asJson.stderr);
    expect(existsSync(out)).toBe(false);
    const check = await runBin(["--check", "--format", "html", input]);
    expect(check.status).toBe(64);
    expect(check.stderr).toContain("--check only validates: it cannot be combined with --format");
  });

  it("--skip-invalid: the report holds the valid events, as the JSON result does", async () => {
    const input = tmp.write(
      "skip.ndjson",
      '{"run_id":"r1","seq":1,"step_id":null,"action_id":null,"kind":"Interrupted"}\nnot json\n{"run_id":"r1","seq":3,"step_id":null,"action_id":null,"kind":"Resumed"}\n',
    );
    const r = await runBin([input, "--skip-invalid"]);
    const [json] = r.stdout
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l) as Observability);
    const file = tmp.path("skip.html");
    const html = await runBin([input, "--skip-invalid", "--format", "html", "--output", file]);
    expect(html.status).toBe(r.status);
    expect(html.stderr).toBe(r.stderr);
    const opened = await open(file);
    expect(await shownFields(opened)).toEqual(json);
    await settle();
  });
});
