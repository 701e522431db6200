// Leaderboard reads/s for a jam of 10,000 participants × 20 stages against a bare Hono route
// returning a constant JSON of the same size (both under wrk, same run), and how long one
// completion takes to reach 1,000 connected SSE clients.
import { spawn } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import {
  announce,
  applyResult,
  type EnrollmentsTable,
  type Stack,
  type StageCompletionsTable,
  type Submission,
  startStack,
  testJam,
  type UsersTable,
} from "@bsod/api/testing";
import { newId } from "@bsod/contracts";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import type { Insertable } from "kysely";
import { type BenchResult, median, ms, percentile } from "./stats.ts";

const STAGES = 20;
const MIN = 60_000;

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

async function seed(stack: Stack, participants: number): Promise<{ jamId: string; userIds: string[] }> {
  const db = stack.api.deps.db;
  await db
    .insertInto("tracks")
    .values({
      slug: "bench20",
      title: "Bench",
      summary: "s",
      languages: '["python"]',
      limits: null,
      harness_hash: "bench",
      updated_at: 1,
    })
    .execute();
  for (let i = 0; i < STAGES; i++) {
    await db
      .insertInto("stages")
      .values({
        track_slug: "bench20",
        slug: `stage-${i + 1}`,
        position: i + 1,
        title: `Stage ${i + 1}`,
        difficulty: "easy",
        points: 100,
        readme: "",
        limits: null,
        metric: null,
      })
      .execute();
  }
  const jamId = newId("jam");
  const startsAt = Date.now() - 7 * 24 * 60 * MIN;
  await db
    .insertInto("jams")
    .values(testJam({ id: jamId, slug: "bench", track_slug: "bench20", starts_at: startsAt }))
    .execute();
  const random = rng(42);
  const userIds: string[] = [];
  for (let from = 0; from < participants; from += 500) {
    const users: Insertable<UsersTable>[] = [];
    const enrollments: Insertable<EnrollmentsTable>[] = [];
    const completions: Insertable<StageCompletionsTable>[] = [];
    for (let i = from; i < Math.min(participants, from + 500); i++) {
      const id = newId("usr");
      userIds.push(id);
      const name = `p${String(i).padStart(5, "0")}`;
      users.push({
        id,
        username: name,
        display_name: `Participant ${i}`,
        password_hash: null,
        role: "participant" as const,
        created_at: startsAt,
      });
      enrollments.push({
        id: newId("enr"),
        jam_id: jamId,
        user_id: id,
        language: "python",
        hidden: 0,
        created_at: startsAt + i,
      });
      const solved = Math.floor(random() * (STAGES + 1));
      let t = startsAt;
      for (let s = 0; s < solved; s++) {
        t += Math.floor(random() * 600 * MIN);
        completions.push({
          jam_id: jamId,
          user_id: id,
          stage_slug: `stage-${s + 1}`,
          submission_id: "sub_seed",
          completed_at: t,
        });
      }
    }
    await db.transaction().execute(async (tx) => {
      await tx.insertInto("users").values(users).execute();
      await tx.insertInto("enrollments").values(enrollments).execute();
      for (let c = 0; c < completions.length; c += 500)
        await tx
          .insertInto("stage_completions")
          .values(completions.slice(c, c + 500))
          .execute();
    });
  }
  return { jamId, userIds };
}

/** wrk in a child process (asynchronously: the api under test runs in this process). */
function wrk(url: string, seconds: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn("wrk", ["-t2", "-c32", `-d${seconds}s`, url], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
    });
    child.on("error", (err) => reject(new Error(`wrk: ${err.message} (apt-get install wrk)`)));
    child.on("close", (code) => {
      const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(out);
      if (code !== 0 || non2xx) reject(new Error(`wrk against ${url} failed: ${out}`));
      else resolve(Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? Number.NaN));
    });
  });
}

