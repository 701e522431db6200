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

function bsod(
  args: string[],
  cwd: string,
  onLine?: (line: string, stream: "out" | "err") => void,
  env: Record<string, string> = {},
): Promise<Run> {
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
        ...env,
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
    // Rendered for the terminal: the text and the example, none of the Markdown around them.
    expect(next.out).toMatch(/^ {4}Hello, BSOD!$/m);
    expect(next.out).toMatch(/^How it is tested$/m);
    expect(next.out).not.toMatch(/```|^#+ |\*\*|`Hello`/m);
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

  it("says honestly when the logged-in user is not enrolled, and joins with `bsod join`", async () => {
    const bob = await signUp(stack, "bob");
    const asBob = { BSOD_TOKEN: bob };
    for (const cmd of [["status"], ["submit", "-m", "not mine"], ["next"]]) {
      const res = await bsod(cmd, repo, undefined, asBob);
      expect(res.code, cmd.join(" ")).toBe(1);
      expect(res.err).toBe("bsod: you are not enrolled in hello-demo: bsod join hello-demo\n");
    }
    const noLang = await bsod(["join", "hello-demo"], repo, undefined, asBob);
    expect(noLang.err).toMatch(/^bsod: choose a language to join hello-demo: --language python\|c/);
    const join = await bsod(["join", "hello-demo", "--language", "c"], repo, undefined, asBob);
    expect(join.code, join.err).toBe(0);
    expect(join.out).toMatch(/joined hello-demo with c/);
  });

  it("signs up, lists the jams, prints its version and completes commands", async () => {
    const own = { XDG_CONFIG_HOME: path.join(home, "dave-config") };
    const taken = await bsod(
      ["signup", "--server", stack.url, "-u", "alice", "-p", "another password"],
      home,
      undefined,
      own,
    );
    expect(taken.code).toBe(1);
    expect(taken.err).toBe("bsod: username 'alice' is taken\n");
    const dave = await bsod(
      ["signup", "--server", stack.url, "-u", "dave", "-p", "correct horse battery"],
      home,
      undefined,
      own,
    );
    expect(dave.code, dave.err).toBe(0);
    expect(dave.out).toMatch(/signed up on .* as dave/);
    const jams = await bsod(["jams"], home, undefined, own);
    expect(jams.code, jams.err).toBe(0);
    expect(jams.out).toMatch(/^hello-demo +Hello, BSOD/m);
    expect(jams.out).toMatch(/ → .*\d/);

    const version = await bsod(["--version"], home);
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "packages/cli/package.json"), "utf8"));
    expect(version.out.trim()).toBe(pkg.version);
    const script = (await bsod(["completion", "bash"], home)).out;
    const complete = (words: string[]) =>
      new Promise<string>((resolve) => {
        const sh = spawn("bash", [
          "-c",
          `${script}\nCOMP_WORDS=(${words.join(" ")}); COMP_CWORD=${words.length - 1}; _bsod_complete; echo "\${COMPREPLY[*]}"`,
        ]);
        let out = "";
        sh.stdout.on("data", (d) => {
          out += d;
        });
        sh.on("close", () => resolve(out.trim()));
      });
    expect(await complete(["bsod", "cha"])).toBe("challenges");
    expect(await complete(["bsod", "challenges", "ver"])).toBe("verify");
    expect((await complete(["bsod", "logs", "--f"])).split(" ")).toContain("--follow");
    expect((await bsod(["completion", "fish"], home)).err).toMatch(/use bash or zsh/);
  });

  it("runs the README's quick start: a taken name prints the server's message, and git uses the git token", async () => {
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    const block = /Try the demo jam[\s\S]*?```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? "";
    const upToClone = block.slice(0, block.indexOf("&& cd hello-demo") + "&& cd hello-demo".length);
    expect(upToClone).toMatch(/git clone/);
    const script = upToClone.replaceAll("localhost:8080", new URL(stack.url).host);
    const run = (text: string, cwd: string) =>
      new Promise<Run>((resolve) => {
        const sh = spawn("bash", ["-e", "-c", text], { cwd, env: { ...process.env, GIT_TERMINAL_PROMPT: "0" } });
        const res: Run = { code: null, out: "", err: "" };
        sh.stdout.on("data", (d) => {
          res.out += d;
        });
        sh.stderr.on("data", (d) => {
          res.err += d;
        });
        sh.on("close", (code) => {
          res.code = code;
          resolve(res);
        });
      });
    const dir = fs.mkdtempSync(path.join(home, "readme-"));
    // alice is taken in this stack: the one-liner stops with the server's words, not a TypeError.
    const taken = await run(script, dir);
    expect(taken.code).not.toBe(0);
    expect(taken.err.trim()).toBe("username 'alice' is taken");
    const fresh = await run(script.replaceAll("alice", "erin"), dir);
    expect(fresh.code, fresh.err).toBe(0);
    expect(fs.existsSync(path.join(dir, "hello-demo", "main.py"))).toBe(true);
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
