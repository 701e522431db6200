// What a hostile push meets: limits git enforces itself (pack size, object checks), a tree too
// big to list that is refused rather than let through, a quota over every ref, a body gzipped
// to slip past the size check, git requests that never end or come too many at once.
import { execFileSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, git, type Stack, signUp, startStack, withToken } from "../stack.ts";

let stack: Stack;
let work: string;
let n = 0;

const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: "Test",
  GIT_AUTHOR_EMAIL: "t@example.invalid",
  GIT_COMMITTER_NAME: "Test",
  GIT_COMMITTER_EMAIL: "t@example.invalid",
  GIT_CONFIG_NOSYSTEM: "1",
};

/** git plumbing with stdin, for trees no working directory could hold. */
function plumb(repo: string, args: string[], input?: string | Buffer): string {
  const stdio: ["pipe", "pipe", "ignore"] = ["pipe", "pipe", "ignore"];
  return execFileSync("git", args, { cwd: repo, input, env: { ...GIT_ENV, HOME: repo }, maxBuffer: 64 << 20, stdio })
    .toString()
    .trim();
}

/**
 * Writes a root tree holding a chain of `depth` directories `abc/abc/…`, each with `files`
 * copies of `blob` (f0…), and returns the root tree's id. The trees go into one pack that
 * `git index-pack` checks and stores: thousands of loose objects or a fast-import of every long
 * path would take far longer. A tree is named by the SHA-1 of its bytes, so each parent can name
 * its child; git must then know the root by the id computed here.
 */
function writeDeepTree(repo: string, blob: string, depth: number, files: number): string {
  const trees: Buffer[] = [];
  let child: string | undefined;
  // d counts up from the deepest directory; the root (d = depth) holds only the first abc/
  for (let d = 0; d <= depth; d++) {
    const entries = Array.from({ length: d < depth ? files : 0 }, (_, f) => ({
      mode: "100644",
      name: `f${f}`,
      sha: blob,
    }));
    // git orders a tree's entries by name, a directory's name read with a trailing slash
    if (child) entries.push({ mode: "40000", name: "abc/", sha: child });
    entries.sort((x, y) => Buffer.compare(Buffer.from(x.name), Buffer.from(y.name)));
    const body = Buffer.concat(
      entries.flatMap((e) => [Buffer.from(`${e.mode} ${e.name.replace(/\/$/, "")}\0`), Buffer.from(e.sha, "hex")]),
    );
    child = createHash("sha1").update(`tree ${body.length}\0`).update(body).digest("hex");
    trees.push(body);
  }
  // pack format 2: a header, then each object as its type and size (varint) and its zlib stream
  const header = Buffer.alloc(12);
  header.write("PACK");
  header.writeUInt32BE(2, 4);
  header.writeUInt32BE(trees.length, 8);
  const parts = [header];
  for (const body of trees) {
    const head: number[] = [];
    let byte = (2 << 4) | (body.length & 0x0f); // type 2: a tree
    for (let rest = body.length >> 4; rest > 0; rest >>= 7) {
      head.push(byte | 0x80);
      byte = rest & 0x7f;
    }
    head.push(byte);
    parts.push(Buffer.from(head), zlib.deflateSync(body, { level: 1 }));
  }
  const pack = Buffer.concat(parts);
  plumb(repo, ["index-pack", "--stdin"], Buffer.concat([pack, createHash("sha1").update(pack).digest()]));
  expect(plumb(repo, ["cat-file", "-t", child as string])).toBe("tree");
  return child as string;
}

/** A new participant enrolled in hello-demo, with a clone of their repository. */
async function participant(): Promise<{ name: string; token: string; remote: string; repo: string }> {
  const name = `p${++n}${randomBytes(2).toString("hex")}`;
  const token = await signUp(stack, name);
  const res = await call(stack, "POST", "/jams/hello-demo/enroll", { language: "python" }, token);
  const remote = withToken(res.body.cloneUrl, name, token);
  const repo = path.join(work, name);
  const cloned = await git(["clone", remote, repo], work);
  expect(cloned.code, cloned.stderr).toBe(0);
  return { name, token, remote, repo };
}

/** Waits until no repack of the repository is running (its pack directory is settled). */
async function repoIdle(dir: string) {
  await expect
    .poll(
      () => fs.readdirSync(path.join(dir, "objects", "pack")).some((f) => f.startsWith("tmp_") || f.startsWith(".tmp")),
      {
        timeout: 10_000,
      },
    )
    .toBe(false);
}

const mainOf = async (remote: string) => (await git(["ls-remote", remote, "refs/heads/main"], work)).stdout;

