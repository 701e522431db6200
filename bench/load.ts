// A jam night on loopback: P participants push at once while S spectators follow the jam's
// live stream. Checks that no push is lost or recorded twice, and reports push → verdict p50/p99
// against the grading capacity measured in the same run (verdicts per second while the queue
// drained: the wait a queue of P runs costs at that rate is the floor), and the delay with which
// SSE events reach the spectators (receipt − the event's own server timestamp).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { call, copyDir, git, ROOT, type Stack, startStack } from "@bsod/api/testing";
import { until } from "@bsod/testkit";
import { type BenchResult, ms, percentile } from "./stats.ts";

const SOLUTION = path.join(ROOT, "challenges/hello/solutions/python");
const JAM = "hello-demo";

export interface Spectator {
  delays: number[];
  abort: AbortController;
  done: Promise<void>;
}

/** An SSE client of the jam's stream that records how late each event arrives. */
export function spectate(url: string): Spectator {
  const abort = new AbortController();
  const delays: number[] = [];
  const done = (async () => {
    const res = await fetch(`${url}/api/v1/jams/${JAM}/events`, { signal: abort.signal });
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buf = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buf += value;
      let i = buf.indexOf("\n\n");
      while (i >= 0) {
        const data = buf
          .slice(0, i)
          .split("\n")
          .find((l) => l.startsWith("data: "));
        if (data) {
          const at = (JSON.parse(data.slice(6)) as { at?: number }).at;
          if (at) delays.push(Date.now() - at);
        }
        buf = buf.slice(i + 2);
        i = buf.indexOf("\n\n");
      }
    }
  })().catch((err: Error) => {
    if (err.name !== "AbortError") throw err;
  });
  return { delays, abort, done };
}

async function inBatches<T, R>(items: T[], size: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map(fn))));
  return out;
}

export async function loadBench(opts: { participants: number; spectators: number }): Promise<BenchResult[]> {
  const stack: Stack = await startStack({
    env: { SIGNUPS_PER_HOUR: "100000", PUSH_WAIT_MS: "1", MAX_WAITING_RUNS: "5" },
  });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bsod-bench-load-"));
  const spectators: Spectator[] = [];
  try {
    const names = Array.from({ length: opts.participants }, (_, i) => `load${String(i).padStart(4, "0")}`);
    const parts = await inBatches(names, 8, async (username) => {
      const signup = await call(stack, "POST", "/auth/signup", {
        username,
        password: "correct horse battery",
        token: { name: "bench", scopes: ["api", "git"] },
      });
      if (signup.status !== 201) throw new Error(`sign-up failed: ${JSON.stringify(signup.body)}`);
      const enrolled = await call(
        stack,
        "POST",
        `/jams/${JAM}/enroll`,
        { language: "python" },
        signup.body.token.secret,
      );
      if (enrolled.status !== 201) throw new Error(`enroll failed: ${JSON.stringify(enrolled.body)}`);
      const remote = new URL(enrolled.body.cloneUrl);
      remote.username = username;
      remote.password = enrolled.body.gitToken.secret;
      const clone = path.join(dir, username);
      await git(["clone", "-q", remote.toString(), clone], dir);
      for (const f of fs.readdirSync(SOLUTION)) copyDir(path.join(SOLUTION, f), path.join(clone, f));
      await git(["add", "-A"], clone);
      await git(["commit", "-qm", "solve it"], clone);
      return { username, clone, sha: (await git(["rev-parse", "HEAD"], clone)).stdout.trim() };
    });

    const { db } = stack.api.deps;
    const subscribed = async () => {
      const open = stack.api.deps.metrics.registry.getSingleMetric("bsod_sse_clients");
      return (await open?.get())?.values.find((x) => x.labels.stream === "jam")?.value ?? 0;
    };
    // In batches: 2,000 connects at once overflow the listen backlog (ECONNRESET), a failure of
    // the bench's own client, not of the stream.
    for (let i = 0; i < opts.spectators; i += 100) {
      const batch = Math.min(100, opts.spectators - i);
      for (let j = 0; j < batch; j++) spectators.push(spectate(stack.url));
      await until("a batch of spectators to subscribe", async () => (await subscribed()) >= i + batch, 120_000);
    }

    const pushedAt = new Map<string, number>();
    const t0 = Date.now();
    const codes = await Promise.all(
      parts.map(async (p) => {
        pushedAt.set(p.username, Date.now());
        return (await git(["push", "-q", "origin", "HEAD:main"], p.clone)).code;
      }),
    );
    const pushWall = Date.now() - t0;
    const refused = codes.filter((c) => c !== 0).length;
    await until(
      "every push to be judged",
      async () => {
        const n = await db
          .selectFrom("submissions")
          .select((eb) => eb.fn.countAll().as("n"))
          .where("status", "not in", ["queued", "running"])
          .executeTakeFirst();
        return Number(n?.n ?? 0) >= opts.participants - refused;
      },
      30 * 60_000,
    );
    // Let the last board events reach the spectators.
    await new Promise((r) => setTimeout(r, 1000));

    const users = await db.selectFrom("users").select(["id", "username"]).execute();
    const subs = await db.selectFrom("submissions").selectAll().execute();
    let lost = 0;
    let duplicated = 0;
    const toVerdict: number[] = [];
    for (const p of parts) {
      const id = users.find((u) => u.username === p.username)?.id;
      const mine = subs.filter((s) => s.user_id === id && s.commit_sha === p.sha);
      if (mine.length === 0) lost++;
      if (mine.length > 1) duplicated++;
      const done = mine[0]?.finished_at;
      if (done) toVerdict.push(done - pushedAt.get(p.username)!);
    }
    const finished = subs.map((s) => s.finished_at ?? 0).filter(Boolean);
    const started = Math.min(...subs.map((s) => s.created_at));
    const drainS = (Math.max(...finished) - started) / 1000;
    const capacity = subs.length / drainS;
    const floor = (subs.length / capacity) * 1000;
    const delays = spectators.flatMap((s) => s.delays);
    const p99 = percentile(toVerdict, 99);
    return [
      {
        name: `jam night: ${opts.participants} pushes at once, ${opts.spectators} spectators`,
        lines: [
          `pushes: ${parts.length} in ${ms(pushWall)} wall, ${refused} refused at the door; lost ${lost}, recorded twice ${duplicated}`,
          `grading capacity in this run: ${capacity.toFixed(2)} verdicts/s (queue of ${subs.length} drained in ${drainS.toFixed(1)} s)`,
          `push → verdict: p50 ${ms(percentile(toVerdict, 50))}, p99 ${ms(p99)}; the queue's own floor at that capacity ${ms(floor)}`,
          `SSE: ${delays.length} event deliveries to ${spectators.length} spectators; delay p50 ${ms(percentile(delays, 50))}, p99 ${ms(percentile(delays, 99))}`,
        ],
        verdict: {
          value: `lost ${lost}, duplicated ${duplicated}; p99 push→verdict = ${(p99 / floor).toFixed(2)}× the queue floor`,
          target: "0 lost, 0 duplicated, p99 ≤ 1.5× floor",
          ok: lost === 0 && duplicated === 0 && p99 <= 1.5 * floor,
        },
      },
    ];
  } finally {
    for (const s of spectators) s.abort.abort();
    await Promise.all(spectators.map((s) => s.done));
    await stack.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
