// The embedded platform in one command: a child redis-server with append-only persistence
// (unless REDIS_URL is set), the api (which serves the web app) and a grading worker.
// Stops everything cleanly on Ctrl-C. Configuration comes from the environment only.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import readline from "node:readline";
import { fileURLToPath } from "node:url";
import { formatLogLine } from "./log-line.ts";

const ROOT = path.resolve(fileURLToPath(new URL("..", import.meta.url)));
const env = { ...process.env };
const dataDir = path.resolve(env.DATA_DIR ?? path.join(ROOT, ".data"));
env.DATA_DIR = dataDir;
env.CHALLENGES_DIR ??= path.join(ROOT, "challenges");
env.PORT ??= "8080";
const children: ChildProcess[] = [];
let stopping = false;

function fail(message: string): never {
  console.error(`bsod: ${message}`);
  process.exit(1);
}

function dockerReachable(): Promise<boolean> {
  const host = env.DOCKER_HOST;
  if (host && !host.startsWith("unix://")) {
    return Promise.resolve(spawnSync("docker", ["info"], { stdio: "ignore" }).status === 0);
  }
  const socketPath = host ? host.slice("unix://".length) : "/var/run/docker.sock";
  return new Promise((resolve) => {
    const req = http.get({ socketPath, path: "/_ping", timeout: 3000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on("error", () => resolve(false));
    req.on("timeout", () => {
      req.destroy();
      resolve(false);
    });
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

function prefixed(name: string, child: ChildProcess) {
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    readline.createInterface({ input: stream }).on("line", (line) => {
      console.log(formatLogLine(name, line));
    });
  }
}

async function startRedis(): Promise<string> {
  const onPath = (env.PATH ?? "")
    .split(path.delimiter)
    .some((dir) => dir && fs.existsSync(path.join(dir, "redis-server")));
  if (!onPath) {
    fail("redis-server is not installed and REDIS_URL is not set: `apt-get install redis-server`, or set REDIS_URL");
  }
  const dir = path.join(dataDir, "redis");
  fs.mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const child = spawn(
    "redis-server",
    [
      "--bind",
      "127.0.0.1",
      "--port",
      String(port),
      "--dir",
      dir,
      "--appendonly",
      "yes",
      "--appendfsync",
      "everysec",
      "--save",
      "",
      // Bounded, and never evicting: BullMQ's keys must not vanish. Past the bound writes fail,
      // and the api stops taking sources well before it (see api/README.md).
      "--maxmemory",
      env.REDIS_MAXMEMORY ?? "512mb",
      "--maxmemory-policy",
      "noeviction",
      "--protected-mode",
      "yes",
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    const rl = readline.createInterface({ input: child.stdout! });
    rl.on("line", (line) => {
      if (line.includes("Ready to accept connections")) {
        rl.close();
        resolve();
      }
    });
    child.once("exit", (code) => reject(new Error(`redis-server exited (${code}) before it was ready`)));
  });
  child.stdout?.resume();
  child.once("exit", (code) => !stopping && shutdown(`redis-server exited (${code})`, 1));
  return `redis://127.0.0.1:${port}`;
}

function startNode(name: string, entry: string): Promise<void> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, entry)], {
    env,
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  prefixed(name, child);
  child.once("exit", (code) => !stopping && shutdown(`${name} exited (${code})`, 1));
  return new Promise((resolve) => {
    const rl = readline.createInterface({ input: child.stdout! });
    rl.on("line", (line) => {
      if (line.includes('"api listening"') || line.includes('"grading worker ready"')) resolve();
    });
  });
}

async function shutdown(reason: string, code: number) {
  if (stopping) return;
  stopping = true;
  console.log(`bsod: stopping (${reason})`);
  for (const child of [...children].reverse()) {
    if (child.exitCode !== null) continue;
    child.kill("SIGTERM");
    await new Promise((r) => {
      const t = setTimeout(() => child.kill("SIGKILL"), 20_000);
      child.once("exit", () => r(clearTimeout(t)));
    });
  }
  process.exit(code);
}

async function main() {
  fs.mkdirSync(dataDir, { recursive: true });
  if (!(await dockerReachable())) {
    fail(
      "no Docker engine is reachable: install and start it (`apt-get install docker.io && dockerd &`), or set DOCKER_HOST",
    );
  }
  if (!env.REDIS_URL) env.REDIS_URL = await startRedis();
  process.on("SIGINT", () => void shutdown("interrupted", 0));
  process.on("SIGTERM", () => void shutdown("terminated", 0));
  await startNode("api", "api/src/main.ts");
  await startNode("worker", "worker/src/main.ts");
  const url = env.PUBLIC_URL ?? `http://localhost:${env.PORT}`;
  const pw = fs.existsSync(path.join(dataDir, "organizer-password"))
    ? fs.readFileSync(path.join(dataDir, "organizer-password"), "utf8").trim()
    : "(see organizer-password in the data dir)";
  console.log(`
  bsod is running at ${url}
  organizer login: admin / ${pw}
  demo jam:        ${url}/jams/hello-demo
  data:            ${dataDir}
  Stop with Ctrl-C.
`);
}

main().catch((err: Error) => fail(err.message));
