import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type BrowserContext, type Page } from "playwright-core";

/** Debian's chromium (`apt-get install chromium`; .ci/run installs it). */
export const CHROMIUM = "/usr/bin/chromium";

/** Headless, and kept off the network: no background requests, no updates, no sync. */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/** A Chromium started for a test file, with a fresh profile removed at the end. */
export interface Browser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/** Starts Chromium, or fails with what to install: the browser tests are never skipped. */
export async function startBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: the HTML report's browser tests need Debian's chromium (apt-get install -y chromium fonts-liberation; .ci/run does it)`,
    );
  }
  const profile = mkdtempSync(join(tmpdir(), "oris-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    offline: true,
    viewport: { width: 1100, height: 900 },
    deviceScaleFactor: 1,
    colorScheme: "light",
    reducedMotion: "reduce",
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** An open report and what happened while it was open. */
export interface OpenedReport {
  readonly page: Page;
  /** Every request the page made, its own file included. */
  readonly requests: string[];
  /** Console messages of type error, and uncaught exceptions. */
  readonly errors: string[];
  /** Dialogs the page opened (alert, confirm, prompt): none is expected. */
  readonly dialogs: string[];
  /** Requests that failed, and why (`csp`: the page's own policy refused them). */
  readonly failed: Map<string, string>;
}

/**
 * Opens `file` from disk (`hash` appended), with every request recorded and
 * any that is not the file aborted (`intercept: false`: left to the page's
 * policy, in a browser that is offline anyway).
 */
export async function openReport(
  browser: Browser,
  file: string,
  hash = "",
  options: { intercept?: boolean } = {},
): Promise<OpenedReport> {
  const page = await browser.context.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  const dialogs: string[] = [];
  const failed = new Map<string, string>();
  const url = pathToFileURL(file).href;
  page.on("request", (r) => void requests.push(r.url()));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => void errors.push(`uncaught: ${e.message}`));
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  page.on("requestfailed", (r) => void failed.set(r.url(), r.failure()?.errorText ?? ""));
  if (options.intercept !== false)
    await page.route("**/*", (route) =>
      route.request().url().split("#")[0] === url ? route.continue() : route.abort(),
    );
  await page.goto(url + hash);
  await page.waitForFunction(() => performance.getEntriesByName("oris-report-rendered").length > 0);
  return { page, requests, errors, dialogs, failed };
}

/** The requests other than the report's own file. */
export function foreignRequests(opened: OpenedReport, file: string): string[] {
  const own = pathToFileURL(file).href;
  return opened.requests.filter((u) => u.split("#")[0] !== own);
}
