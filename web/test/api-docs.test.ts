// The API reference (/api/docs) renders in Chromium: every operation of the OpenAPI document is
// listed, an operation opens to show its request body, the page runs under the api's CSP with
// nothing refused, and every file it loads comes from the api itself (no CDN).
import { describe, expect, it } from "vitest";
import { newContext, screenshot, watchErrors } from "./support/browser.ts";
import { webStackForFile } from "./support/stack.ts";

const env = webStackForFile("api-docs", { worker: false });

describe("the API reference", () => {
  it("lists every operation of the document, from files the api serves, under its CSP", async () => {
    const doc = (await (await fetch(`${env.stack.url}/api/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const operations = Object.values(doc.paths).reduce((n, methods) => n + Object.keys(methods).length, 0);
    expect(operations).toBeGreaterThan(40);

    const ctx = await newContext(env.browser, env.stack.url);
    await ctx.addInitScript(() => {
      const w = window as unknown as { __csp: string[] };
      w.__csp = [];
      document.addEventListener("securitypolicyviolation", (e) => {
        w.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber})`);
      });
    });
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    const origins = new Set<string>();
    page.on("request", (req) => {
      if (!req.url().startsWith("data:")) origins.add(new URL(req.url()).origin);
    });

    const res = await page.goto("/api/docs");
    expect(res?.status()).toBe(200);
    await page.getByRole("heading", { name: /bsod API/ }).waitFor();
    const blocks = page.locator(".opblock");
    await expect.poll(() => blocks.count()).toBe(operations);
    // Grouped by tag, each with its method and path.
    await page.locator('.opblock-tag[data-tag="auth"]').waitFor();
    const signup = page.locator("#operations-auth-postApiV1AuthSignup");
    await expect.poll(() => signup.locator(".opblock-summary-method").textContent()).toBe("POST");
    expect(await signup.locator(".opblock-summary-path").textContent()).toContain("/api/v1/auth/signup");

    await screenshot(page, "api-docs");

    // Opening an operation shows the JSON body the route parses.
    await signup.locator(".opblock-summary-control").click();
    const body = signup.locator(".opblock-section-request-body");
    await body.waitFor();
    expect(await body.textContent()).toContain("application/json");
    await expect.poll(() => signup.locator(".body-param__example").textContent()).toContain('"username"');

    expect(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)).toEqual([]);
    expect(errors).toEqual([]);
    expect([...origins]).toEqual([new URL(env.stack.url).origin]);
    await ctx.close();
  });
});
