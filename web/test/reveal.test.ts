// A jam night's animated reveal as a spectator sees it on the big screen: closed until the organizers
// reveal the board, then the frozen board and one solve per press of Space, in the order that
// api/test/reveal.test.ts computes by hand, rows gliding to their places (and not, with reduced
// motion). The organizer's page links to it. And the jam page pages through a board longer than a page.

import { boardChanged, call, judged, organizerToken, signUp } from "@bsod/api/testing";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { axe, newContext, screenshot, watchErrors } from "./support/browser.ts";
import { watchMoves } from "./support/flip.ts";
import { judgeFreezeNight } from "./support/participants.ts";
import { webStackForFile } from "./support/stack.ts";

// No pushes: results are applied directly, so no grading worker is needed.
const env = webStackForFile("reveal", { worker: false });
const MIN = 60_000;
const STAGES = ["hello-world", "echo"];

const order = (page: Page) =>
  page
    .locator("tbody tr[data-username]")
    .evaluateAll((rows) =>
      rows.map((r) => `${r.querySelector(".col-rank")?.textContent} ${(r as HTMLElement).dataset.username}`),
    );

describe("reveal", () => {
  let admin: string;
  const slug = "icpc-night";

  it("stays closed to spectators until the organizers reveal the board", async () => {
    admin = await organizerToken(env.stack);
    const startsAt = Date.now() - 120 * MIN;
    const created = await call(
      env.stack,
      "POST",
      "/admin/jams",
      {
        slug,
        track: "hello",
        title: "ICPC Night",
        startsAt,
        endsAt: startsAt + 600 * MIN,
        freezeAt: startsAt + 60 * MIN,
        scoring: { mode: "stages", options: { penalty: { minutesPerFailure: 20 } } },
      },
      admin,
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect((await call(env.stack, "POST", `/admin/jams/${slug}/publish`, {}, admin)).status).toBe(200);
    for (const name of ["ann", "bob", "cat", "dan", "eve"]) {
      const token = await signUp(env.stack, name);
      expect((await call(env.stack, "POST", `/jams/${slug}/enroll`, { language: "python" }, token)).status).toBe(201);
    }
    const jam = await env.stack.api.deps.db
      .selectFrom("jams")
      .selectAll()
      .where("slug", "=", slug)
      .executeTakeFirstOrThrow();
    // The ICPC case of api/test/reveal.test.ts: frozen at minute 60.
    await judgeFreezeNight(env.stack, jam);

    const ctx = await newContext(env.browser, env.stack.url);
    const page = await ctx.newPage();
    await page.goto(`/jams/${slug}/reveal`);
    await page.getByRole("heading", { name: "No reveal to show" }).waitFor();
    await page.getByText(/The board is still frozen: the reveal opens when the organizers reveal it\./).waitFor();
    await page.goto(`/jams/${slug}`);
    await page.locator('tr[data-username="eve"]').waitFor();
    expect(await page.getByRole("link", { name: "Watch the reveal" }).count()).toBe(0);
    await ctx.close();
  });

  it("links the organizer to a rehearsal and the spectators to the reveal", async () => {
    const ctx = await newContext(env.browser, env.stack.url);
    await ctx.addCookies([{ name: "bsod_session", value: admin, url: env.stack.url }]);
    const page = await ctx.newPage();
    await page.goto(`/admin/jams/${slug}`);
    await page.getByRole("link", { name: "Rehearse the animated reveal" }).click();
    await page.getByText("Rehearsal: only organizers see this").waitFor();
    await page.getByTestId("reveal-status").getByText("4 solves to reveal").waitFor();

    expect((await call(env.stack, "POST", `/admin/jams/${slug}/reveal`, {}, admin)).status).toBe(200);
    await page.goto(`/admin/jams/${slug}`);
    await page.getByRole("link", { name: "Animated reveal" }).waitFor();
    await ctx.close();
  });

  it("starts from the frozen board and reveals one solve per press of Space", async () => {
    const ctx = await newContext(env.browser, env.stack.url, 1600, 900);
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    await page.goto(`/jams/${slug}`);
    await page.getByRole("link", { name: "Watch the reveal" }).click();
    const status = page.getByTestId("reveal-status");
    await status.getByText("The board as it froze. 4 solves to reveal.").waitFor();
    expect(await order(page)).toEqual(["1 bob", "2 ann", "3 cat", "3 dan", "3 eve"]);
    expect((await axe(page, "reveal")).serious).toEqual([]);
    const moved = await watchMoves(page);

    // dan's hello-world: the row stands out, the cell turns, then the row moves above cat.
    await page.keyboard.press("Space");
    await page.locator('tr.revealing[data-username="dan"]').waitFor();
    await page.locator('tr[data-username="dan"] td.col-stage.solved.revealed').waitFor();
    await status.getByText(/^Step 1 of 4: dan solved stage 1, Hello, BSOD!, stays 3rd, 0 → 1 stages\.$/).waitFor();
    expect(await order(page)).toEqual(["1 bob", "2 ann", "3 dan", "4 cat", "4 eve"]);

    await page.keyboard.press("Space");
    await status.getByText(/^Step 2 of 4: cat solved stage 1/).waitFor();
    expect(await order(page)).toEqual(["1 bob", "2 ann", "3 cat", "4 dan", "5 eve"]);

    await page.keyboard.press("Space");
    await status.getByText(/^Step 3 of 4: cat solved stage 2, Echo your arguments, 3rd → 2nd/).waitFor();
    expect(await order(page)).toEqual(["1 bob", "2 cat", "3 ann", "4 dan", "5 eve"]);
    await page.locator('tr.revealing[data-username="cat"]').waitFor();
    // The rows have landed: FLIP clears a row's transition when it ends.
    await page.waitForFunction(() =>
      [...document.querySelectorAll<HTMLElement>("tbody tr")].every((r) => !r.style.transition),
    );
    await screenshot(page, "reveal");

    await page.getByRole("button", { name: "Next solve" }).click();
    await status.getByText(/^Step 4 of 4: ann solved stage 2.* All solves are revealed/).waitFor();
    expect(await order(page)).toEqual(["1 bob", "2 ann", "3 cat", "4 dan", "5 eve"]);
    expect(await page.getByRole("button", { name: "Next solve" }).isDisabled()).toBe(true);
    expect(await moved()).toEqual(expect.arrayContaining(["dan", "cat", "ann"]));
    expect((await axe(page, "reveal, all revealed")).serious).toEqual([]);
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it("applies each step at once, without gliding rows, for viewers who prefer reduced motion", async () => {
    const ctx = await env.browser.newContext({ baseURL: env.stack.url, reducedMotion: "reduce" });
    const page = await ctx.newPage();
    await page.goto(`/jams/${slug}/reveal`);
    const status = page.getByTestId("reveal-status");
    await status.getByText("4 solves to reveal").waitFor();
    const moved = await watchMoves(page);
    await page.keyboard.press("ArrowRight");
    await status.getByText(/^Step 1 of 4: dan/).waitFor();
    for (let i = 0; i < 3; i++) await page.keyboard.press("Space");
    await status.getByText(/^Step 4 of 4/).waitFor();
    expect(await order(page)).toEqual(["1 bob", "2 ann", "3 cat", "4 dan", "5 eve"]);
    expect(await moved()).toEqual([]);

    await page.getByRole("button", { name: "Start over" }).click();
    await status.getByText("The board as it froze.", { exact: false }).waitFor();
    expect(await order(page)).toEqual(["1 bob", "2 ann", "3 cat", "3 dan", "3 eve"]);
    await page.getByLabel("Autoplay interval").selectOption("3");
    await page.getByLabel("Autoplay", { exact: true }).check();
    await status.getByText(/^Step 1 of 4: dan/).waitFor();
    await page.getByLabel("Autoplay", { exact: true }).uncheck();
    await ctx.close();
  });
});

describe("jam page board", () => {
  it("pages through a board longer than a page, and the page shown keeps updating", async () => {
    const db = env.stack.api.deps.db;
    const jam = await db.selectFrom("jams").selectAll().where("slug", "=", "hello-demo").executeTakeFirstOrThrow();
    // 130 participants, each one minute behind the one before on stage 1: places 1 to 130.
    const crowd = Array.from({ length: 130 }, (_, i) => ({
      id: `usr_crowd${i}`,
      username: `crowd${String(i).padStart(3, "0")}`,
    }));
    await db
      .insertInto("users")
      .values(
        crowd.map((u) => ({
          ...u,
          display_name: u.username,
          password_hash: null,
          role: "participant" as const,
          created_at: 1,
        })),
      )
      .execute();
    await db
      .insertInto("enrollments")
      .values(
        crowd.map((u, i) => ({
          id: `enr_crowd${i}`,
          jam_id: jam.id,
          user_id: u.id,
          language: "python",
          hidden: 0,
          created_at: i,
        })),
      )
      .execute();
    const solve = (userId: string, stage: string, minute: number) =>
      db
        .insertInto("stage_completions")
        .values({
          jam_id: jam.id,
          user_id: userId,
          stage_slug: stage,
          submission_id: `sub_${userId}`,
          completed_at: jam.starts_at + minute * MIN,
        })
        .execute();
    for (const [i, u] of crowd.entries()) await solve(u.id, "hello-world", i + 1);
    await boardChanged(env.stack.api.deps.redis, jam.id);

    const ctx = await newContext(env.browser, env.stack.url);
    const page = await ctx.newPage();
    await page.goto("/jams/hello-demo");
    await page.locator('tr[data-username="crowd000"]').waitFor();
    const pages = page.getByRole("navigation", { name: "Leaderboard pages" });
    await pages.getByText("Places 1–100 of 130 · page 1 of 2").waitFor();
    expect(await page.locator("tbody tr[data-username]").count()).toBe(100);
    await page.locator('[data-live="live"]').waitFor();

    await pages.getByRole("button", { name: "Next page →" }).click();
    await pages.getByText("Places 101–130 of 130 · page 2 of 2").waitFor();
    await page.locator('tr[data-username="crowd129"]').waitFor();
    expect((await order(page)).slice(0, 2)).toEqual(["101 crowd100", "102 crowd101"]);
    expect(await pages.getByRole("button", { name: "Next page →" }).isDisabled()).toBe(true);

    // The last one solves stage 2 and leaves for the top: the page shown follows, live.
    await solve("usr_crowd129", "echo", 200);
    await boardChanged(env.stack.api.deps.redis, jam.id);
    await page.locator('tbody tr[data-username="crowd099"] .col-rank', { hasText: /^101$/ }).waitFor();
    expect(await page.locator('tr[data-username="crowd129"]').count()).toBe(0);
    expect((await axe(page, "jam page, second page")).serious).toEqual([]);

    await pages.getByRole("button", { name: "← Previous page" }).click();
    await page.locator('tbody tr[data-username="crowd129"] .col-rank', { hasText: /^1$/ }).waitFor();
    await ctx.close();
  });
});
