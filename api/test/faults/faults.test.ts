// Faults under load (`npm run test:faults`): each test causes one fault for real while 20+
// pushes are in flight, then checks that every accepted push ends with exactly one recorded
// result and that the leaderboard equals a recomputation from the database.
import { until } from "@bsod/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { Cluster } from "./cluster.ts";

const PUSHES = 24;
let cluster: Cluster | undefined;

afterEach(async () => {
  await cluster?.stop();
  cluster = undefined;
});

/** Submissions recorded so far, and how many runs a worker is grading. */
async function progress(c: Cluster) {
  const rows = await c.database().selectFrom("submissions").select("status").execute();
  return { recorded: rows.length, running: await c.activeRuns() };
}

describe("faults under load", () => {
  it("kill -9 of the api mid-push: every push git accepted is graded once, after a restart", async () => {
    cluster = new Cluster();
    await cluster.start();
    const parts = await cluster.participants(PUSHES);
    const pushes = cluster.pushAll(parts);
    await until("a few pushes to be recorded", async () => (await progress(cluster!)).recorded >= 4, 120_000);
    await cluster.kill(cluster.api, "SIGKILL");
    const codes = await pushes;
    await cluster.startApi();
    const accepted = await cluster.settleAndCheck(parts);
    // Some pushes landed before the kill, some were cut off: both kinds happened.
    expect(accepted).toBeGreaterThanOrEqual(4);
    expect(codes.filter((c) => c !== 0).length).toBeGreaterThan(0);
    await cluster.expectNoSandboxes();
  });

  it("kill -9 of a worker mid-run: another finishes its jobs, no orphan sandbox", async () => {
    cluster = new Cluster();
    await cluster.start(2);
    const parts = await cluster.participants(PUSHES);
    const pushes = cluster.pushAll(parts);
    await until("runs to be in flight", async () => (await progress(cluster!)).running >= 2, 120_000);
    await cluster.kill(cluster.workers.get("w1"), "SIGKILL");
    expect(await pushes).toEqual(parts.map(() => 0));
    expect(await cluster.settleAndCheck(parts)).toBe(PUSHES);
    await cluster.expectNoSandboxes("w1");
  });

  it("restart of the embedded Redis (append-only) mid-run: nothing is lost", async () => {
    cluster = new Cluster({ appendOnly: true });
    await cluster.start();
    const parts = await cluster.participants(PUSHES);
    expect(await cluster.pushAll(parts)).toEqual(parts.map(() => 0));
    await until("runs to be in flight", async () => (await progress(cluster!)).running >= 1, 120_000);
    await cluster.kill(cluster.redis, "SIGKILL");
    await cluster.startRedis();
    expect(await cluster.settleAndCheck(parts)).toBe(PUSHES);
    await cluster.expectNoSandboxes();
  });

  it("loss of an external Redis's data mid-run: the database is the truth, pending runs are queued again", async () => {
    cluster = new Cluster();
    await cluster.start();
    const parts = await cluster.participants(PUSHES);
    expect(await cluster.pushAll(parts)).toEqual(parts.map(() => 0));
    await until("runs to be in flight", async () => (await progress(cluster!)).running >= 1, 120_000);
    await cluster.kill(cluster.redis, "SIGKILL");
    await cluster.startRedis(); // empty: no append-only file
    expect(await cluster.settleAndCheck(parts)).toBe(PUSHES);
    await cluster.expectNoSandboxes();
  });

  it("SIGTERM of the api and a worker: in-flight work drains, then the rest is graded", async () => {
    cluster = new Cluster();
    await cluster.start(2);
    const parts = await cluster.participants(PUSHES);
    expect(await cluster.pushAll(parts)).toEqual(parts.map(() => 0));
    await until("runs to be in flight", async () => (await progress(cluster!)).running >= 2, 120_000);
    const w1 = cluster.workers.get("w1")!;
    const exited = new Promise<number | null>((r) => w1.once("exit", (code) => r(code)));
    await Promise.all([cluster.kill(cluster.api, "SIGTERM"), cluster.kill(w1, "SIGTERM")]);
    expect(await exited).toBe(0);
    expect(cluster.api?.exitCode).toBe(0);
    await cluster.startApi();
    expect(await cluster.settleAndCheck(parts)).toBe(PUSHES);
    await cluster.expectNoSandboxes();
  });
});
