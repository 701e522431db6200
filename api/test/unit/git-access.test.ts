// Who may read and push a participant's repository, and what a forged or garbage request gets.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { organizerToken } from "../results.ts";
import { call, git, type Stack, signUp, startStack, withToken } from "../stack.ts";

let stack: Stack;
let work: string;
let cloneUrl: string;
let aliceToken: string;

beforeAll(async () => {
  // No worker: graded pushes stay queued (and the push does not wait for them).
  stack = await startStack({ worker: false, env: { MAX_SOURCE_BYTES: "100000", PUSH_WAIT_MS: "0" } });
  work = fs.mkdtempSync(path.join(os.tmpdir(), "bsod-git-"));
  aliceToken = await signUp(stack, "alice");
  const res = await call(stack, "POST", "/jams/hello-demo/enroll", { language: "python" }, aliceToken);
  cloneUrl = res.body.cloneUrl;
});
afterAll(async () => {
  await stack?.stop();
  fs.rmSync(work, { recursive: true, force: true });
});

describe("git access", () => {
  it("lets an organizer clone a participant's repository but not push to it", async () => {
    const token = await organizerToken(stack);
    const res = await git(["clone", withToken(cloneUrl, "admin", token), "org"], work);
    expect(res.code, res.stderr).toBe(0);
    const repo = path.join(work, "org");
    fs.writeFileSync(path.join(repo, "x.txt"), "x");
    await git(["add", "x.txt"], repo);
    await git(["commit", "-m", "sneaky"], repo);
    const push = await git(["push", "origin", "HEAD:main"], repo);
    expect(push.code).not.toBe(0);
    expect(push.stderr).toMatch(/403|only the owner/);
  });

  it("refuses a revoked token", async () => {
    const res = await call(stack, "POST", "/auth/login", {
      username: "alice",
      password: "correct horse battery",
      token: { name: "temp", scopes: ["git"] },
    });
    const { id, secret } = res.body.token;
    expect((await git(["ls-remote", withToken(cloneUrl, "alice", secret)], work)).code).toBe(0);
    expect((await call(stack, "DELETE", `/auth/tokens/${id}`, undefined, aliceToken)).status).toBe(204);
    const after = await git(["ls-remote", withToken(cloneUrl, "alice", secret)], work);
    expect(after.code).not.toBe(0);
  });

  it("answers a repository that does not exist like one that is not yours", async () => {
    const bob = await signUp(stack, "bob");
    const other = await fetch(`${stack.url}/git/alice/hello-demo.git/info/refs?service=git-upload-pack`, {
      headers: { authorization: `Basic ${Buffer.from(`bob:${bob}`).toString("base64")}` },
    });
    const missing = await fetch(`${stack.url}/git/nobody/hello-demo.git/info/refs?service=git-upload-pack`, {
      headers: { authorization: `Basic ${Buffer.from(`bob:${bob}`).toString("base64")}` },
    });
    expect(other.status).toBe(404);
    expect(missing.status).toBe(404);
    type Envelope = { error: { code: string; message: string } };
    const [a, b] = [((await other.json()) as Envelope).error, ((await missing.json()) as Envelope).error];
    expect([a.code, a.message]).toEqual([b.code, b.message]);
  });

  it("survives a garbage push body and keeps serving", async () => {
    const garbage = await fetch(`${stack.url}/git/alice/hello-demo.git/git-receive-pack`, {
      method: "POST",
      headers: {
        authorization: `Basic ${Buffer.from(`alice:${aliceToken}`).toString("base64")}`,
        "content-type": "application/x-git-receive-pack-request",
      },
      body: Buffer.from("0032this is not a pack\n\u0000\u0001\u0002garbage garbage"),
    });
    await garbage.arrayBuffer();
    expect(garbage.status).toBeLessThan(500);
    const ok = await git(["ls-remote", withToken(cloneUrl, "alice", aliceToken)], work);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/refs\/heads\/main/);
  });

  it("refuses an oversized push with the reason and leaves the repository unchanged", async () => {
    const remote = withToken(cloneUrl, "alice", aliceToken);
    const before = (await git(["ls-remote", remote, "refs/heads/main"], work)).stdout;
    const res = await git(["clone", remote, "big"], work);
    expect(res.code, res.stderr).toBe(0);
    const repo = path.join(work, "big");
    fs.writeFileSync(path.join(repo, "blob.bin"), randomBytes(150_000));
    await git(["add", "blob.bin"], repo);
    await git(["commit", "-m", "too big"], repo);
    const push = await git(["push", "origin", "HEAD:main"], repo);
    expect(push.code).not.toBe(0);
    expect(push.stderr).toMatch(
      /remote: bsod: push refused: refs\/heads\/main holds (more than )?\d+ bytes of files; the limit is 100000/,
    );
    expect((await git(["ls-remote", remote, "refs/heads/main"], work)).stdout).toBe(before);
  });

  it("refuses a push to a closed jam and leaves the repository unchanged", async () => {
    const remote = withToken(cloneUrl, "alice", aliceToken);
    const before = (await git(["ls-remote", remote, "refs/heads/main"], work)).stdout;
    const res = await git(["clone", remote, "late"], work);
    expect(res.code, res.stderr).toBe(0);
    const repo = path.join(work, "late");
    fs.appendFileSync(path.join(repo, "bsod.yml"), "# late\n");
    await git(["commit", "-am", "late"], repo);
    const db = stack.api.deps.db;
    const jam = await db.selectFrom("jams").selectAll().where("slug", "=", "hello-demo").executeTakeFirstOrThrow();
    await db
      .updateTable("jams")
      .set({ ends_at: Date.now() - 1000 })
      .where("id", "=", jam.id)
      .execute();
    try {
      const push = await git(["push", "origin", "HEAD:main"], repo);
      expect(push.code).not.toBe(0);
      expect(push.stderr).toMatch(
        /remote: bsod: push refused: .* closed on \d{4}-\d\d-\d\dT.*; pushes are no longer accepted/,
      );
      expect((await git(["ls-remote", remote, "refs/heads/main"], work)).stdout).toBe(before);
    } finally {
      await db.updateTable("jams").set({ ends_at: jam.ends_at }).where("id", "=", jam.id).execute();
    }
  });

  it("refuses a push to main while three runs of the participant wait, and says why", async () => {
    const dana = await signUp(stack, "dana");
    const enrolled = await call(stack, "POST", "/jams/hello-demo/enroll", { language: "python" }, dana);
    const remote = withToken(enrolled.body.cloneUrl, "dana", dana);
    expect((await git(["clone", remote, "dana"], work)).code).toBe(0);
    const repo = path.join(work, "dana");
    const commitAndPush = async (n: number, ref = "main") => {
      fs.writeFileSync(path.join(repo, "main.py"), `print(${n})\n`);
      await git(["commit", "-am", `try ${n}`], repo);
      return git(["push", "origin", `HEAD:${ref}`], repo);
    };
    for (let n = 1; n <= 3; n++) {
      const push = await commitAndPush(n);
      expect(push.code, push.stderr).toBe(0);
      expect(push.stderr).toMatch(/remote: bsod: grading [0-9a-f]{7} \(sub_/);
    }
    const before = (await git(["ls-remote", remote, "refs/heads/main"], work)).stdout;
    const fourth = await commitAndPush(4);
    expect(fourth.code).not.toBe(0);
    expect(fourth.stderr).toContain(
      "remote: bsod: push refused: 3 of your runs are still waiting to be graded (the limit); push again when one has finished",
    );
    expect((await git(["ls-remote", remote, "refs/heads/main"], work)).stdout).toBe(before);
    // a branch that is not graded still takes the work
    expect((await git(["push", "origin", "HEAD:refs/heads/wip"], repo)).code).toBe(0);
  });

  it("refuses a bsod.yml language the jam does not offer, naming the jam's languages", async () => {
    const token = await signUp(stack, "rusty");
    const enrolled = await call(stack, "POST", "/jams/hello-demo/enroll", { language: "python" }, token);
    const remote = withToken(enrolled.body.cloneUrl, "rusty", token);
    expect((await git(["clone", remote, "rusty"], work)).code).toBe(0);
    const repo = path.join(work, "rusty");
    fs.writeFileSync(path.join(repo, "bsod.yml"), "language: rust\n");
    await git(["commit", "-qam", "rust"], repo);
    const before = (await git(["ls-remote", remote, "refs/heads/main"], work)).stdout;
    const push = await git(["push", "origin", "HEAD:main"], repo);
    expect(push.code).not.toBe(0);
    expect(push.stderr).toContain(
      "remote: bsod: push refused: bsod.yml: language 'rust' is not offered in Hello, BSOD — demo jam; use one of: python, c",
    );
    expect((await git(["ls-remote", remote, "refs/heads/main"], work)).stdout).toBe(before);
  });

  it("accepts a force-push that rewrites a branch", async () => {
    const remote = withToken(cloneUrl, "alice", aliceToken);
    const res = await git(["clone", remote, "force"], work);
    expect(res.code, res.stderr).toBe(0);
    const repo = path.join(work, "force");
    fs.writeFileSync(path.join(repo, "a.txt"), "a");
    await git(["add", "a.txt"], repo);
    await git(["commit", "-m", "a"], repo);
    // A branch other than main: pushes there are kept but not graded (no worker runs here).
    expect((await git(["push", "origin", "HEAD:refs/heads/wip"], repo)).code).toBe(0);
    await git(["commit", "--amend", "-m", "a, rewritten"], repo);
    const forced = await git(["push", "--force", "origin", "HEAD:refs/heads/wip"], repo);
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stderr).toMatch(/\+ [0-9a-f]+\.\.\.[0-9a-f]+ HEAD -> wip \(forced update\)/);
    expect(forced.stderr).toMatch(/remote: bsod: wip saved; only pushes to main are graded/);
  });

  it("rejects a forged hook call without the per-process secret", async () => {
    const res = await fetch(`${stack.url}/internal/git/post-receive`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-bsod-hook-secret": "guess" },
      body: JSON.stringify({ hook: "post-receive", userId: "usr_x", jamId: "jam_x", updates: [] }),
    });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("forbidden");
  });

  it("names the failing field of a bad request", async () => {
    const res = await call(stack, "POST", "/auth/signup", { username: "Bad Name!", password: "correct horse" });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/^username: /);
    const lang = await call(stack, "POST", "/jams/hello-demo/enroll", { language: "cobol" }, aliceToken);
    expect(lang.status).toBe(400);
    expect(lang.body.error.message).toMatch(/cobol.*not offered/);
  });
});
