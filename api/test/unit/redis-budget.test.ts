// One participant cannot fill Redis: the waiting-runs limit holds under concurrent requests, the
// sources of their waiting runs are held to a byte budget, a source leaves Redis once its result
// is applied, and Redis's memory (bounded) is reported.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import net from "node:net";
import { redisKeys } from "@bsod/contracts";
import tar from "tar-stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyResult } from "../../src/submissions/results.ts";
import { call, type Stack, signUp, startStack } from "../stack.ts";

/** A source tarball as `bsod test` uploads it: main.py plus `padding` bytes of noise. */
async function sourceTar(padding = 0): Promise<Buffer> {
  const pack = tar.pack();
  pack.entry({ name: "main.py" }, 'print("Hello, BSOD!")\n');
  if (padding) pack.entry({ name: "noise.bin" }, randomBytes(padding));
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const c of pack) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

async function testRun(stack: Stack, token: string, body: Buffer) {
  const res = await fetch(`${stack.url}/api/v1/jams/hello-demo/test-runs`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/x-tar" },
    body,
  });
  return { status: res.status, body: (await res.json()) as any };
}

async function enrolled(stack: Stack, name: string): Promise<string> {
  const token = await signUp(stack, name);
  expect((await call(stack, "POST", "/jams/hello-demo/enroll", { language: "python" }, token)).status).toBe(201);
  return token;
}

describe.each(["sqlite", "postgres"] as const)("the waiting-runs limit on %s", (kind) => {
  let stack: Stack;
  beforeAll(async () => {
    // No worker: runs stay waiting.
    stack = await startStack({ kind, worker: false });
  });
  afterAll(async () => stack?.stop());

  it("queues at most three of five concurrent test runs from one participant", async () => {
    const token = await enrolled(stack, "racer");
    const body = await sourceTar();
    const results = await Promise.all(Array.from({ length: 5 }, () => testRun(stack, token, body)));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([202, 202, 202, 429, 429]);
    for (const r of results.filter((r) => r.status === 429)) {
      expect(r.body.error.message).toMatch(/3 of your runs are still waiting to be graded \(the limit\)/);
    }
    const user = await stack.api.deps.db
      .selectFrom("users")
      .select("id")
      .where("username", "=", "racer")
      .executeTakeFirstOrThrow();
    const rows = await stack.api.deps.db
      .selectFrom("submissions")
      .select("id")
      .where("user_id", "=", user.id)
      .execute();
    expect(rows).toHaveLength(3);
  });
});

describe("source blobs in Redis", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ worker: false, env: { MAX_QUEUED_SOURCE_BYTES: "100000" } });
  });
  afterAll(async () => stack?.stop());

  it("holds one participant's waiting sources to a byte budget, with the reason", async () => {
    const token = await enrolled(stack, "hoarder");
    const big = await sourceTar(60_000);
    expect((await testRun(stack, token, big)).status).toBe(202);
    const second = await testRun(stack, token, big);
    expect(second.status).toBe(429);
    expect(second.body.error.message).toMatch(
      /^your waiting runs hold \d+ bytes of source and this one \d+; the limit is 100000 per participant; push again when one has finished$/,
    );
    // another participant is not held back by it
    expect((await testRun(stack, await enrolled(stack, "neighbour"), big)).status).toBe(202);
  });

  it("deletes a run's source once its result is applied", async () => {
    const token = await enrolled(stack, "tidy");
    const { body } = await testRun(stack, token, await sourceTar());
    const id = body.submission.id as string;
    const key = redisKeys.sourceBlob(id);
    expect(await stack.api.deps.redis.exists(key)).toBe(1);
    const { outcome } = await applyResult(stack.api.deps, {
      submissionId: id,
      attempt: 1,
      result: {
        version: 1,
        status: "passed",
        build: { status: "skipped", durationMs: 0 },
        stages: [{ slug: "hello-world", status: "passed", durationMs: 5 }],
      },
      worker: "test",
      finishedAt: Date.now(),
    });
    expect(outcome).toBe("applied");
    expect(await stack.api.deps.redis.exists(key)).toBe(0);
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer().listen(0, "127.0.0.1", () => {
      const p = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(p));
    });
    srv.on("error", reject);
  });
}

describe("a bounded Redis", () => {
  let redis: ChildProcess;
  let stack: Stack;
  beforeAll(async () => {
    const port = await freePort();
    // As `npm start` and docker-compose.yml run it: a maxmemory, and no eviction.
    redis = spawn(
      "redis-server",
      ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--maxmemory", "8mb"],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    redis.stdout?.resume();
    await new Promise<void>((resolve, reject) => {
      redis.stdout?.on("data", (d) => String(d).includes("Ready to accept") && resolve());
      redis.once("exit", (code) => reject(new Error(`redis-server exited (${code})`)));
    });
    stack = await startStack({ worker: false, env: { REDIS_URL: `redis://127.0.0.1:${port}` } });
  });
  afterAll(async () => {
    await stack?.stop();
    redis?.kill();
  });

  it("reports its memory in /readyz", async () => {
    const res = await fetch(`${stack.url}/readyz`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    expect(body.redisMemory).toMatchObject({ maxBytes: 8 * 1024 * 1024, policy: "noeviction" });
    expect(body.redisMemory.usedBytes).toBeGreaterThan(0);
  });

  it("takes no source that would bring it near its bound, and says so", async () => {
    const token = await enrolled(stack, "filler");
    const res = await testRun(stack, token, await sourceTar(5 * 1024 * 1024));
    expect(res.status).toBe(503);
    expect(res.body.error.message).toBe("the grading queue is full right now; push again in a few minutes");
    // a small source still fits
    expect((await testRun(stack, token, await sourceTar())).status).toBe(202);
  });
});
