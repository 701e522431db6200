// The README's first command on a clean clone of what is committed: `npm start` brings the
// platform up on its URL; a second `npm start` skips the work already done and keeps the data.
// (The clone borrows this checkout's node_modules through hard links; CI's own fresh clone
// exercises the `npm ci` step.)
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(fileURLToPath(new URL("../..", import.meta.url)));
let dir: string;
let clone: string;
let port: number;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const p = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(p));
    });
  });
}

interface Started {
  child: ChildProcess;
  lines: string[];
  banner: string[];
}

function npmStart(): Promise<Started> {
  const child = spawn("npm", ["start"], {
    cwd: clone,
    env: { ...process.env, PORT: String(port), REDIS_URL: undefined, DATA_DIR: undefined, DATABASE_URL: undefined },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  const lines: string[] = [];
  return new Promise((resolve, reject) => {
    let banner: string[] | null = null;
    for (const stream of [child.stdout!, child.stderr!]) {
      readline.createInterface({ input: stream }).on("line", (line) => {
        lines.push(line);
        if (line.includes("bsod is running at")) banner = [];
        if (banner) {
          banner.push(line);
          if (line.includes("Stop with Ctrl-C")) resolve({ child, lines, banner });
        }
      });
    }
    child.once("exit", (code) => reject(new Error(`npm start exited (${code}):\n${lines.join("\n")}`)));
  });
}

/** Ctrl-C, as a terminal sends it: SIGINT to the whole process group. */
async function stop(s: Started): Promise<void> {
  const exited = new Promise<void>((resolve) => s.child.once("exit", () => resolve()));
  process.kill(-s.child.pid!, "SIGINT");
  await exited;
  await new Promise((r) => setImmediate(r));
  expect(s.lines.join("\n")).toMatch(/bsod: stopping \(interrupted\)/);
  expect(s.lines.join("\n")).not.toMatch(/exited \(|ERROR/);
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "bsod-quickstart-"));
  clone = path.join(dir, "bsod");
  execFileSync("git", ["clone", "--quiet", ROOT, clone]);
  execFileSync("cp", ["-al", path.join(ROOT, "node_modules"), path.join(clone, "node_modules")]);
  port = await freePort();
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("quick start", () => {
  let password = "";

  it("`npm start` brings the platform up on its URL with a demo jam and an organizer login", async () => {
    const started = await npmStart();
    try {
      const banner = started.banner.join("\n");
      expect(banner).toContain(`http://localhost:${port}`);
      password = /organizer login: admin \/ (\S+)/.exec(banner)?.[1] ?? "";
      expect(password.length).toBeGreaterThan(8);
      const health = await fetch(`http://127.0.0.1:${port}/api/v1/health`);
      expect(health.status).toBe(200);
      const jams = (await (await fetch(`http://127.0.0.1:${port}/api/v1/jams`)).json()) as {
        jams: Array<{ slug: string; phase: string }>;
      };
      expect(jams.jams).toContainEqual(expect.objectContaining({ slug: "hello-demo", phase: "running" }));
      const home = await fetch(`http://127.0.0.1:${port}/`);
      expect(home.headers.get("content-type")).toMatch(/text\/html/);
      const signup = await fetch(`http://127.0.0.1:${port}/api/v1/auth/signup`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username: "early-bird", password: "correct horse" }),
      });
      expect(signup.status).toBe(201);
      expect(fs.existsSync(path.join(clone, ".data", "redis", "appendonlydir"))).toBe(true);
    } finally {
      await stop(started);
    }
  });

  it("a second `npm start` redoes nothing and keeps the data", async () => {
    const started = await npmStart();
    try {
      const log = started.lines.join("\n");
      expect(log).not.toMatch(/installing|bootstrapping|building/i);
      expect(log).toMatch(/up to date/);
      expect(started.banner.join("\n")).toContain(`organizer login: admin / ${password}`);
      const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username: "early-bird", password: "correct horse" }),
      });
      expect(login.status).toBe(200);
    } finally {
      await stop(started);
    }
  });
});
