// Faults under load (`npm run test:faults`): each test causes one fault for real while 20+
// pushes are in flight, then checks that every accepted push ends with exactly one recorded
// result and that the leaderboard equals a recomputation from the database. The database and
// dockerd faults use a PostgreSQL cluster and a Docker engine of their own (never the machine's);
// BSOD_FAULTS_DB_OUTAGE_S shortens the outage for a quick run, BSOD_FAULTS_KEEP=1 keeps each
// deployment's logs.
import { until } from "@bsod/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { Cluster } from "./cluster.ts";
import { PrivateDockerd } from "./dockerd.ts";
import { PrivatePostgres } from "./postgres.ts";

const PUSHES = 24;
/** How long the database is away (BSOD_FAULTS_DB_OUTAGE_S: shorter for a quick run). */
const DB_OUTAGE_MS = Number(process.env.BSOD_FAULTS_DB_OUTAGE_S ?? "30") * 1000;
let cluster: Cluster | undefined;
let postgres: PrivatePostgres | undefined;
let dockerd: PrivateDockerd | undefined;

afterEach(async () => {
  await cluster?.stop();
  cluster = undefined;
  await postgres?.destroy();
  postgres = undefined;
  await dockerd?.destroy();
  dockerd = undefined;
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

  it(`the database unreachable for ${DB_OUTAGE_MS / 1000} s mid-run: writes answer 503, then everything recovers`, async () => {
    postgres = new PrivatePostgres();
    await postgres.init();
    cluster = new Cluster({ databaseUrl: postgres.url });
    await cluster.start(2);
    const parts = await cluster.participants(PUSHES);
    const pushes = cluster.pushAll(parts);
    await until(
      "pushes and runs to be in flight",
      async () => {
        const now = await progress(cluster!);
        return now.recorded >= 4 && now.running >= 1;
      },
      120_000,
    );
    await postgres.stop();
    const downAt = Date.now();
    // A write while the database is away: a clear 503 that says when to try again.
    const write = await cluster.call("POST", "/jams/hello-demo/enroll", { language: "python" }, parts[0]!.token);
    expect(write.status, JSON.stringify(write.body)).toBe(503);
    expect(write.body.error.code).toBe("unavailable");
    expect(write.retryAfter).toMatch(/^\d+$/);
    const codes = await pushes;
    await new Promise((r) => setTimeout(r, Math.max(0, DB_OUTAGE_MS - (Date.now() - downAt))));
    await postgres.start();
    // Nobody restarts anything: the api reconnects, results that waited are applied, pushes the
    // database missed are recovered by the reconciler.
    const accepted = await cluster.settleAndCheck(parts);
    expect(accepted).toBeGreaterThanOrEqual(2);
    expect(codes).toHaveLength(PUSHES);
    const again = await cluster.call("GET", "/jams/hello-demo/leaderboard");
    expect(again.status).toBe(200);
    await cluster.expectNoSandboxes();
  });

  it("kill -9 and restart of dockerd mid-run: runs whose sandbox vanished are graded again, never judged", async () => {
    dockerd = new PrivateDockerd();
    await dockerd.start();
    await dockerd.loadImage("bsod/runner-python");
    cluster = new Cluster({ dockerHost: dockerd.host });
    await cluster.start(2);
    const parts = await cluster.participants(PUSHES);
    expect(await cluster.pushAll(parts)).toEqual(parts.map(() => 0));
    await until("runs to be in flight", async () => (await progress(cluster!)).running >= 2, 120_000);
    await dockerd.kill();
    await dockerd.start();
    // Every push is graded once, passed: a run cut off by the engine's loss was not given a verdict.
    expect(await cluster.settleAndCheck(parts)).toBe(PUSHES);
    await cluster.expectNoSandboxes();
  });
});
