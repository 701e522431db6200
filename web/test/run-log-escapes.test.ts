// An organizer reads a hostile participant's run log, then another participant's run: escape
// sequences in the output (as a run stored them before the worker neutralised its output) make
// no link, and a sequence one line leaves open blanks neither the lines after it nor the next run.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { appendRunEvent, call, createSubmission, signUp } from "@bsod/api/testing";
import { describe, expect, it } from "vitest";
import { newContext, watchErrors } from "./support/browser.ts";
import { webStackForFile } from "./support/stack.ts";

const env = webStackForFile("escapes", { worker: false });
const ESC = "\x1b";

/** A run of `username` whose events are `lines` of program output, then a failed stage. */
async function runWithOutput(username: string, lines: string[]): Promise<string> {
  const deps = env.stack.api.deps;
  const token = await signUp(env.stack, username);
  expect((await call(env.stack, "POST", "/jams/hello-demo/enroll", { language: "python" }, token)).status).toBe(201);
  const user = await deps.db
    .selectFrom("users")
    .select("id")
    .where("username", "=", username)
    .executeTakeFirstOrThrow();
  const jam = await deps.db.selectFrom("jams").selectAll().where("slug", "=", "hello-demo").executeTakeFirstOrThrow();
  const sub = await createSubmission(deps, {
    jam,
    userId: user.id,
    language: "python",
    commitSha: randomBytes(20).toString("hex"),
    ref: "refs/heads/main",
    // No worker grades it here: the run page shows the events written below.
    source: Buffer.from("not graded in this test"),
    manifest: undefined,
    counted: true,
  });
  await appendRunEvent(deps.redis, sub.id, { type: "run.started", attempt: 1, worker: "w" });
  await appendRunEvent(deps.redis, sub.id, { type: "stage.started", slug: "hello-world", index: 0 });
  for (const line of lines) {
    await appendRunEvent(deps.redis, sub.id, { type: "stage.log", slug: "hello-world", source: "program", line });
  }
  await appendRunEvent(deps.redis, sub.id, {
    type: "stage.log",
    slug: "hello-world",
    source: "harness",
    line: "the platform's own line after the program's",
  });
  return sub.id;
}

describe("run log", () => {
  it("renders no link from output, and an open sequence blanks no later line nor the next run", async () => {
    const hostile = await runWithOutput("mallory", [
      `${ESC}]8;;https://evil.example/login${ESC}\\log in again${ESC}]8;;${ESC}\\`,
      `${ESC}[31mred text${ESC}[0m`,
      `opens a link and never ends it ${ESC}]8;;https://evil.example/`,
      "still visible after the open sequence",
      `cut in the middle of a colour ${ESC}[`,
      "whole line after a cut sequence",
    ]);
    const next = await runWithOutput("bob", ["bob's own output"]);

    const password = fs.readFileSync(path.join(env.stack.dataDir, "organizer-password"), "utf8").trim();
    const ctx = await newContext(env.browser, env.stack.url);
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    await page.goto("/login");
    await page.getByLabel("Username").fill("admin");
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.waitForURL((url) => !url.pathname.startsWith("/login"));

    await page.goto(`/runs/${hostile}`);
    const log = page.locator(".log");
    await log.getByText("the platform's own line after the program's").waitFor();
    await expect.poll(() => log.getByText("still visible after the open sequence").isVisible()).toBe(true);
    await expect.poll(() => log.getByText("whole line after a cut sequence", { exact: true }).isVisible()).toBe(true);
    await expect.poll(() => log.getByText("log in again").isVisible()).toBe(true);
    expect(await log.locator("a").count()).toBe(0);
    expect(await log.locator("span.ansi-red-fg").count()).toBe(1);

    // The next run, opened in the same page (no reload), renders whole.
    await page.evaluate((id) => {
      history.pushState(null, "", `/runs/${id}`);
      dispatchEvent(new PopStateEvent("popstate"));
    }, next);
    await log.getByText("bob's own output").waitFor();
    await expect.poll(() => log.getByText("bob's own output").isVisible()).toBe(true);
    await expect.poll(() => log.getByText("the platform's own line after the program's").isVisible()).toBe(true);
    expect(errors).toEqual([]);
    await ctx.close();
  });
});
