// A hostile participant against one api, on loopback: (1) 20 concurrent 200 MB chunked bodies to
// /auth/login, (2) a push of a 3 GB file of zeros, (3) test runs looped for two minutes while
// another participant pushes. The api runs in this process, so its RSS is this process's (the
// clients here stream from one small buffer; git runs as child processes); the baseline is the
// idle RSS measured in the same run. Redis is a private redis-server bounded as `npm start` runs
// it (maxmemory, noeviction).
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { call, copyDir, git, ROOT, type Stack, signUp, startStack, withToken } from "@bsod/api/testing";
import { freePort } from "@bsod/testkit";
import { type BenchResult, median } from "./stats.ts";

const MB = 1024 * 1024;
const SOLUTION = path.join(ROOT, "challenges/hello/solutions/python");
const REDIS_MAX_MB = 128;

/** Samples this process's RSS until stopped; `peak` is the highest seen. */
function rssSampler(everyMs = 20) {
  let peak = process.memoryUsage.rss();
  const samples: number[] = [];
  const timer = setInterval(() => {
    const rss = process.memoryUsage.rss();
    samples.push(rss);
    if (rss > peak) peak = rss;
  }, everyMs);
  return {
    stop: () => {
      clearInterval(timer);
      return { peak, median: median(samples.length ? samples : [peak]) };
    },
  };
}

async function idleRss(): Promise<number> {
  const s = rssSampler(50);
  await new Promise((r) => setTimeout(r, 1500));
  return s.stop().median;
}

/** A chunked POST of `total` bytes (one 64 KiB buffer written again and again), until the server answers. */
function floodBody(url: string, route: string, total: number): Promise<{ status: number; sent: number }> {
  const chunk = Buffer.alloc(64 * 1024, "a");
  return new Promise((resolve) => {
    let sent = 0;
    let done = false;
    const finish = (status: number) => {
      if (done) return;
      done = true;
      req.destroy();
      resolve({ status, sent });
    };
    const req = http.request(`${url}${route}`, {
      method: "POST",
      headers: { "content-type": "application/json", "transfer-encoding": "chunked" },
    });
    req.on("response", (res) => {
      res.resume();
      finish(res.statusCode ?? 0);
    });
    req.on("error", () => finish(-1));
    const pump = () => {
      while (!done && sent < total) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      if (!done) req.end();
    };
    pump();
  });
}

async function startRedis(): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"].concat([
      "--maxmemory",
      `${REDIS_MAX_MB}mb`,
      "--maxmemory-policy",
      "noeviction",
    ]),
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on("data", (d) => String(d).includes("Ready to accept") && resolve());
    child.once("exit", (code) => reject(new Error(`redis-server exited (${code})`)));
  });
  child.stdout?.resume();
  return { url: `redis://127.0.0.1:${port}`, child };
}

/** A grading worker on the private Redis (the stack's own helper uses the shared test Redis). */
async function startWorker(redisUrl: string, prefix: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "worker/src/main.ts")], {
    cwd: ROOT,
    env: { ...process.env, REDIS_URL: redisUrl, BSOD_QUEUE_PREFIX: prefix, WORKER_CONCURRENCY: "2", LOG_LEVEL: "info" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve, reject) => {
    const rl = readline.createInterface({ input: child.stdout! });
    rl.on("line", (line) => /"msg":"grading worker ready"/.test(line) && resolve());
    child.once("exit", (code) => reject(new Error(`worker exited (${code})`)));
  });
  child.stdout?.resume();
  return child;
}

function sourceTar(work: string, noise: number): Buffer {
  const dir = fs.mkdtempSync(path.join(work, "src-"));
  fs.writeFileSync(path.join(dir, "main.py"), 'print("not quite")\n');
  fs.writeFileSync(path.join(dir, "noise.bin"), randomBytes(noise));
  return execFileSync("tar", ["-cf", "-", "-C", dir, "."], { maxBuffer: 64 * MB });
}

async function participant(stack: Stack, work: string, name: string) {
  const token = await signUp(stack, name);
  const { body } = await call(stack, "POST", "/jams/hello-demo/enroll", { language: "python" }, token);
  const repo = path.join(work, name);
  const cloned = await git(["clone", withToken(body.cloneUrl, name, token), repo], work);
  if (cloned.code !== 0) throw new Error(`clone failed: ${cloned.stderr}`);
  return { token, repo };
}

const mb = (b: number) => `${(b / MB).toFixed(0)} MB`;

