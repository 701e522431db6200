// The organizer console on a jam night: a track dropped into the tracks folder appears after
// "Reload tracks", a broken one shows its file:line problems there while the running jam carries
// on; the queue page lists jobs with their participants, and a failed one is retried with a click.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { call, copyDir, organizerToken, REDIS_URL, ROOT, signUp } from "@bsod/api/testing";
import { QUEUE_NAMES } from "@bsod/contracts";
import { UnrecoverableError, Worker } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { axe, newContext, watchErrors } from "./support/browser.ts";
import { webStackForFile } from "./support/stack.ts";

const tracksDir = fs.mkdtempSync(path.join(os.tmpdir(), "bsod-web-tracks-"));
copyDir(path.join(ROOT, "challenges/hello"), path.join(tracksDir, "hello"));
afterAll(() => fs.rmSync(tracksDir, { recursive: true, force: true }));

// No grading worker: jobs wait until the test fails one on purpose.
const env = webStackForFile("organizer-tracks", { worker: false, env: () => ({ CHALLENGES_DIR: tracksDir }) });

function addTrack(folder: string, slug: string, title: string) {
  const dir = path.join(tracksDir, folder);
  copyDir(path.join(ROOT, "challenges/hello"), dir);
  const yaml = path.join(dir, "track.yaml");
  const text = fs.readFileSync(yaml, "utf8").replace("slug: hello\n", `slug: ${slug}\n`);
  fs.writeFileSync(yaml, text.replace("title: Hello, BSOD\n", `title: ${title}\n`));
  return dir;
}

describe("organizer console", () => {
  it("reloads the tracks folder: a new track appears, a broken one shows its problems", async () => {
    const admin = await organizerToken(env.stack);
    const ctx = await newContext(env.browser, env.stack.url);
    await ctx.addCookies([{ name: "bsod_session", value: admin, url: env.stack.url }]);
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    await page.goto("/admin");
    await page.getByRole("heading", { name: "Hello, BSOD" }).waitFor();
    expect(await page.getByRole("heading", { name: "Hello Again" }).count()).toBe(0);

    addTrack("second", "hello-again", "Hello Again");
    const broken = addTrack("broken", "broken-track", "Broken");
    fs.writeFileSync(
      path.join(broken, "stages/01-hello-world/stage.yaml"),
      "slug: hello-world\ntitle: Hello, BSOD!\ndifficulty: very-easy\npoints: lots\n",
    );
    await page.getByRole("button", { name: "Reload tracks" }).click();
    await page.getByRole("heading", { name: "Hello Again" }).waitFor();
    const problems = page.getByTestId("track-problems");
    await problems.getByText("broken/stages/01-hello-world/stage.yaml:4", { exact: false }).waitFor();
    expect(await problems.textContent()).toMatch(/points/);
    await page
      .getByTestId("tracks-report")
      .getByText(/1 skipped/)
      .waitFor();
    expect((await axe(page, "organizer home with track problems")).serious).toEqual([]);

    // The running jam carries on.
    await page.goto("/jams/hello-demo");
    await page.locator('.jam-badges [data-live="live"]').waitFor();
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it("lists jobs with their participants on the queue page and retries a failed one", async () => {
    const admin = await organizerToken(env.stack);
    const token = await signUp(env.stack, "queue-quinn");
    expect((await call(env.stack, "POST", "/jams/hello-demo/enroll", { language: "python" }, token)).status).toBe(201);
    const tar = execFileSync("tar", ["-c", "-C", path.join(ROOT, "challenges/hello/solutions/python"), "-f", "-", "."]);
    const res = await fetch(`${env.stack.url}/api/v1/jams/hello-demo/test-runs`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/x-tar" },
      body: new Uint8Array(tar),
    });
    expect(res.status).toBe(202);
    const { submission } = (await res.json()) as { submission: { id: string } };

    const ctx = await newContext(env.browser, env.stack.url);
    await ctx.addCookies([{ name: "bsod_session", value: admin, url: env.stack.url }]);
    const page = await ctx.newPage();
    await page.goto("/admin/queue");
    const waitingRow = page.getByTestId("jobs-waiting").locator(`tr[data-submission="${submission.id}"]`);
    await waitingRow.getByText("queue-quinn").waitFor();

    // A grading host whose Docker engine is gone: the job fails for good.
    const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    const broken = new Worker(
      QUEUE_NAMES.grade,
      async () => {
        throw new UnrecoverableError("the Docker engine went away");
      },
      { connection, prefix: env.stack.prefix },
    );
    const failedRow = page.getByTestId("jobs-failed").locator(`tr[data-submission="${submission.id}"]`);
    await failedRow.getByText("the Docker engine went away").waitFor();
    await broken.close();
    connection.disconnect();
    expect(await failedRow.getByText("queue-quinn").count()).toBe(1);
    expect((await axe(page, "queue page")).serious).toEqual([]);

    await failedRow.getByRole("button", { name: "Retry" }).click();
    await page
      .getByTestId("jobs-waiting")
      .locator(`tr[data-submission="${submission.id}"]`)
      .getByText("attempt 2")
      .waitFor();
    await page.getByTestId("jobs-failed").getByText("No failed jobs.").waitFor();
    await ctx.close();
  });
});