beforeAll(async () => {
  stack = await startStack({
    worker: false,
    env: { PUSH_WAIT_MS: "0", MAX_PUSH_BYTES: "400000", REPO_QUOTA_BYTES: "250000", MAX_SOURCE_BYTES: "10000000" },
  });
  work = fs.mkdtempSync(path.join(os.tmpdir(), "bsod-limits-"));
});
afterAll(async () => {
  await stack?.stop();
  fs.rmSync(work, { recursive: true, force: true });
});

describe("push limits", () => {
  it("refuses a tree of 70,000 files in 2,100 nested directories, naming the limit", async () => {
    const p = await participant();
    // One blob, 70,000 paths down a chain of 2,100 directories (long paths: the listing is big).
    const blob = plumb(p.repo, ["hash-object", "-w", "--stdin"], "x\n");
    const root = writeDeepTree(p.repo, blob, 2_100, 34);
    const commit = plumb(p.repo, ["commit-tree", root, "-p", "HEAD", "-m", "deep"]);
    plumb(p.repo, ["update-ref", "refs/heads/main", commit]);
    const before = await mainOf(p.remote);
    const push = await git(["push", "origin", "main"], p.repo);
    expect(push.code).not.toBe(0);
    expect(push.stderr).toMatch(
      /remote: bsod: push refused: refs\/heads\/main has more than \d+ files; the limit is 5000/,
    );
    expect(await mainOf(p.remote)).toBe(before);
  }, 120_000);

  it("counts side branches toward the repository's quota, and frees what deleted branches held", async () => {
    const p = await participant();
    const onBranch = async (branch: string) => {
      await git(["checkout", "-q", "-B", branch, "origin/main"], p.repo);
      fs.writeFileSync(path.join(p.repo, `${branch}.bin`), randomBytes(100_000));
      await git(["add", "."], p.repo);
      await git(["commit", "-qm", branch], p.repo);
      return git(["push", "origin", `HEAD:refs/heads/${branch}`], p.repo);
    };
    expect((await onBranch("side1")).code).toBe(0);
    expect((await onBranch("side2")).code).toBe(0);
    const third = await onBranch("side3");
    expect(third.code).not.toBe(0);
    expect(third.stderr).toMatch(
      /remote: bsod: push refused: the repository would hold \d+ bytes over all its branches; the quota is 250000; delete branches you no longer need/,
    );
    const dir = path.join(stack.dataDir, "repos", p.name, "hello-demo.git");
    const size = () => Number(plumb(dir, ["count-objects", "-v"]).match(/size-pack: (\d+)/)?.[1] ?? "0") * 1024;
    expect(size()).toBeGreaterThan(200_000);
    expect((await git(["push", "origin", "--delete", "side1", "side2"], p.repo)).code).toBe(0);
    const again = await git(["push", "origin", "HEAD:refs/heads/side3"], p.repo);
    expect(again.code, again.stderr).toBe(0);
    // the deleted branches' objects leave the disk once the repository is repacked
    await expect.poll(size, { timeout: 30_000, interval: 100 }).toBeLessThan(150_000);
  });

  it("keeps a graded commit when its branch is rewritten, out of the participant's sight and reach", async () => {
    const p = await participant();
    fs.writeFileSync(path.join(p.repo, "main.py"), 'print("graded")\n');
    await git(["commit", "-qam", "graded"], p.repo);
    const graded = plumb(p.repo, ["rev-parse", "HEAD"]);
    expect((await git(["push", "origin", "HEAD:main"], p.repo)).code).toBe(0);
    await git(["reset", "-q", "--hard", "HEAD~1"], p.repo);
    fs.writeFileSync(path.join(p.repo, "other.txt"), "rewritten\n");
    await git(["add", "."], p.repo);
    await git(["commit", "-qm", "rewritten"], p.repo);
    expect((await git(["push", "--force", "origin", "HEAD:main"], p.repo)).code).toBe(0);
    const dir = path.join(stack.dataDir, "repos", p.name, "hello-demo.git");
    // repacked after the push, the graded commit is still there for a rejudge
    await expect
      .poll(() => plumb(dir, ["for-each-ref", "--format=%(objectname)", "refs/bsod/"]), { timeout: 10_000 })
      .toContain(graded);
    await repoIdle(dir);
    expect(plumb(dir, ["cat-file", "-t", graded])).toBe("commit");
    expect((await git(["ls-remote", p.remote], work)).stdout).not.toMatch(/refs\/bsod/);
    const tamper = await git(["push", "origin", ":refs/bsod/submissions/x", `HEAD:refs/bsod/submissions/y`], p.repo);
    expect(tamper.code).not.toBe(0);
  });

  it("refuses a pack over the size limit with git's reason, not a broken connection", async () => {
    const p = await participant();
    fs.writeFileSync(path.join(p.repo, "big.bin"), randomBytes(600_000));
    await git(["add", "big.bin"], p.repo);
    await git(["commit", "-qm", "big"], p.repo);
    const before = await mainOf(p.remote);
    const push = await git(["-c", "http.postBuffer=65536", "push", "origin", "HEAD:main"], p.repo);
    expect(push.code).not.toBe(0);
    expect(push.stderr).not.toMatch(/curl 55|Broken pipe/);
    expect(push.stderr).toMatch(/pack exceeds maximum allowed size/);
    expect(await mainOf(p.remote)).toBe(before);
  });

  it("counts a gzipped push body as it inflates", async () => {
    const p = await participant();
    // An uncompressed pack of 600 kB of zeros: a few hundred bytes once gzipped.
    fs.writeFileSync(path.join(p.repo, "zeros.bin"), Buffer.alloc(600_000));
    await git(["add", "zeros.bin"], p.repo);
    await git(["-c", "core.compression=0", "commit", "-qm", "zeros"], p.repo);
    const oldSha = plumb(p.repo, ["rev-parse", "origin/main"]);
    const newSha = plumb(p.repo, ["rev-parse", "HEAD"]);
    const pack = execFileSync("git", ["-c", "pack.compression=0", "pack-objects", "--stdout", "--revs"], {
      cwd: p.repo,
      input: `${newSha}\n^${oldSha}\n`,
      maxBuffer: 64 << 20,
    });
    const command = `${oldSha} ${newSha} refs/heads/main\0report-status\n`;
    const pkt = `${(command.length + 4).toString(16).padStart(4, "0")}${command}0000`;
    const body = zlib.gzipSync(Buffer.concat([Buffer.from(pkt), pack]));
    expect(body.length).toBeLessThan(40_000);
    const before = await mainOf(p.remote);
    const res = await fetch(`${stack.url}/git/${p.name}/hello-demo.git/git-receive-pack`, {
      method: "POST",
      headers: {
        authorization: `Basic ${Buffer.from(`${p.name}:${p.token}`).toString("base64")}`,
        "content-type": "application/x-git-receive-pack-request",
        "content-encoding": "gzip",
      },
      body,
    }).catch((err: Error) => err);
    if (!(res instanceof Error)) expect(await res.text()).not.toMatch(/ok refs\/heads\/main/);
    expect(await mainOf(p.remote)).toBe(before);
  });

  it("checks every pushed object: a tree with a .git entry is refused", async () => {
    const p = await participant();
    const blob = plumb(p.repo, ["hash-object", "-w", "--stdin"], "[core]\n");
    const tree = plumb(p.repo, ["mktree"], `100644 blob ${blob}\t.git\n`);
    const commit = plumb(p.repo, ["commit-tree", tree, "-p", "HEAD", "-m", "dot git"]);
    const before = await mainOf(p.remote);
    const push = await git(["push", "origin", `${commit}:refs/heads/main`], p.repo);
    expect(push.code).not.toBe(0);
    expect(push.stderr).toMatch(/hasDotgit/);
    expect(await mainOf(p.remote)).toBe(before);
  });
});

