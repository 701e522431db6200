import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { axe, horizontalOverflow, markDocument, newContext, screenshot, watchErrors } from "./support/browser.ts";
import { watchMoves } from "./support/flip.ts";
import { commitSolution, commitStageOneOnly, commitStarter, joinAndClone, push } from "./support/participants.ts";
import { webStackForFile } from "./support/stack.ts";

const env = webStackForFile("spectator");

const row = (page: Page, username: string) => page.locator(`tr[data-username="${username}"]`);
const ranks = (page: Page) =>
  page
    .locator("tbody tr[data-username]")
    .evaluateAll((rows) =>
      rows.map((r) => `${(r as HTMLElement).dataset.username}:${r.querySelector(".col-rank")?.textContent}`),
    );

describe("spectator", () => {
  it("sees a completion appear on the live board without reloading", async () => {
    // Ada solved the track, bob failed stage 1, dee and then cleo have only joined (ties at
    // zero are ordered by join time, so cleo starts at the bottom). Only ada's push depends
    // on the slower echo stage, and nothing below depends on her getting it.
    const ada = await joinAndClone(env.stack, env.work, "ada");
    await commitSolution(ada);
    expect((await push(ada)).code).toBe(0);
    const bob = await joinAndClone(env.stack, env.work, "bob");
    await commitStarter(bob);
    expect((await push(bob)).code).toBe(0);
    await joinAndClone(env.stack, env.work, "dee");
    const cleo = await joinAndClone(env.stack, env.work, "cleo");
    await commitStageOneOnly(cleo);

    const ctx = await newContext(env.browser, env.stack.url);
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    await page.goto("/jams/hello-demo");
    await page.locator('[data-live="live"]').waitFor();
    await row(page, "ada").locator("td.col-stage.solved").first().waitFor();
    await row(page, "cleo").locator('[data-testid="score"]', { hasText: /^0$/ }).waitFor();
    expect((await ranks(page)).map((r) => r.split(":")[0])).toEqual(["ada", "bob", "dee", "cleo"]);
    const stillSamePage = await markDocument(page);
    // Rows that change place glide there (FLIP): record them.
    const movedRows = await watchMoves(page);

    // Cleo completes stage 1 with a real push (stage 2 then fails: her program only greets).
    const pushed = await push(cleo);
    expect(pushed.code, pushed.stderr).toBe(0);
    expect(pushed.stderr).toMatch(/✓ hello-world passed/);

    // The board refetches on leaderboard.changed: cleo's row climbs to second with 1 stage.
    await row(page, "cleo").locator('[data-testid="score"]', { hasText: /^1$/ }).waitFor();
    await row(page, "cleo").locator("td.col-stage.solved").first().waitFor();
    await page.locator('tbody tr[data-username="cleo"] .col-rank', { hasText: /^2$/ }).waitFor();
    await page
      .locator('[data-testid="activity"] li', { hasText: /cleo passed stage 1: /i })
      .first()
      .waitFor();
    expect(await stillSamePage()).toBe(true);
    expect((await ranks(page)).map((r) => r.split(":")[0])).toEqual(["ada", "cleo", "bob", "dee"]);
    expect(await movedRows()).toEqual(expect.arrayContaining(["cleo", "bob", "dee"]));
    // Ada solved stage 1 first: her cell carries the first-solve star, cleo's does not.
    expect(await row(page, "ada").locator("td.col-stage").first().locator('[aria-label="first solve"]').count()).toBe(
      1,
    );
    expect(await row(page, "cleo").locator('[aria-label="first solve"]').count()).toBe(0);

    await page.locator(".chart canvas").first().waitFor();
    await screenshot(page, "leaderboard");
    const a11y = await axe(page, "jam page");
    expect(a11y.serious).toEqual([]);
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it("fits a 375 px phone screen", async () => {
    const ctx = await newContext(env.browser, env.stack.url, 375, 812);
    const page = await ctx.newPage();
    await page.goto("/jams/hello-demo");
    await row(page, "cleo").waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, "leaderboard-375", { fullPage: true });
    await page.goto("/");
    await page.getByRole("link", { name: /Hello, BSOD/ }).waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await ctx.close();
  });

  it("shows the board in TV mode and as a transparent overlay", async () => {
    const ctx = await newContext(env.browser, env.stack.url, 1600, 900);
    const page = await ctx.newPage();
    await page.goto("/jams/hello-demo/tv");
    await row(page, "cleo").waitFor();
    await page.locator('[data-live="live"]').waitFor();
    await screenshot(page, "tv-mode");
    expect((await axe(page, "TV mode")).serious).toEqual([]);

    await page.goto("/jams/hello-demo/overlay?top=2");
    await row(page, "ada").waitFor();
    expect((await axe(page, "overlay")).serious).toEqual([]);
    expect(await page.locator("tbody tr[data-username]").count()).toBe(2);
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(bg).toBe("rgba(0, 0, 0, 0)");
    await ctx.close();
  });

  it("has an accessible home page and participant page", async () => {
    const ctx = await newContext(env.browser, env.stack.url);
    const page = await ctx.newPage();
    await page.goto("/");
    await page.getByRole("link", { name: /Hello, BSOD/ }).waitFor();
    expect((await axe(page, "home")).serious).toEqual([]);

    await page.goto("/jams/hello-demo/u/cleo");
    await page.getByRole("heading", { name: "Timeline" }).waitFor();
    await page.locator(".timeline li", { hasText: "Passed stage 1: Hello, BSOD!" }).waitFor();
    expect((await axe(page, "participant page")).serious).toEqual([]);
    await ctx.close();
  });
});
