// Headless Chromium for the e2e tests, plus the checks every page gets: axe (no serious or
// critical violations), no horizontal overflow at phone width, and screenshots.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { AxeBuilder } from "@axe-core/playwright";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const SCREENSHOTS =
  process.env.BSOD_SCREENSHOTS_DIR ?? fileURLToPath(new URL("../../screenshots/", import.meta.url));

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

export async function newContext(
  browser: Browser,
  baseURL: string,
  width = 1440,
  height = 900,
): Promise<BrowserContext> {
  const ctx = await browser.newContext({ baseURL, viewport: { width, height }, reducedMotion: "no-preference" });
  ctx.setDefaultTimeout(30_000);
  return ctx;
}

/** Collects uncaught page errors and failed requests so a test can say what broke. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (err) => errors.push(`pageerror: ${err.message}`));
  page.on("console", (msg) => {
    if (msg.type() !== "error") return;
    // Spectators ask /auth/me who they are; the api answers 401, which Chromium logs.
    if (msg.location().url.endsWith("/api/v1/auth/me") && msg.text().includes("401")) return;
    errors.push(`console: ${msg.text()} (${msg.location().url})`);
  });
  return errors;
}

export interface AxeSummary {
  page: string;
  serious: string[];
  minor: string[];
}

/** Runs axe; returns serious/critical violations (to assert empty) and the rest (to report). */
export async function axe(page: Page, label: string): Promise<AxeSummary> {
  const result = await new AxeBuilder({ page }).analyze();
  const fmt = (v: (typeof result.violations)[number]) =>
    `${v.impact} ${v.id}: ${v.help} — ${v.nodes
      .slice(0, 3)
      .map((n) => n.target.join(" "))
      .join(", ")}`;
  const serious = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map(fmt);
  const minor = result.violations.filter((v) => v.impact !== "serious" && v.impact !== "critical").map(fmt);
  const summary = { page: label, serious, minor };
  recordAxe(summary);
  return summary;
}

const AXE_LOG = fileURLToPath(new URL("../../artifacts/axe.jsonl", import.meta.url));
function recordAxe(summary: AxeSummary) {
  fs.mkdirSync(path.dirname(AXE_LOG), { recursive: true });
  fs.appendFileSync(AXE_LOG, `${JSON.stringify(summary)}\n`);
}

/** The page is no wider than its viewport (no sideways scrolling on a phone). */
export function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

export async function screenshot(page: Page, name: string, opts: { fullPage?: boolean } = {}) {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: opts.fullPage ?? false });
}

/** Marks the document; if the page reloads or navigates away, the mark is gone. */
export async function markDocument(page: Page): Promise<() => Promise<boolean>> {
  const token = Math.random().toString(36).slice(2);
  await page.evaluate((t) => {
    (window as unknown as { __bsodMark: string }).__bsodMark = t;
  }, token);
  return () => page.evaluate((t) => (window as unknown as { __bsodMark?: string }).__bsodMark === t, token);
}