export async function abuseBench(opts: { loopSeconds: number }): Promise<BenchResult[]> {
  const redis = await startRedis();
  const stack = await startStack({ worker: false, env: { REDIS_URL: redis.url, PUSH_WAIT_MS: "240000" } });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "bsod-bench-abuse-"));
  const results: BenchResult[] = [];
  let worker: ChildProcess | undefined;
  try {
    // 1. Bodies nobody asked for.
    const idle1 = await idleRss();
    let s = rssSampler();
    const t1 = performance.now();
    const floods = await Promise.all(
      Array.from({ length: 20 }, () => floodBody(stack.url, "/api/v1/auth/login", 200 * MB)),
    );
    const flood = s.stop();
    const statuses = [...new Set(floods.map((f) => f.status))].join(", ");
    const sent = floods.reduce((a, f) => a + f.sent, 0);
    results.push({
      name: "abuse: 20 concurrent 200 MB chunked bodies to /auth/login",
      lines: [
        `answered ${statuses} in ${((performance.now() - t1) / 1000).toFixed(1)} s; ${mb(sent)} written by the clients before the answer`,
        `api RSS idle ${mb(idle1)}, peak ${mb(flood.peak)} (+${mb(flood.peak - idle1)})`,
      ],
      verdict: {
        value: `+${mb(flood.peak - idle1)} RSS`,
        target: "< +100 MB, every body refused",
        ok: flood.peak - idle1 < 100 * MB && floods.every((f) => f.status === 413 || f.status === -1),
      },
    });

    // 2. A push of a 3 GB file of zeros (a few MB once compressed).
    const pusher = await participant(stack, work, "zeros");
    fs.writeFileSync(path.join(pusher.repo, "zeros.bin"), "");
    fs.truncateSync(path.join(pusher.repo, "zeros.bin"), 3 * 1024 * MB);
    await git(["add", "zeros.bin"], pusher.repo);
    await git(["commit", "-qm", "3 GB of zeros"], pusher.repo);
    const idle2 = await idleRss();
    s = rssSampler();
    const t2 = performance.now();
    const pushed = await git(["push", "origin", "HEAD:main"], pusher.repo);
    const zeros = s.stop();
    const refusal = pushed.stderr.split("\n").find((l) => l.includes("push refused")) ?? pushed.stderr.trim();
    results.push({
      name: "abuse: a push of a 3 GB file of zeros",
      lines: [
        `${pushed.code === 0 ? "ACCEPTED" : "refused"} in ${((performance.now() - t2) / 1000).toFixed(1)} s: ${refusal.replace(/\s+$/, "")}`,
        `api RSS idle ${mb(idle2)}, peak ${mb(zeros.peak)} (+${mb(zeros.peak - idle2)})`,
      ],
      verdict: {
        value: `${pushed.code === 0 ? "accepted" : "refused"}, +${mb(zeros.peak - idle2)} RSS`,
        target: "refused, < +100 MB",
        ok: pushed.code !== 0 && zeros.peak - idle2 < 100 * MB,
      },
    });
    fs.rmSync(pusher.repo, { recursive: true, force: true });

    // 3. Test runs looped for two minutes while someone else pushes.
    worker = await startWorker(redis.url, stack.prefix);
    const looper = await signUp(stack, "looper");
    await call(stack, "POST", "/jams/hello-demo/enroll", { language: "python" }, looper);
    const other = await participant(stack, work, "other");
    const body = sourceTar(work, 4 * MB);
    const probe = stack.api.deps.redis;
    let peakUsed = 0;
    const memTimer = setInterval(async () => {
      const info = await probe.info("memory").catch(() => "");
      const used = Number(/^used_memory:(\d+)/m.exec(info)?.[1] ?? 0);
      if (used > peakUsed) peakUsed = used;
    }, 100);
    const counts = new Map<number, number>();
    const until = Date.now() + opts.loopSeconds * 1000;
    const loop = async () => {
      while (Date.now() < until) {
        const res = await fetch(`${stack.url}/api/v1/jams/hello-demo/test-runs`, {
          method: "POST",
          headers: { authorization: `Bearer ${looper}`, "content-type": "application/x-tar" },
          body,
        });
        await res.arrayBuffer();
        counts.set(res.status, (counts.get(res.status) ?? 0) + 1);
      }
    };
    const loops = Promise.all(Array.from({ length: 4 }, loop));
    // Meanwhile, another participant's push: graded while the loop goes on.
    await new Promise((r) => setTimeout(r, Math.min(10_000, (opts.loopSeconds * 1000) / 4)));
    copyDir(SOLUTION, other.repo);
    await git(["add", "-A"], other.repo);
    await git(["commit", "-qm", "solve"], other.repo);
    const t3 = performance.now();
    const graded = await git(["push", "origin", "HEAD:main"], other.repo);
    const gradedIn = (performance.now() - t3) / 1000;
    const gradedDuringLoop = Date.now() < until;
    await loops;
    clearInterval(memTimer);
    const passed = /all \d+ stages? passed/.test(graded.stderr);
    const limit = REDIS_MAX_MB * MB;
    const tally = [...counts.entries()].map(([status, n]) => `${n}× ${status}`).join(", ");
    results.push({
      name: `abuse: one participant loops test runs for ${opts.loopSeconds} s`,
      lines: [
        `test runs of 4 MB from 4 loops: ${tally}`,
        `Redis used_memory peak ${mb(peakUsed)} of maxmemory ${mb(limit)} (sources are refused past 60%: ${mb(limit * 0.6)})`,
        `another participant's push ${passed ? "graded: passed" : "NOT graded"} in ${gradedIn.toFixed(1)} s${gradedDuringLoop ? ", while the loop still ran" : ""}`,
      ],
      verdict: {
        value: `Redis peak ${mb(peakUsed)}, other push ${passed ? "graded" : "not graded"}`,
        target: `< ${mb(limit)}, graded`,
        ok: peakUsed < limit && passed,
      },
    });
  } finally {
    if (worker && worker.exitCode === null) {
      const exited = new Promise((r) => worker!.once("exit", r));
      worker.kill("SIGTERM");
      await exited;
    }
    await stack.stop();
    redis.child.kill();
    fs.rmSync(work, { recursive: true, force: true });
  }
  return results;
}