describe("git requests", () => {
  let slow: Stack;
  beforeAll(async () => {
    slow = await startStack({ worker: false, env: { GIT_TIMEOUT_MS: "1500", GIT_REQUESTS_PER_USER: "2" } });
  });
  afterAll(async () => slow?.stop());

  it("takes at most two at once from one user, and ends one that outlives its deadline", async () => {
    const name = "stalling";
    const token = await signUp(slow, name);
    expect((await call(slow, "POST", "/jams/hello-demo/enroll", { language: "python" }, token)).status).toBe(201);
    const auth = { authorization: `Basic ${Buffer.from(`${name}:${token}`).toString("base64")}` };
    const base = `${slow.url}/git/${name}/hello-demo.git`;
    // A push whose body never ends: git waits for the rest of it.
    const stalled = () =>
      fetch(`${base}/git-receive-pack`, {
        method: "POST",
        headers: { ...auth, "content-type": "application/x-git-receive-pack-request" },
        body: new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode("00a0"));
          },
        }),
        duplex: "half",
      } as RequestInit);
    const held = await Promise.all([stalled(), stalled()]);
    const third = await fetch(`${base}/info/refs?service=git-upload-pack`, { headers: auth });
    expect(third.status).toBe(429);
    expect(await third.text()).toBe(
      "2 of your git requests are still in progress (the limit); try again when they finish\n",
    );
    // Both stalled requests are ended by the deadline, which frees their places.
    await Promise.all(held.map((res) => res.text().catch(() => "")));
    await expect
      .poll(async () => (await fetch(`${base}/info/refs?service=git-upload-pack`, { headers: auth })).status, {
        timeout: 10_000,
        interval: 100,
      })
      .toBe(200);
  });
});
