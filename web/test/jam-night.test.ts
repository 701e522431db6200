// A jam night on the big screen and around it: TV mode opened straight from its URL scrolls
// through a long board; a frozen board shows the cells tried after the freeze as pending; the
// reveal ends on a podium; after the reveal nothing says "frozen" any more, one indicator says
// the page is live, icons are SVGs (no emoji font needed), a run links back to its jam and stage,
// and times carry their zone.
import { call, judged, organizerToken, signUp } from "@bsod/api/testing";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { axe, newContext, screenshot, watchErrors } from "./support/browser.ts";
import { judgeFreezeNight } from "./support/participants.ts";
import { webStackForFile } from "./support/stack.ts";

// Results are applied directly: no grading worker.
const env = webStackForFile("jam-night", { worker: false });
const MIN = 60_000;
const STAGES = ["hello-world", "echo"];

async function createJam(slug: string, title: string, freeze: boolean) {
  const admin = await organizerToken(env.stack);
  const startsAt = Date.now() - 120 * MIN;
  const created = await call(
    env.stack,
    "POST",
    "/admin/jams",
    {
      slug,
      track: "hello",
      title,
      startsAt,
      endsAt: startsAt + 600 * MIN,
      ...(freeze ? { freezeAt: startsAt + 60 * MIN } : {}),
      scoring: { mode: "stages" },
    },
    admin,
  );
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  expect((await call(env.stack, "POST", `/admin/jams/${slug}/publish`, {}, admin)).status).toBe(200);
  const jam = await env.stack.api.deps.db
    .selectFrom("jams")
    .selectAll()
    .where("slug", "=", slug)
    .executeTakeFirstOrThrow();
  return { admin, jam };
}

async function enroll(slug: string, names: string[]): Promise<Record<string, string>> {
  const tokens: Record<string, string> = {};
  for (const name of names) {
    tokens[name] = await signUp(env.stack, name);
    const res = await call(env.stack, "POST", `/jams/${slug}/enroll`, { language: "python" }, tokens[name]);
    expect(res.status).toBe(201);
  }
  return tokens;
}

const rowOf = (page: Page, username: string) => page.locator(`tbody tr[data-username="${username}"]`);

describe("TV mode", () => {
  it("scrolls a long board when its URL is opened directly, as a big screen is set up", async () => {
    const { jam } = await createJam("tv-night", "TV Night", false);
    const names = Array.from({ length: 32 }, (_, i) => `viewer${String(i).padStart(2, "0")}`);
    await enroll("tv-night", names);
    // viewer00 first, viewer31 last: each one minute behind the one before.
    for (const [i, name] of names.entries()) await judged(env.stack, jam, name, i + 1, 1, STAGES);

    const ctx = await newContext(env.browser, env.stack.url, 1920, 1080);
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    await page.goto("/jams/tv-night/tv");
    await rowOf(page, "viewer31").waitFor({ state: "attached" });
    // Row 22 comes into view only if the board scrolls by itself.
    await page.waitForFunction(
      () => {
        const box = document.querySelector<HTMLElement>('[data-testid="tv-board"]');
        const row = document.querySelector('tbody tr[data-username="viewer21"]');
        if (!box || !row) return false;
        const r = row.getBoundingClientRect();
        const b = box.getBoundingClientRect();
        return box.scrollTop > 0 && r.top >= b.top && r.bottom <= b.bottom;
      },
      undefined,
      { timeout: 150_000 },
    );
    await screenshot(page, "tv-mode-1920-scrolled");
    expect(errors).toEqual([]);
    await ctx.close();
  }, 180_000);
});

