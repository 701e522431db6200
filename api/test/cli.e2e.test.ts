// The participant's loop through the `bsod` command against a running api + worker:
// login, clone, next, test (uncounted), submit, status, and logs --follow of a live run.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, ROOT, type Stack, signUp, startStack } from "./stack.ts";

const BSOD = path.join(ROOT, "packages/cli/bin/bsod");
const SOLUTION = path.join(ROOT, "challenges/hello/solutions/python");

let stack: Stack;
let home: string;
let repo: string;

interface Run {
  code: number | null;
  out: string;
  err: string;
}

function bsod(args: string[], cwd: string, onLine?: (line: string, stream: "out" | "err") => void): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(BSOD, args, {
      cwd,
      env: {
        ...process.env,
        HOME: home,
        XDG_CONFIG_HOME: path.join(home, ".config"),
        NO_COLOR: "1",
        GIT_TERMINAL_PROMPT: "0",
        GIT_AUTHOR_NAME: "Alice",
        GIT_AUTHOR_EMAIL: "alice@example.invalid",
        GIT_COMMITTER_NAME: "Alice",
        GIT_COMMITTER_EMAIL: "alice@example.invalid",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const res: Run = { code: null, out: "", err: "" };
    readline.createInterface({ input: child.stdout }).on("line", (l) => {
      res.out += `${l}\n`;
      onLine?.(l, "out");
    });
    readline.createInterface({ input: child.stderr }).on("line", (l) => {
      res.err += `${l}\n`;
      onLine?.(l, "err");
    });
    child.on("close", (code) => {
      res.code = code;
      resolve(res);
    });
  });
}

// Runs a command in a pseudo-terminal that reports 0 columns and 0 rows, relaying at most
// PTY_CAP bytes of what it prints (exit 99 and the command killed past that).
const PTY_ZERO_COLUMNS = `
import fcntl, os, pty, struct, sys, termios
cap = int(os.environ["PTY_CAP"])
pid, fd = pty.fork()
if pid == 0:
    fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 0, 0, 0, 0))
    os.execvp(sys.argv[1], sys.argv[1:])
total = 0
while True:
    try:
        chunk = os.read(fd, 65536)
    except OSError:
        break
    if not chunk:
        break
    total += len(chunk)
    if total > cap:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
        sys.stderr.write("output cap reached\\n")
        sys.exit(99)
    sys.stdout.buffer.write(chunk)
    sys.stdout.flush()
_, status = os.waitpid(pid, 0)
sys.exit(os.waitstatus_to_exitcode(status))
`;

async function aliceOnBoard() {
  const board = await call(stack, "GET", "/jams/hello-demo/leaderboard");
  return board.body.entries.find((e: { user: { username: string } }) => e.user.username === "alice");
}

beforeAll(async () => {
  stack = await startStack();
  home = fs.mkdtempSync(path.join(os.tmpdir(), "bsod-cli-"));
  await signUp(stack, "alice");
});
afterAll(async () => {
  await stack?.stop();
  fs.rmSync(home, { recursive: true, force: true });
});

