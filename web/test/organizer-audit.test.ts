// An organizer's actions show up in the console's audit log: who, what, when.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { axe, newContext, watchErrors } from "./support/browser.ts";
import { webStackForFile } from "./support/stack.ts";

const env = webStackForFile("audit", { worker: false });

describe("the audit log in the console", () => {
  it("lists the organizer's pause and resume of a jam, newest first", async () => {
    const password = fs.readFileSync(path.join(env.stack.dataDir, "organizer-password"), "utf8").trim();
    const ctx = await newContext(env.browser, env.stack.url);
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    await page.goto("/login?next=/admin/jams/hello-demo");
    await page.getByLabel("Username").fill("admin");
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.getByRole("heading", { name: "Audit log" }).waitFor();
    await page.getByText("No organizer actions yet.").waitFor();

    await page.getByRole("button", { name: "Pause" }).click();
    await page.getByRole("button", { name: "Resume" }).click();
    await page.getByRole("button", { name: "Pause" }).waitFor();
    const rows = page.getByTestId("audit-entry");
    await rows.nth(1).waitFor();
    expect(await rows.nth(0).innerText()).toMatch(/admin\s+resumed/);
    expect(await rows.nth(1).innerText()).toMatch(/admin\s+paused/);
    expect((await axe(page, "organizer jam page with audit log")).serious).toEqual([]);

    await page.goto("/admin");
    await page.getByRole("heading", { name: "Audit log" }).waitFor();
    await page.getByTestId("audit-entry").first().waitFor();
    expect(await page.getByTestId("audit-entry").first().innerText()).toMatch(/admin\s+resumed\s+hello-demo/);
    expect(errors).toEqual([]);
    await ctx.close();
  });
});