describe("a frozen board and its reveal", () => {
  const slug = "freeze-night";
  let admin: string;
  let tokens: Record<string, string>;

  it("shows the cells tried after the freeze as pending, their results hidden", async () => {
    const made = await createJam(slug, "Freeze Night", true);
    admin = made.admin;
    tokens = await enroll(slug, ["ann", "bob", "cat", "dan"]);
    // Frozen at minute 60.
    await judgeFreezeNight(env.stack, made.jam);

    const ctx = await newContext(env.browser, env.stack.url, 1440, 900);
    const page = await ctx.newPage();
    await page.goto(`/jams/${slug}`);
    await page.getByTestId("freeze-banner").waitFor();
    const pending = (who: string) => rowOf(page, who).locator("td.col-stage.pending");
    await pending("cat").first().waitFor();
    expect(await pending("cat").count()).toBe(2); // both of cat's stages were solved after the freeze
    expect(await pending("ann").count()).toBe(1); // echo, after the freeze
    expect(await pending("bob").count()).toBe(0); // everything before it
    // dan failed hello-world before the freeze and solved it after; then failed echo.
    expect(await pending("dan").count()).toBe(2);
    expect(await pending("dan").first().textContent()).toMatch(/1 \+ 1 after freeze/);
    // Nothing after the freeze leaks: cat still has no solved stage on the public board.
    expect(await rowOf(page, "cat").locator("td.col-stage.solved").count()).toBe(0);
    expect((await axe(page, "frozen board with pending cells")).serious).toEqual([]);
    await screenshot(page, "frozen-board-pending");
    await ctx.close();
  });

  it("ends the reveal on a podium of the final top three", async () => {
    expect((await call(env.stack, "POST", `/admin/jams/${slug}/reveal`, {}, admin)).status).toBe(200);
    const ctx = await env.browser.newContext({
      baseURL: env.stack.url,
      viewport: { width: 1920, height: 1080 },
      reducedMotion: "reduce",
    });
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    await page.goto(`/jams/${slug}/reveal`);
    const status = page.getByTestId("reveal-status");
    await status.getByText("4 solves to reveal", { exact: false }).waitFor();
    // The frozen board of the reveal shows the pending cells too.
    expect(await rowOf(page, "cat").locator("td.col-stage.pending").count()).toBe(2);
    expect(await page.getByTestId("podium").count()).toBe(0);
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press("Space");
      await status.getByText(new RegExp(`^Step ${i + 1} of 4`)).waitFor();
    }
    const podium = page.getByTestId("podium");
    await podium.waitFor();
    const places = await podium
      .locator("li[data-username]")
      .evaluateAll((items) =>
        items.map((li) => `${/place-(\d)/.exec(li.className)?.[1]} ${(li as HTMLElement).dataset.username}`),
      );
    // Second, first, third from left to right: the winner in the middle.
    expect(places).toEqual(["2 ann", "1 bob", "3 cat"]);
    expect(await rowOf(page, "cat").locator("td.col-stage.pending").count()).toBe(0);
    expect((await axe(page, "reveal podium")).serious).toEqual([]);
    await screenshot(page, "podium");
    await page.getByRole("button", { name: "Show the whole board" }).click();
    expect(await podium.count()).toBe(0);
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it("after the reveal: no FROZEN badge, one live indicator, SVG icons, and a way back from a run", async () => {
    const announced = await call(
      env.stack,
      "POST",
      `/admin/jams/${slug}/announcements`,
      { body: "Pizza in the hall" },
      admin,
    );
    expect(announced.status, JSON.stringify(announced.body)).toBeLessThan(300);
    const ctx = await newContext(env.browser, env.stack.url, 1440, 900);
    await ctx.addCookies([{ name: "bsod_session", value: tokens.ann!, url: env.stack.url }]);
    const page = await ctx.newPage();
    await page.goto(`/jams/${slug}`);
    await rowOf(page, "cat").locator("td.col-stage.solved").first().waitFor();
    const badges = page.locator(".jam-badges");
    await badges.locator('[data-live="live"]').waitFor();
    expect(await badges.getByText("Frozen", { exact: true }).count()).toBe(0);
    expect(await page.getByTestId("freeze-banner").count()).toBe(0);
    expect(
      await page
        .locator(".jam-badges")
        .getByText(/^Live$/)
        .count(),
    ).toBe(1);
    // No emoji anywhere on the page; the announcement in the feed carries the SVG megaphone.
    await page.getByText("Pizza in the hall").first().waitFor();
    expect(await page.locator('svg[data-icon="megaphone"]').count()).toBeGreaterThan(0);
    expect(await page.locator("body").textContent()).not.toMatch(/[\u{1F300}-\u{1FAFF}\u2744\u23F8]/u);

    const sub = await env.stack.api.deps.db
      .selectFrom("submissions")
      .innerJoin("users", "users.id", "submissions.user_id")
      .select("submissions.id")
      .where("users.username", "=", "ann")
      .orderBy("submissions.created_at", "desc")
      .executeTakeFirstOrThrow();
    await page.goto(`/runs/${sub.id}`);
    const crumbs = page.getByRole("navigation", { name: "Breadcrumb" });
    const stageLink = crumbs.getByTestId("run-stage-link");
    await stageLink.waitFor();
    expect(await stageLink.getAttribute("href")).toBe(`/jams/${slug}/stages/echo`);
    await crumbs.getByRole("link", { name: "Freeze Night" }).click();
    await page.waitForURL(`**/jams/${slug}`);
    await page.getByRole("heading", { name: "Freeze Night" }).waitFor();
    await ctx.close();
  });

  it("shows times with their zone, in the browser's language, the jam editor's inputs too", async () => {
    const ctx = await env.browser.newContext({
      baseURL: env.stack.url,
      viewport: { width: 1440, height: 900 },
      timezoneId: "Asia/Tokyo",
      locale: "de-DE",
    });
    await ctx.addCookies([{ name: "bsod_session", value: admin, url: env.stack.url }]);
    const page = await ctx.newPage();
    await page.goto(`/admin/jams/${slug}`);
    await page.getByTestId("editor-zone").getByText("Asia/Tokyo (GMT+9)", { exact: false }).waitFor();
    await page.goto(`/jams/${slug}/u/ann`);
    // The timeline's dates: German month names and the zone.
    await expect.poll(() => page.locator(".timeline time").first().textContent()).toMatch(/GMT\+9/);
    expect(await page.locator(".timeline time").first().textContent()).toMatch(/\d{1,2}\. \w+/);
    await ctx.close();
  });
});
