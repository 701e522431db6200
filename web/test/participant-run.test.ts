// A participant signs up in the browser, joins hello-demo with python, copies the clone
// command and the token from the onboarding page, pushes with the real git CLI, and watches
// the run page fill in live: queued while the worker is held, then log lines, stage verdicts
// and the final verdict as the worker grades it.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { axe, horizontalOverflow, markDocument, newContext, screenshot, watchErrors } from "./support/browser.ts";
import { cloneWith, commitSolution, commitStarter, type Participant, push } from "./support/participants.ts";
import { webStackForFile } from "./support/stack.ts";

let heldWorker: number | undefined;
// a held worker must go on before the stack stops it
const env = webStackForFile("participant", {
  beforeStop: () => {
    if (heldWorker) process.kill(heldWorker, "SIGCONT");
  },
});

/** Holds the grading worker (SIGSTOP) so a run stays queued until we let it go. */
function holdWorker() {
  heldWorker = env.stack.worker!.pid!;
  process.kill(heldWorker, "SIGSTOP");
}
function releaseWorker() {
  if (heldWorker) process.kill(heldWorker, "SIGCONT");
  heldWorker = undefined;
}

describe("participant", () => {
  let me: Participant;

  it("signs up, joins with python and gets the exact clone command and token", async () => {
    const ctx = await newContext(env.browser, env.stack.url);
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    // A spectator on the jam page decides to play: join → sign up → back to joining.
    await page.goto("/jams/hello-demo");
    await page.getByRole("link", { name: "Join this jam" }).click();
    await page.getByRole("heading", { name: "Create your account" }).waitFor();
    expect((await axe(page, "sign-up page")).serious).toEqual([]);
    await page.getByLabel("Username").fill("dana");
    await page.getByLabel("Display name").fill("Dana Scully");
    await page.getByLabel("Password").fill("correct horse battery");
    await page.getByRole("button", { name: "Sign up" }).click();
    await page.getByRole("link", { name: "Dana Scully" }).waitFor();
    await page.getByRole("heading", { name: "Join Hello, BSOD — demo jam" }).waitFor();
    await page.getByRole("radio", { name: "python" }).check();
    expect((await axe(page, "join page")).serious).toEqual([]);
    await page.getByRole("button", { name: "Join" }).click();

    await page.getByRole("heading", { name: /You are in/ }).waitFor();
    const clone = (await page.locator(".command pre").first().textContent()) ?? "";
    const expectedUrl = `${env.stack.url.replace("://", "://dana@")}/git/dana/hello-demo.git`;
    expect(clone).toBe(`git clone ${expectedUrl} hello-demo\ncd hello-demo`);
    const token = ((await page.getByTestId("git-token").textContent()) ?? "").trim();
    expect(token).toMatch(/^bsod_pat_/);
    expect(await page.locator(".command pre").nth(1).textContent()).toContain("git push origin HEAD:main");
    expect((await axe(page, "onboarding page")).serious).toEqual([]);
    expect(errors).toEqual([]);

    me = await cloneWith(env.work, "dana", token, clone.split(/\s+/)[2]!.replace("dana@", ""));
    expect(fs.existsSync(path.join(me.repo, "bsod.yml"))).toBe(true);
    // The browser session survives for the next test.
    await ctx.storageState({ path: path.join(env.work, "dana.json") });
    await ctx.close();
  });

  it("watches a failing run, then a passing one, fill the run page live", async () => {
    const ctx = await env.browser.newContext({
      baseURL: env.stack.url,
      storageState: path.join(env.work, "dana.json"),
    });
    ctx.setDefaultTimeout(60_000);
    const page = await ctx.newPage();
    const errors = watchErrors(page);

    // First the starter as it comes: it fails stage 1 with a message and a hint.
    await commitStarter(me);
    const failing = await push(me);
    expect(failing.code, failing.stderr).toBe(0);
    const failedId = /\((sub_[\w-]+)\)/.exec(failing.stderr)?.[1];
    expect(failedId).toBeDefined();
    await page.goto(`/runs/${failedId}`);
    await page.getByTestId("run-verdict").getByText("wrong behaviour").waitFor();
    await page
      .getByTestId("failure")
      .getByRole("heading", { name: /Stage 1 \(hello-world\): wrong behaviour/ })
      .waitFor();
    expect(await page.locator('[data-stage="hello-world"]').getAttribute("data-state")).toBe("failed");

    // Now the solution, with the worker held: the run page opens while the run is queued.
    await commitSolution(me);
    holdWorker();
    let subId: string | undefined;
    let sawId!: () => void;
    const idPrinted = new Promise<void>((resolve) => {
      sawId = resolve;
    });
    const pushing = push(me, (line) => {
      const m = /bsod: grading [0-9a-f]{7} \((sub_[\w-]+)\)/.exec(line);
      if (m) {
        subId = m[1];
        sawId();
      }
    });
    await idPrinted;
    await page.goto(`/runs/${subId}`);
    await page.getByTestId("run-log").getByText("queued: 2 stages to run").waitFor();
    await page.getByTestId("run-verdict").getByText("queued", { exact: true }).waitFor();
    expect(await page.locator('[data-stage="echo"]').getAttribute("data-state")).toBe("pending");
    const stillSamePage = await markDocument(page);

    releaseWorker();
    const log = page.getByTestId("run-log");
    await log.getByText("▸ stage 1: hello-world").waitFor();
    await log.getByText(/✓ hello-world passed/).waitFor();
    await log.getByText(/✓ echo passed/).waitFor();
    await page.getByTestId("run-verdict").getByText("passed", { exact: true }).waitFor();
    await page.getByTestId("run-verdict").getByText("all 2 stages passed").waitFor();
    await page.locator('[data-run-state="done"]').waitFor();
    expect(await page.locator('[data-stage="hello-world"]').getAttribute("data-state")).toBe("passed");
    expect(await page.locator('[data-stage="echo"]').getAttribute("data-state")).toBe("passed");
    expect(await page.getByTestId("failure").count()).toBe(0);
    expect(await stillSamePage()).toBe(true);
    const pushed = await pushing;
    expect(pushed.code, pushed.stderr).toBe(0);
    expect(pushed.stderr).toContain(`/runs/${subId}`);

    await screenshot(page, "run-page");
    expect((await axe(page, "run page")).serious).toEqual([]);

    // Both runs are listed on the submissions page, newest first, each linking to its run.
    await page.goto("/jams/hello-demo/submissions");
    const links = page.getByRole("link", { name: "View run" });
    await links.nth(1).waitFor();
    expect(await links.first().getAttribute("href")).toBe(`/runs/${subId}`);
    expect(await links.nth(1).getAttribute("href")).toBe(`/runs/${failedId}`);
    expect((await axe(page, "submissions page")).serious).toEqual([]);

    // The stage README renders with its code highlighted.
    await page.goto("/jams/hello-demo/stages/hello-world");
    await page.getByRole("heading", { level: 1, name: "Hello, BSOD!" }).waitFor();
    await page.getByRole("heading", { level: 2, name: "How it is tested" }).waitFor();
    expect(await page.locator(".markdown pre.code code").count()).toBeGreaterThan(0);
    expect((await axe(page, "stage page")).serious).toEqual([]);
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it("fits a 375 px phone screen on the run page", async () => {
    const ctx = await env.browser.newContext({
      baseURL: env.stack.url,
      storageState: path.join(env.work, "dana.json"),
      viewport: { width: 375, height: 812 },
    });
    const page = await ctx.newPage();
    await page.goto("/jams/hello-demo/submissions");
    await page.getByRole("link", { name: "View run" }).first().click();
    await page.getByTestId("run-verdict").getByText("all 2 stages passed").waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, "run-page-375", { fullPage: true });
    await ctx.close();
  });
});
