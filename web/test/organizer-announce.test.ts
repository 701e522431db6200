// An organizer logs in, creates a jam on the hello track, publishes it and posts an
// announcement; a spectator who has the new jam's page open sees it arrive live.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { axe, horizontalOverflow, markDocument, newContext, screenshot, watchErrors } from "./support/browser.ts";
import { webStackForFile } from "./support/stack.ts";

// No pushes here: the grading worker is not needed (queue health shows zero workers).
const env = webStackForFile("organizer", { worker: false });

describe("organizer", () => {
  it("creates and publishes a jam, and an announcement reaches an open spectator page live", async () => {
    const password = fs.readFileSync(path.join(env.stack.dataDir, "organizer-password"), "utf8").trim();
    const org = await newContext(env.browser, env.stack.url);
    const admin = await org.newPage();
    const adminErrors = watchErrors(admin);
    await admin.goto("/login?next=/admin");
    expect((await axe(admin, "log-in page")).serious).toEqual([]);
    await admin.getByLabel("Username").fill("admin");
    await admin.getByLabel("Password").fill(password);
    await admin.getByRole("button", { name: "Log in" }).click();
    await admin.getByRole("heading", { name: "Organize", level: 1 }).waitFor();
    await admin.getByTestId("queue").waitFor();
    expect((await axe(admin, "organizer home")).serious).toEqual([]);

    await admin.getByRole("link", { name: "New jam" }).click();
    await admin.getByRole("heading", { name: "New jam" }).waitFor();
    await admin.getByLabel("Title").fill("Friday Night Jam");
    await admin.getByLabel("Slug").fill("friday-jam");
    await admin.getByLabel("Track").selectOption("hello");
    await admin.getByLabel("Description").fill("Two stages, one hour, bring snacks.");
    await admin.getByLabel("Scoring mode").selectOption("points");
    await admin.getByLabel("First-solve bonus").fill("50");
    await admin.getByRole("button", { name: "Create draft" }).click();

    await admin.getByRole("heading", { name: "Friday Night Jam", level: 1 }).waitFor();
    await admin.getByText("Draft", { exact: true }).first().waitFor();
    await screenshot(admin, "organizer-jam-editor", { fullPage: true });
    expect((await axe(admin, "organizer jam editor")).serious).toEqual([]);
    await admin.getByRole("button", { name: "Publish" }).click();
    await admin.getByRole("button", { name: "Pause" }).waitFor();

    const created = await fetch(`${env.stack.url}/api/v1/jams/friday-jam`).then((r) => r.json());
    expect(created.jam).toMatchObject({
      title: "Friday Night Jam",
      track: "hello",
      phase: "running",
      scoring: { mode: "points", options: { firstSolveBonus: 50 } },
    });

    // A spectator (no account) has the new jam open.
    const viewer = await newContext(env.browser, env.stack.url);
    const spectator = await viewer.newPage();
    const spectatorErrors = watchErrors(spectator);
    await spectator.goto("/jams/friday-jam");
    await spectator.getByRole("heading", { name: "Friday Night Jam", level: 1 }).waitFor();
    await spectator.locator('[data-live="live"]').waitFor();
    expect(await spectator.getByTestId("announcement-banner").count()).toBe(0);
    const stillSamePage = await markDocument(spectator);

    await admin.getByLabel("Message to everyone watching").fill("Stage 2 is worth double tonight. Good luck!");
    await admin.getByRole("button", { name: "Post announcement" }).click();
    await admin.getByText("Posted ✓").waitFor();

    await spectator.getByTestId("announcement-banner").getByText("Stage 2 is worth double tonight").waitFor();
    await spectator.getByTestId("announcements").getByText("Stage 2 is worth double tonight").waitFor();
    await spectator.getByTestId("activity").getByText("Stage 2 is worth double tonight").waitFor();
    expect(await stillSamePage()).toBe(true);
    expect(await horizontalOverflow(spectator)).toBeLessThanOrEqual(0);

    await admin.goto("/admin/queue");
    await admin.getByTestId("queue").getByText("Workers").waitFor();
    expect((await axe(admin, "queue page")).serious).toEqual([]);
    await admin.goto("/admin/tracks/hello");
    await admin.locator(".track-stage summary", { hasText: "Echo your arguments" }).waitFor();
    expect((await axe(admin, "track preview")).serious).toEqual([]);
    expect(adminErrors).toEqual([]);
    expect(spectatorErrors).toEqual([]);
    await org.close();
    await viewer.close();
  });
});
