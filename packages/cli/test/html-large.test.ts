import { statSync, writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { foreignRequests, openReport, startBrowser, type Browser } from "./browser.js";
import { runBin, tempDir } from "./helpers.js";

// A run of 100,000 events: the report draws it aggregated (a mark per few
// pixels, not an element per event), stays usable, and its file grows with
// the events. How long it takes to draw is measured by `pnpm bench`
// (BENCHMARKS.md), not here.

const EVENTS = 100_000;
let browser: Browser;
const tmp = tempDir();
beforeAll(async () => {
  browser = await startBrowser();
});
afterAll(async () => {
  await browser?.close();
  tmp.dispose();
});

/** A long run, deterministic: steps, actions that succeed or fail, interrupts now and then, timestamps moving on. */
function longTrace(events: number): string {
  let x = 7;
  const random = (): number => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
  let t = 1_714_557_600_000;
  let out = "";
  let action = 0;
  for (let seq = 1; seq <= events;) {
    const step = `step-${seq % 97}`;
    const kinds: [string, string | null][] = [["StateUpdated", null]];
    if (random() < 0.02) kinds.push(["Interrupted", null], ["Resumed", null]);
    action++;
    kinds.push(
      ["ActionRequested", `a-${action}`],
      [random() < 0.06 ? "ActionFailed" : "ActionSucceeded", `a-${action}`],
    );
    for (const [kind, id] of kinds) {
      if (seq > events) break;
      t += kind === "Resumed" ? Math.floor(random() * 60_000) : Math.floor(random() * 400);
      out += `{"run_id":"run-long","seq":${seq},"step_id":"${step}","action_id":${id === null ? "null" : `"${id}"`},"kind":"${kind}","timestamp_ms":${t}}\n`;
      seq++;
    }
  }
  return out;
}

async function reportOf(events: number): Promise<{
  file: string;
  json: { replay_cost: number; interrupt_latency_ms: number | null; reasoning_timeline: string[] };
}> {
  const input = tmp.path(`long-${events}.ndjson`);
  writeFileSync(input, longTrace(events));
  const file = tmp.path(`long-${events}.html`);
  const r = await runBin(["-p", "0.3", "--format", "html", "--output", file, input]);
  expect(r.status).toBe(0);
  const json = await runBin(["-p", "0.3", input]);
  return { file, json: JSON.parse(json.stdout) };
}

describe("a run of 100,000 events", () => {
  it("is drawn aggregated, a mark per few pixels, and stays usable", async () => {
    const { file, json } = await reportOf(EVENTS);
    const opened = await openReport(browser, file);
    const page = opened.page;
    expect(await page.locator('[data-field="replay_cost"] [data-json]').textContent()).toBe(String(json.replay_cost));
    expect(await page.locator('[data-field="interrupt_latency_ms"] [data-json]').textContent()).toBe(
      JSON.stringify(json.interrupt_latency_ms),
    );
    // Hundreds of gaps: the one that gives the latency and the 10 longest come first, the rest folded away.
    const marked = page.locator("table.gaps tbody tr.marked");
    expect(await marked.count()).toBe(1);
    const msApart = (await marked.locator("td").nth(2).textContent())?.replaceAll(",", "");
    expect(Number(msApart)).toBe(json.interrupt_latency_ms);
    expect(await page.locator("table.gaps tbody tr").count()).toBeLessThanOrEqual(11);
    expect(await page.locator("table.gaps-all tbody tr").count()).toBeGreaterThan(11);
    const drawn = async (): Promise<{ marks: number; many: number; lanes: number; width: number }> =>
      page.evaluate(() => ({
        marks: document.querySelectorAll(".chart .mark").length,
        many: document.querySelectorAll(".chart .mark.many").length,
        lanes: document.querySelectorAll(".chart .lane").length,
        width: Number(document.querySelector(".chart")?.getAttribute("width")),
      }));
    const whole = await drawn();
    // At most one mark per 3 pixels of each lane: the page's size does not grow with the events.
    expect(whole.marks).toBeLessThanOrEqual(whole.lanes * Math.ceil(whole.width / 3));
    expect(whole.many).toBeGreaterThan(0);
    expect(await page.locator(".chart-status").textContent()).toMatch(/action spans in view: zoom in to draw them/);
    // Clicking a mark that stands for many events zooms in on them.
    await page.locator(".chart .mark.many").first().click();
    await expect.poll(() => page.locator(".chart-status").textContent()).toMatch(/^Zoomed in: /);
    await page.locator('button[data-action="reset"]').click();
    // Zooming in, by keyboard, separates the events again.
    await page.locator(".chart-frame").focus();
    await page.keyboard.press("End");
    expect(await page.locator('.details dd[data-name="entry"]').textContent()).toBe(
      json.reasoning_timeline[json.reasoning_timeline.length - 1],
    );
    for (let i = 0; i < 14; i++) await page.keyboard.press("=");
    const zoomed = await drawn();
    expect(zoomed.marks - zoomed.many).toBeGreaterThan(0);
    expect(await page.locator(".chart .span").count()).toBeGreaterThan(0);
    expect(foreignRequests(opened, file)).toEqual([]);
    expect(opened.errors).toEqual([]);
    await page.close();
  });

  it("makes a file that grows with the events, a few bytes each", async () => {
    const sizes = new Map<number, number>();
    for (const n of [1, 10_000, 20_000]) sizes.set(n, statSync((await reportOf(n)).file).size);
    const base = sizes.get(1) as number;
    const per10k = ((sizes.get(10_000) as number) - base) / 10_000;
    const per20k = ((sizes.get(20_000) as number) - base) / 20_000;
    // Linear in the events (the same bytes per event at both sizes), and compact: under 40 bytes an event.
    expect(per10k).toBeLessThan(40);
    expect(Math.abs(per20k - per10k) / per10k).toBeLessThan(0.15);
  });
});
