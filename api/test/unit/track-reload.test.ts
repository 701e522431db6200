// An organizer adds a track to the tracks folder of a running server and reloads: the new track
// appears; a broken one is reported as file:line and skipped, and a broken edit of a track in use
// keeps the version the running jam has. Also: retrying one submission and the queue's job list.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { organizerToken } from "../results.ts";
import { call, copyDir, ROOT, type Stack, signUp, startStack } from "../stack.ts";

let stack: Stack;
let tracksDir: string;
let admin: string;

function addTrack(folder: string, slug: string, title: string) {
  const dir = path.join(tracksDir, folder);
  copyDir(path.join(ROOT, "challenges/hello"), dir);
  const yaml = path.join(dir, "track.yaml");
  fs.writeFileSync(
    yaml,
    fs
      .readFileSync(yaml, "utf8")
      .replace("slug: hello\n", `slug: ${slug}\n`)
      .replace("title: Hello, BSOD\n", `title: ${title}\n`),
  );
  return dir;
}

beforeAll(async () => {
  tracksDir = fs.mkdtempSync(path.join(os.tmpdir(), "bsod-tracks-"));
  copyDir(path.join(ROOT, "challenges/hello"), path.join(tracksDir, "hello"));
  stack = await startStack({ worker: false, env: { CHALLENGES_DIR: tracksDir, PUSH_WAIT_MS: "0" } });
  admin = await organizerToken(stack);
});
afterAll(async () => {
  await stack?.stop();
  fs.rmSync(tracksDir, { recursive: true, force: true });
});

describe("reloading the tracks folder", () => {
  it("loads a new track, reports a broken one as file:line, and leaves the running jam alone", async () => {
    const before = await call(stack, "GET", "/admin/tracks", undefined, admin);
    expect(before.body.tracks.map((t: { slug: string }) => t.slug)).toEqual(["hello"]);
    expect(before.body.report.failed).toEqual([]);

    addTrack("second", "hello-again", "Hello Again");
    const broken = addTrack("broken", "broken-track", "Broken");
    fs.writeFileSync(
      path.join(broken, "stages/01-hello-world/stage.yaml"),
      "slug: hello-world\ntitle: Hello, BSOD!\ndifficulty: very-easy\npoints: lots\n",
    );
    // A broken edit of the track hello-demo runs on.
    fs.appendFileSync(path.join(tracksDir, "hello/track.yaml"), "languages: 7\n");

    const reload = await call(stack, "POST", "/admin/tracks/reload", undefined, admin);
    expect(reload.status, JSON.stringify(reload.body)).toBe(200);
    expect(reload.body.report.loaded).toEqual([{ slug: "hello-again", stages: 2 }]);
    const failed = reload.body.report.failed as Array<{
      folder: string;
      problems: Array<{ file: string; line: number; message: string }>;
    }>;
    expect(failed.map((f) => f.folder)).toEqual(["broken", "hello"]);
    const points = failed[0]!.problems.find((p) => p.file === "broken/stages/01-hello-world/stage.yaml");
    expect(points?.line).toBe(4);
    expect(points?.message).toMatch(/points/);
    expect(failed[1]!.problems.some((p) => p.file === "hello/track.yaml" && p.line > 1)).toBe(true);

    const after = await call(stack, "GET", "/admin/tracks", undefined, admin);
    expect(after.body.tracks.map((t: { slug: string }) => t.slug).sort()).toEqual(["hello", "hello-again"]);
    expect(after.body.report.failed.map((f: { folder: string }) => f.folder)).toEqual(["broken", "hello"]);
    // The running jam still has its track: its stages, and a participant can join it.
    const jam = await call(stack, "GET", "/jams/hello-demo");
    expect(jam.body.jam.languages).toEqual(["python", "c"]);
    expect(jam.body.jam.stages.map((s: { slug: string }) => s.slug)).toEqual(["hello-world", "echo"]);
    const token = await signUp(stack, "latecomer");
    expect((await call(stack, "POST", "/jams/hello-demo/enroll", { language: "python" }, token)).status).toBe(201);
    // And the new track can host a jam right away.
    const created = await call(
      stack,
      "POST",
      "/admin/jams",
      { slug: "again", track: "hello-again", title: "Again", startsAt: Date.now(), endsAt: Date.now() + 3_600_000 },
      admin,
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
  });

  it("is for organizers only", async () => {
    const token = await signUp(stack, "curious");
    expect((await call(stack, "POST", "/admin/tracks/reload", undefined, token)).status).toBe(403);
  });
});

describe("the queue, job by job", () => {
  it("lists waiting jobs with their participant, and retries one finished submission", async () => {
    const token = await signUp(stack, "queued-quinn");
    const enrolled = await call(stack, "POST", "/jams/hello-demo/enroll", { language: "python" }, token);
    expect(enrolled.status).toBe(201);
    const tar = await fetch(`${stack.url}/api/v1/jams/hello-demo/test-runs`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/x-tar" },
      body: new Uint8Array(
        execFileSync("tar", ["-c", "-C", path.join(ROOT, "challenges/hello/solutions/python"), "-f", "-", "."]),
      ),
    });
    expect(tar.status, await tar.clone().text()).toBeLessThan(300);
    const { submission } = (await tar.json()) as { submission: { id: string } };
    const waiting = await call(stack, "GET", "/admin/queue/jobs?state=waiting", undefined, admin);
    expect(waiting.status).toBe(200);
    const job = waiting.body.jobs.find((j: { submissionId: string }) => j.submissionId === submission.id);
    expect(job).toMatchObject({ username: "queued-quinn", jam: "hello-demo", counted: false, attempt: 1 });
    expect((await call(stack, "GET", "/admin/queue/jobs?state=bogus", undefined, admin)).status).toBe(400);

    // Still queued: a retry would run it twice.
    const early = await call(stack, "POST", `/admin/submissions/${submission.id}/retry`, undefined, admin);
    expect(early.status).toBe(409);
    expect(early.body.error.message).toMatch(/queued already/);
    await stack.api.deps.db
      .updateTable("submissions")
      .set({ status: "internal_error", finished_at: Date.now() })
      .where("id", "=", submission.id)
      .execute();
    const retried = await call(stack, "POST", `/admin/submissions/${submission.id}/retry`, undefined, admin);
    expect(retried.status, JSON.stringify(retried.body)).toBe(202);
    expect(retried.body.submission).toMatchObject({ attempt: 2, status: "queued" });
    const again = await call(stack, "GET", "/admin/queue/jobs?state=waiting", undefined, admin);
    expect(
      again.body.jobs.some(
        (j: { submissionId: string; attempt: number }) => j.submissionId === submission.id && j.attempt === 2,
      ),
    ).toBe(true);
    expect((await call(stack, "POST", "/admin/submissions/sub_nope/retry", undefined, admin)).status).toBe(404);
  });
});
