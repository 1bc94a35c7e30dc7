import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { foreignRequests, openReport, startBrowser, type Browser } from "./browser.js";
import { runBin, tempDir } from "./helpers.js";
import { decodePng, differingShare } from "./png.js";

// What the report looks like: the bundled example against a committed
// screenshot (shown in the README), and legibility in both system themes.
// The page's fonts are Liberation Sans and Mono, which Debian's chromium
// brings (fonts-liberation), so the pixels are the same on any machine that
// runs these tests with it.

/** The committed screenshot; `ORIS_UPDATE_SCREENSHOTS=1` rewrites it from this run. */
const REFERENCE = fileURLToPath(new URL("./__screenshots__/example.png", import.meta.url));
/** A pixel differs when a channel is off by more than this (anti-aliasing and font hinting move a few values a little)… */
const CHANNEL_TOLERANCE = 40;
/** …and the screenshots match when at most this share of pixels differs. */
const PIXEL_TOLERANCE = 0.005;

let browser: Browser;
const tmp = tempDir();
beforeAll(async () => {
  browser = await startBrowser();
});
afterAll(async () => {
  await browser?.close();
  tmp.dispose();
});

async function exampleReport(): Promise<string> {
  const file = tmp.path("example.html");
  const r = await runBin(["--profile", "0.3", "--format", "html", "--output", file, "examples/run.ndjson"]);
  expect(r.status).toBe(0);
  return file;
}

describe("the report of the bundled example", () => {
  it("looks as the committed screenshot does, within a tolerance", async () => {
    const file = await exampleReport();
    const opened = await openReport(browser, file);
    await opened.page.setViewportSize({ width: 1000, height: 1000 });
    await opened.page.evaluate(() => document.fonts.ready);
    await opened.page.mouse.move(0, 0);
    const shot = await opened.page.screenshot({ type: "png", animations: "disabled", caret: "hide" });
    expect(foreignRequests(opened, file)).toEqual([]);
    expect(opened.errors).toEqual([]);
    if (process.env["ORIS_UPDATE_SCREENSHOTS"] === "1") {
      mkdirSync(dirname(REFERENCE), { recursive: true });
      writeFileSync(REFERENCE, shot);
    }
    if (!existsSync(REFERENCE))
      throw new Error(`${REFERENCE} is missing: run the test with ORIS_UPDATE_SCREENSHOTS=1 to make it, and commit it`);
    const actual = decodePng(shot);
    const expected = decodePng(readFileSync(REFERENCE));
    expect({ width: actual.width, height: actual.height }).toEqual({ width: expected.width, height: expected.height });
    const share = differingShare(actual, expected, CHANNEL_TOLERANCE);
    if (share > PIXEL_TOLERANCE) {
      const saved = join(tmp.dir, "..", `oris-report-actual-${process.pid}.png`);
      writeFileSync(saved, shot);
      throw new Error(
        `${(share * 100).toFixed(2)} % of the pixels differ from ${REFERENCE} (at most ${PIXEL_TOLERANCE * 100} % may): this run's screenshot is ${saved}`,
      );
    }
    await opened.page.close();
  });

  it("tells a different page apart from the screenshot (the comparison can fail)", async () => {
    const file = tmp.path("other.html");
    const r = await runBin(["--profile", "0.2", "--format", "html", "--output", file, "examples/run.ndjson"]);
    expect(r.status).toBe(0);
    const opened = await openReport(browser, file);
    await opened.page.setViewportSize({ width: 1000, height: 1000 });
    const shot = decodePng(await opened.page.screenshot({ type: "png" }));
    expect(differingShare(shot, decodePng(readFileSync(REFERENCE)), CHANNEL_TOLERANCE)).toBeGreaterThan(
      PIXEL_TOLERANCE,
    );
    await opened.page.close();
  });
});

/** WCAG's relative luminance of `rgb(r, g, b)` (or `rgba`, alpha ignored). */
function luminance(css: string): number {
  const m = /rgba?\((\d+), (\d+), (\d+)/.exec(css);
  if (m === null) throw new Error(`not a colour: ${css}`);
  const [r, g, b] = [m[1], m[2], m[3]].map((v) => {
    const c = Number(v) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
const contrast = (a: string, b: string): number => {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p) as [number, number];
  return (x + 0.05) / (y + 0.05);
};

describe("themes", () => {
  it.each(["light", "dark"] as const)(
    "is readable in the %s system theme: text 4.5:1, marks 3:1 against their lane",
    async (scheme) => {
      const file = await exampleReport();
      const opened = await openReport(browser, file);
      await opened.page.emulateMedia({ colorScheme: scheme });
      const colours = await opened.page.evaluate(() => {
        const style = (el: Element | null): CSSStyleDeclaration => getComputedStyle(el as Element);
        const html = document.documentElement;
        return {
          background: style(html).backgroundColor,
          text: style(html).color,
          muted: style(document.querySelector(".source")).color,
          link: style(document.querySelector("a, button")).color,
          lanes: [...document.querySelectorAll(".chart .lane")].map((r) => style(r).fill),
          marks: [...document.querySelectorAll(".chart .lanes .swatch:not(.span)")].map((r) => style(r).fill),
          labels: style(document.querySelector(".chart .lane-label")).fill,
          marked: style(document.querySelector(".chart .gap-label")).fill,
        };
      });
      const bg = luminance(colours.background);
      if (scheme === "light") expect(bg).toBeGreaterThan(0.8);
      else expect(bg).toBeLessThan(0.05);
      for (const text of [colours.text, colours.muted, colours.link])
        expect(contrast(text, colours.background)).toBeGreaterThanOrEqual(4.5);
      for (const lane of colours.lanes) {
        expect(contrast(colours.labels, lane)).toBeGreaterThanOrEqual(4.5);
        expect(contrast(colours.marked, lane)).toBeGreaterThanOrEqual(4.5);
        for (const mark of colours.marks) expect(contrast(mark, lane), `${mark} on ${lane}`).toBeGreaterThanOrEqual(3);
      }
      expect(colours.marks.length).toBe(new Set(colours.marks).size); // a colour per kind
      expect(opened.errors).toEqual([]);
      await opened.page.close();
    },
  );
});
