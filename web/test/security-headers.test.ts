// The web app renders under its Content-Security-Policy with nothing refused (headless Chromium
// reports every violation), and only the stream overlay may be framed by another site.
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { newContext, watchErrors } from "./support/browser.ts";
import { webStackForFile } from "./support/stack.ts";

const env = webStackForFile("csp", { worker: false });

/** Records every CSP violation the page reports. */
async function watchCsp(ctx: BrowserContext) {
  await ctx.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener("securitypolicyviolation", (e) => {
      w.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber})`);
    });
  });
}

const violations = (page: Page) => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);

async function visit(page: Page, route: string, ready: () => Promise<unknown>) {
  const res = await page.goto(route);
  expect(res?.status(), route).toBe(200);
  await ready();
  expect(await violations(page), route).toEqual([]);
}

describe("security headers", () => {
  it("serves every page with a CSP, nosniff and no framing, and the app runs under it", async () => {
    const res = await fetch(`${env.stack.url}/jams/hello-demo`);
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    // PUBLIC_URL is plain http here: no HSTS (it would pin a name to https that has none)
    expect(res.headers.get("strict-transport-security")).toBeNull();
    const apiRes = await fetch(`${env.stack.url}/api/v1/jams`);
    expect(apiRes.headers.get("x-content-type-options")).toBe("nosniff");

    const ctx = await newContext(env.browser, env.stack.url);
    await watchCsp(ctx);
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    const h1 = () => page.locator("h1").first().waitFor();
    await visit(page, "/", () => page.getByText("Hello, BSOD — demo jam").first().waitFor());
    await visit(page, "/jams/hello-demo", () => page.locator('[data-live="live"]').waitFor());
    await visit(page, "/jams/hello-demo/stages/hello-world", () => page.locator(".markdown").waitFor());
    await visit(page, "/jams/hello-demo/tv", h1);
    await visit(page, "/jams/hello-demo/overlay", () => page.getByText("Hello, BSOD — demo jam").first().waitFor());
    await visit(page, "/login", h1);
    await visit(page, "/signup", h1);

    // An organizer's console
    const password = fs.readFileSync(path.join(env.stack.dataDir, "organizer-password"), "utf8").trim();
    await page.goto("/login?next=/admin");
    await page.getByLabel("Username").fill("admin");
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.getByRole("heading", { name: "Organize", level: 1 }).waitFor();
    expect(await violations(page)).toEqual([]);
    await visit(page, "/admin/queue", h1);
    await visit(page, "/admin/jams/hello-demo", () => page.getByRole("heading", { level: 1 }).waitFor());
    await visit(page, "/admin/tracks/hello", h1);
    await visit(page, "/account", h1);
    expect(errors.filter((e) => /Content Security Policy|Refused to/.test(e))).toEqual([]);
    await ctx.close();
  });

  it("lets another site frame the overlay, and nothing else", async () => {
    const res = await fetch(`${env.stack.url}/jams/hello-demo/overlay`);
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors *");
    expect(res.headers.get("x-frame-options")).toBeNull();

    // A page of another origin (another port on loopback) that frames both.
    const scene = http.createServer((_req, res) => {
      res.setHeader("content-type", "text/html");
      res.end(`<!doctype html><iframe id="overlay" src="${env.stack.url}/jams/hello-demo/overlay"></iframe>
               <iframe id="board" src="${env.stack.url}/jams/hello-demo"></iframe>`);
    });
    await new Promise<void>((resolve) => scene.listen(0, "127.0.0.1", resolve));
    const ctx = await newContext(env.browser, env.stack.url);
    const page = await ctx.newPage();
    await page.goto(`http://127.0.0.1:${(scene.address() as AddressInfo).port}/scene.html`);
    const overlay = page.frameLocator("#overlay");
    await overlay.getByText("Hello, BSOD — demo jam").first().waitFor();
    // The page's load waited for both frames: the refused one holds Chromium's error page, not the app.
    const board = await (await page.$("#board"))?.contentFrame();
    expect(board?.url()).toMatch(/^chrome-error:/);
    expect(await board?.locator("#root").count()).toBe(0);
    await ctx.close();
    scene.close();
  });
});