async function leaderboardReads(stack: Stack): Promise<BenchResult> {
  const url = `${stack.url}/api/v1/jams/bench/leaderboard`;
  let t = performance.now();
  const first = await (await fetch(url)).text();
  const coldMs = performance.now() - t;
  t = performance.now();
  const full = await (await fetch(`${url}?limit=10000`)).text();
  const fullMs = performance.now() - t;
  const body = first;
  const bare = new Hono();
  bare.get("/board", (c) => c.body(body, 200, { "content-type": "application/json; charset=utf-8" }));
  const server = serve({ fetch: bare.fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise((r) => server.once("listening", r));
  const bareUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/board`;
  const board: number[] = [];
  const constant: number[] = [];
  for (let round = 0; round < 3; round++) {
    constant.push(await wrk(bareUrl, 4));
    board.push(await wrk(url, 4));
  }
  server.close();
  const ratio = median(board) / median(constant);
  return {
    name: "leaderboard reads (issue 6)",
    lines: [
      `jam of 10,000 participants × ${STAGES} stages; first page (100 rows, ${(body.length / 1024).toFixed(1)} KiB)`,
      `first read (computes the board): ${ms(coldMs)}; whole board (10,000 rows, ${(full.length / 1024 / 1024).toFixed(1)} MiB): ${ms(fullMs)}`,
      `wrk -t2 -c32, 3 alternating rounds of 4 s: board ${board.map((x) => x.toFixed(0)).join(", ")} req/s; constant JSON ${constant.map((x) => x.toFixed(0)).join(", ")} req/s`,
    ],
    verdict: { value: `board / bare route = ${ratio.toFixed(2)}×`, target: "≥ 0.5×", ok: ratio >= 0.5 },
  };
}

async function sseFanout(
  stack: Stack,
  jamId: string,
  userIds: string[],
  clients: number,
  rounds: number,
): Promise<BenchResult> {
  const received = new Map<string, number[]>(); // marker → receive times
  const sockets: http.ClientRequest[] = [];
  let connected = 0;
  const url = new URL(`${stack.url}/api/v1/jams/bench/events`);
  await new Promise<void>((resolve, reject) => {
    for (let i = 0; i < clients; i++) {
      const req = http.get(
        {
          hostname: url.hostname,
          port: url.port,
          path: url.pathname,
          agent: false,
          headers: { accept: "text/event-stream" },
        },
        (res) => {
          let buf = "";
          res.setEncoding("utf8");
          res.on("data", (d: string) => {
            buf += d;
            let i2 = buf.indexOf("\n\n");
            while (i2 >= 0) {
              const block = buf.slice(0, i2);
              buf = buf.slice(i2 + 2);
              const data = block.split("\n").find((l) => l.startsWith("data:"));
              if (data) {
                const ev = JSON.parse(data.slice(5)) as { type: string; text?: string; body?: string };
                const marker = ev.type === "activity" ? ev.text : ev.type === "announcement" ? ev.body : undefined;
                if (marker) {
                  const list = received.get(marker) ?? [];
                  list.push(performance.now());
                  received.set(marker, list);
                }
              }
              i2 = buf.indexOf("\n\n");
            }
          });
          if (++connected === clients) resolve();
        },
      );
      req.on("error", reject);
      sockets.push(req);
    }
  });
  // Every client is subscribed once an announcement reaches all of them.
  const jam = await stack.api.deps.db.selectFrom("jams").selectAll().where("id", "=", jamId).executeTakeFirstOrThrow();
  const admin = await stack.api.deps.db
    .selectFrom("users")
    .select("id")
    .where("username", "=", "admin")
    .executeTakeFirstOrThrow();
  const waitAll = async (marker: string) => {
    for (;;) {
      if ((received.get(marker)?.length ?? 0) >= clients) return;
      await new Promise((r) => setTimeout(r, 2));
    }
  };
  await announce(stack.api.deps, jam, admin.id, "warm-up");
  await waitAll("warm-up");

  const latencies: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const userId = userIds[r]!;
    const sub: Submission = {
      id: newId("sub"),
      jam_id: jamId,
      user_id: userId,
      commit_sha: "x",
      ref: "refs/heads/main",
      language: "python",
      runner: "{}",
      status: "queued",
      stages: "[]",
      counted: 1,
      attempt: 1,
      judged_attempt: 0,
      result: null,
      failed_stage: null,
      created_at: Date.now(),
      finished_at: null,
    };
    await stack.api.deps.db.insertInto("submissions").values(sub).execute();
    await stack.api.deps.db
      .deleteFrom("stage_completions")
      .where("user_id", "=", userId)
      .where("stage_slug", "=", "stage-1")
      .execute();
    const user = await stack.api.deps.db
      .selectFrom("users")
      .select("display_name")
      .where("id", "=", userId)
      .executeTakeFirstOrThrow();
    const marker = `${user.display_name} passed stage 1: Stage 1`;
    received.delete(marker);
    const t0 = performance.now();
    await applyResult(stack.api.deps, {
      submissionId: sub.id,
      attempt: 1,
      worker: "bench",
      finishedAt: Date.now(),
      result: {
        version: 1,
        status: "failed",
        build: { status: "skipped", durationMs: 0 },
        stages: [
          { slug: "stage-1", status: "passed", durationMs: 1 },
          { slug: "stage-2", status: "failed", durationMs: 1, message: "x" },
        ],
      },
    });
    await waitAll(marker);
    for (const at of received.get(marker)!) latencies.push(at - t0);
  }
  for (const s of sockets) s.destroy();
  const p99 = percentile(latencies, 99);
  return {
    name: "live fan-out (issue 6)",
    lines: [
      `${clients} SSE clients on one jam; ${rounds} completions applied (database transaction, then the event)`,
      `result applied → event received: p50 ${ms(percentile(latencies, 50))}, p99 ${ms(p99)}, max ${ms(Math.max(...latencies))}`,
    ],
    verdict: { value: `p99 ${ms(p99)}`, target: "< 1000 ms", ok: p99 < 1000 },
  };
}

export async function jamScaleBench(): Promise<BenchResult[]> {
  const stack = await startStack({ worker: false });
  try {
    const t = performance.now();
    const { jamId, userIds } = await seed(stack, 10_000);
    console.log(`  seeded 10,000 participants in ${ms(performance.now() - t)}`);
    const reads = await leaderboardReads(stack);
    const fanout = await sseFanout(stack, jamId, userIds, 1000, 10);
    return [reads, fanout];
  } finally {
    await stack.stop();
  }
}