describe("bsod CLI", () => {
  it("logs in, joins with a language and clones", async () => {
    const login = await bsod(["login", "--server", stack.url, "-u", "alice", "-p", "correct horse battery"], home);
    expect(login.code, login.err).toBe(0);
    expect(login.out).toMatch(/logged in to .* as alice/);
    expect(fs.statSync(path.join(home, ".config/bsod/config.json")).mode & 0o777).toBe(0o600);

    const noLang = await bsod(["clone", "hello-demo"], home);
    expect(noLang.code).toBe(1);
    expect(noLang.err).toMatch(/^bsod: choose a language to join hello-demo: --language python\|c/);

    const clone = await bsod(["clone", "hello-demo", "--language", "python"], home);
    expect(clone.code, clone.err).toBe(0);
    repo = path.join(home, "hello-demo");
    expect(fs.existsSync(path.join(repo, "main.py"))).toBe(true);
  });

  it("shows the next stage's instructions and the status", async () => {
    const next = await bsod(["next"], repo);
    expect(next.code, next.err).toBe(0);
    expect(next.out).toMatch(/^Stage 1: /);
    const status = await bsod(["status"], repo);
    expect(status.out).toMatch(/passed 0\/2, rank 1 of 1; current stage: /);
  });

  it("grades uncommitted work with `bsod test` without touching the leaderboard", async () => {
    fs.copyFileSync(path.join(SOLUTION, "main.py"), path.join(repo, "main.py"));
    const res = await bsod(["test"], repo);
    expect(res.code, res.out + res.err).toBe(0);
    expect(res.out).toMatch(/not counted on the leaderboard/);
    expect(res.out).toMatch(/✓ hello-world passed/);
    expect(res.out).toMatch(/all 2 stages passed/);
    expect((await aliceOnBoard()).stagesCompleted).toBe(0);
    const dirty = await new Promise<string>((resolve) => {
      const git = spawn("git", ["status", "--porcelain"], { cwd: repo });
      let out = "";
      git.stdout.on("data", (d) => {
        out += d;
      });
      git.on("close", () => resolve(out));
    });
    expect(dirty).toMatch(/main\.py/);
  });

  it("finishes `bsod test` with the verdict on a terminal that reports 0 columns", async () => {
    const cap = 200_000;
    const res = await new Promise<Run & { bytes: number }>((resolve) => {
      const child = spawn("python3", ["-c", PTY_ZERO_COLUMNS, BSOD, "test"], {
        cwd: repo,
        env: { ...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, ".config"), PTY_CAP: String(cap) },
        stdio: ["ignore", "pipe", "pipe"],
      });
      const run = { code: null as number | null, out: "", err: "", bytes: 0 };
      child.stdout.on("data", (d: Buffer) => {
        run.bytes += d.length;
        run.out += d.toString();
      });
      child.stderr.on("data", (d) => {
        run.err += d;
      });
      child.on("close", (code) => {
        run.code = code;
        resolve(run);
      });
    });
    expect(res.code, res.err + JSON.stringify(res.out.slice(-300))).toBe(0);
    expect(res.bytes).toBeLessThan(cap);
    expect(res.out).toMatch(/all 2 stages passed/);
  });

  it("follows a run in progress with `bsod logs --follow`, showing the lines the push shows", async () => {
    let follower: Promise<Run> | undefined;
    const push = await bsod(["submit", "-m", "solve"], repo, (line) => {
      const m = /remote: bsod: grading [0-9a-f]{7} \((sub_[\w-]+)\)/.exec(line);
      if (m && !follower) follower = bsod(["logs", "--follow", m[1]!], repo);
    });
    expect(push.code, push.err).toBe(0);
    expect(follower).toBeDefined();
    const logs = await follower!;
    expect(logs.code, logs.err).toBe(0);
    const pushLines = push.err
      .split("\n")
      .filter((l) => l.startsWith("remote: ") && !l.startsWith("remote: bsod:"))
      .map((l) => l.slice("remote: ".length).trimEnd());
    const logLines = logs.out.split("\n").filter(Boolean);
    expect(pushLines.length).toBeGreaterThan(5);
    expect(logLines).toEqual(pushLines);
    expect((await aliceOnBoard()).stagesCompleted).toBe(2);
    const status = await bsod(["status"], repo);
    expect(status.out).toMatch(/passed 2\/2, rank 1 of 1; every stage passed/);
  });

  it("says what to do, in one line and with a non-zero exit, when something is wrong", async () => {
    const outside = await bsod(["status"], home);
    expect(outside.code).toBe(1);
    expect(outside.err.trim().split("\n")).toHaveLength(1);
    expect(outside.err).toMatch(/not a bsod repository/);
    const badLogin = await bsod(["login", "--server", stack.url, "-u", "alice", "-p", "wrong password"], home);
    expect(badLogin.code).toBe(1);
    expect(badLogin.err.trim()).toBe("bsod: wrong username or password: run `bsod login` again");
  });
});
