// The CLI's tokens: `bsod clone` leaves no secret in .git/config (git asks `bsod credential` for a
// git-only token kept in bsod's 0600 settings), pushes work through it, `bsod tokens` lists tokens
// and `bsod tokens revoke` stops one at once. Real git, a real api, no worker (runs stay queued).
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { git, ROOT, type Stack, startStack } from "../stack.ts";

const BSOD = path.join(ROOT, "packages/cli/bin/bsod");

let stack: Stack;
let home: string;
let repo: string;

function bsod(args: string[], cwd: string): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(BSOD, args, {
      cwd,
      env: {
        ...process.env,
        HOME: home,
        XDG_CONFIG_HOME: path.join(home, ".config"),
        NO_COLOR: "1",
        GIT_TERMINAL_PROMPT: "0",
        GIT_CONFIG_GLOBAL: path.join(home, ".gitconfig"),
        GIT_AUTHOR_NAME: "Alice",
        GIT_AUTHOR_EMAIL: "alice@example.invalid",
        GIT_COMMITTER_NAME: "Alice",
        GIT_COMMITTER_EMAIL: "alice@example.invalid",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => {
      out += d;
    });
    child.stderr.on("data", (d) => {
      err += d;
    });
    child.on("close", (code) => resolve({ code, out, err }));
  });
}

beforeAll(async () => {
  stack = await startStack({ worker: false, env: { PUSH_WAIT_MS: "0" } });
  home = fs.mkdtempSync(path.join(os.tmpdir(), "bsod-cli-tokens-"));
  fs.writeFileSync(path.join(home, ".gitconfig"), "[user]\n\tname = Alice\n\temail = alice@example.invalid\n");
});
afterAll(async () => {
  await stack?.stop();
  if (home) fs.rmSync(home, { recursive: true, force: true });
});

describe("the CLI's tokens", () => {
  it("clones with no secret in .git/config and pushes through its credential helper", async () => {
    const up = await bsod(["signup", "--server", stack.url, "-u", "alice", "-p", "correct horse battery"], home);
    expect(up.code, up.err).toBe(0);
    const cloned = await bsod(["clone", "hello-demo", "--language", "python"], home);
    expect(cloned.code, cloned.err).toBe(0);
    repo = path.join(home, "hello-demo");
    const config = fs.readFileSync(path.join(repo, ".git/config"), "utf8");
    expect(config).not.toMatch(/bsod_pat_|extraHeader|authorization/i);
    expect(config).toMatch(/helper = .*bsod' credential/);
    const settings = fs.readFileSync(path.join(home, ".config/bsod/config.json"), "utf8");
    expect(fs.statSync(path.join(home, ".config/bsod/config.json")).mode & 0o777).toBe(0o600);
    const stored = JSON.parse(settings) as { token: string; gitTokens: Record<string, { secret: string }> };
    const gitToken = Object.values(stored.gitTokens)[0]!.secret;
    expect(gitToken).not.toBe(stored.token);
    // the git token is for git only; the CLI's own token is for the api only
    expect(
      (await fetch(`${stack.url}/api/v1/auth/me`, { headers: { authorization: `Bearer ${gitToken}` } })).status,
    ).toBe(401);

    fs.appendFileSync(path.join(repo, "main.py"), "\n# first try\n");
    const submitted = await bsod(["submit", "-m", "first try"], repo);
    expect(submitted.code, submitted.err).toBe(0);
    expect(submitted.err).toMatch(/bsod: grading [0-9a-f]{7}/);
  });

  it("lists the tokens and revokes the git token, which git then cannot push with", async () => {
    const listed = await bsod(["tokens"], home);
    expect(listed.code, listed.err).toBe(0);
    expect(listed.out).toMatch(/bsod cli {2}personal \[api\] {2}expires \d{4}-\d\d-\d\d/);
    const line = listed.out.split("\n").find((l) => l.includes("git: hello-demo"));
    expect(line).toMatch(/personal \[git\]/);
    const id = line!.split(/\s+/)[0]!;
    const revoked = await bsod(["tokens", "revoke", id], home);
    expect(revoked.code, revoked.err).toBe(0);

    fs.appendFileSync(path.join(repo, "main.py"), "# again\n");
    await git(["commit", "-qam", "again"], repo);
    const push = await new Promise<{ code: number | null; err: string }>((resolve) => {
      const child = spawn("git", ["push", "origin", "HEAD:main"], {
        cwd: repo,
        env: { ...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, ".config"), GIT_TERMINAL_PROMPT: "0" },
      });
      let err = "";
      child.stderr.on("data", (d) => {
        err += d;
      });
      child.on("close", (code) => resolve({ code, err }));
    });
    expect(push.code).not.toBe(0);
    expect(push.err).toMatch(/Authentication failed|401|invalid or revoked/i);
    expect((await bsod(["tokens", "--all"], home)).out).toMatch(/git: hello-demo.*revoked/);
  });
});
