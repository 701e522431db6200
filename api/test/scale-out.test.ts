// Workers on several hosts: two worker processes, each in a network namespace of its own
// (`ip netns`, reaching Redis over a veth pair like a worker on another machine), grade one
// jam's submissions between them; killing one with -9 mid-run loses nothing: the other finishes
// its job, reaps its sandboxes, and every submission ends with exactly one result.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import readline from "node:readline";
import { redisKeys } from "@bsod/contracts";
import { LABEL, tarOf } from "@bsod/grader";
import { sandboxContainers, until } from "@bsod/grader/testing";
import { freePort } from "@bsod/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSubmission } from "../src/submissions/create.ts";
import { call, ROOT, type Stack, signUp, startStack } from "./stack.ts";

const tag = randomBytes(2).toString("hex");
/** Two "hosts": a namespace each, 10.231.<n>.2 inside, 10.231.<n>.1 on this side. */
const hosts = [1, 2].map((n) => ({
  ns: `bsod-${tag}-${n}`,
  veth: `vb${tag}${n}`,
  here: `10.231.${n}.1`,
  there: `10.231.${n}.2`,
}));
const ip = (...args: string[]) => execFileSync("ip", args, { stdio: "pipe" });

let redis: ChildProcess;
let port: number;
/** Redis off loopback needs a password (protected mode), as a multi-host deployment's would. */
const password = randomBytes(12).toString("hex");
let stack: Stack;
const workers = new Map<string, ChildProcess>();

/** Which workers a run was started on, from its run-event stream. */
async function startedOn(submissionId: string): Promise<string[]> {
  const entries = await stack.api.deps.redis.xrange(redisKeys.runEvents(submissionId), "-", "+");
  return entries
    .map(([, fields]) => JSON.parse(fields[1] as string) as { type: string; worker?: string })
    .flatMap((e) => (e.type === "run.started" && e.worker ? [e.worker] : []));
}

/** A worker process inside a host's namespace; resolves once it says it is ready. */
function startWorker(host: (typeof hosts)[number], id: string): Promise<ChildProcess> {
  const child = spawn(
    "ip",
    ["netns", "exec", host.ns, process.execPath, "--import", "tsx", path.join(ROOT, "worker/src/main.ts")],
    {
      cwd: ROOT,
      detached: true,
      env: {
        ...process.env,
        REDIS_URL: `redis://:${password}@${host.here}:${port}`,
        BSOD_QUEUE_PREFIX: stack.prefix,
        WORKER_ID: id,
        WORKER_CONCURRENCY: "1",
        WORKER_LOCK_MS: "2000",
        LOG_LEVEL: "info",
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  workers.set(id, child);
  let stderr = "";
  child.stderr?.on("data", (d) => {
    stderr += d;
  });
  return new Promise((resolve, reject) => {
    readline.createInterface({ input: child.stdout! }).on("line", (line) => {
      if (line.includes('"msg":"grading worker ready"')) resolve(child);
      else if (line.includes('"level":60')) stderr += line;
    });
    child.once("exit", (code) => reject(new Error(`worker ${id} exited (${code}): ${stderr}`)));
  });
}

beforeAll(async () => {
  for (const h of hosts) {
    ip("netns", "add", h.ns);
    ip("link", "add", h.veth, "type", "veth", "peer", "name", `${h.veth}p`);
    ip("link", "set", `${h.veth}p`, "netns", h.ns);
    ip("addr", "add", `${h.here}/30`, "dev", h.veth);
    ip("link", "set", h.veth, "up");
    ip("netns", "exec", h.ns, "ip", "addr", "add", `${h.there}/30`, "dev", `${h.veth}p`);
    ip("netns", "exec", h.ns, "ip", "link", "set", `${h.veth}p`, "up");
    ip("netns", "exec", h.ns, "ip", "link", "set", "lo", "up");
  }
  port = await freePort();
  // One Redis for the deployment, reachable from this host (loopback) and the two others (veth).
  redis = spawn(
    "redis-server",
    [
      "--port",
      String(port),
      "--bind",
      "127.0.0.1",
      ...hosts.map((h) => h.here),
      "--requirepass",
      password,
      "--save",
      "",
      "--appendonly",
      "no",
    ],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  await new Promise<void>((resolve, reject) => {
    redis.stdout?.on("data", (d) => String(d).includes("Ready to accept") && resolve());
    redis.once("exit", (code) => reject(new Error(`redis-server exited (${code})`)));
  });
  stack = await startStack({ worker: false, env: { REDIS_URL: `redis://:${password}@127.0.0.1:${port}` } });
}, 120_000);

afterAll(async () => {
  for (const w of workers.values()) {
    try {
      process.kill(-w.pid!, "SIGKILL");
    } catch {}
  }
  await stack?.stop();
  redis?.kill("SIGKILL");
  for (const h of hosts) {
    try {
      ip("netns", "del", h.ns);
    } catch {}
  }
});

describe("workers on two hosts sharing one Redis", () => {
  it("grade one jam between them, and a worker killed with -9 mid-run loses nothing", async () => {
    // Each namespace really is another host: the api's loopback Redis is not reachable from it.
    const probe = execFileSync("ip", ["netns", "exec", hosts[0]!.ns, "ip", "-o", "addr"], { encoding: "utf8" });
    expect(probe).toContain(hosts[0]!.there);
    expect(probe).not.toContain(hosts[1]!.there);

    const [a, b] = [`host1-${tag}`, `host2-${tag}`];
    await Promise.all([startWorker(hosts[0]!, a), startWorker(hosts[1]!, b)]);

    const deps = stack.api.deps;
    const jam = await deps.db.selectFrom("jams").selectAll().where("slug", "=", "hello-demo").executeTakeFirstOrThrow();
    const source = tarOf(path.join(ROOT, "challenges/hello/solutions/python"));
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) {
      const token = await signUp(stack, `p${i}-${tag}`);
      expect((await call(stack, "POST", "/jams/hello-demo/enroll", { language: "python" }, token)).status).toBe(201);
      const user = await deps.db
        .selectFrom("users")
        .select("id")
        .where("username", "=", `p${i}-${tag}`)
        .executeTakeFirstOrThrow();
      const sub = await createSubmission(deps, {
        jam,
        userId: user.id,
        language: "python",
        commitSha: randomBytes(20).toString("hex"),
        ref: "refs/heads/main",
        source,
        manifest: undefined,
        counted: true,
      });
      ids.push(sub.id);
    }

    // Kill host 1's worker while it is grading.
    await until(
      "host 1's worker to start a run",
      async () => {
        for (const id of ids) if ((await startedOn(id)).includes(a)) return id;
        return null;
      },
      60_000,
    );
    process.kill(-workers.get(a)!.pid!, "SIGKILL");

    const rows = await until(
      "every submission to end",
      async () => {
        const r = await deps.db
          .selectFrom("submissions")
          .select(["id", "status", "result"])
          .where("id", "in", ids)
          .execute();
        return r.every((s) => s.status !== "queued" && s.status !== "running") ? r : null;
      },
      120_000,
    );
    expect(rows.map((r) => r.status)).toEqual(ids.map(() => "passed"));
    // Both hosts graded, and host 2 finished what host 1 left.
    const ranOn = new Set((await Promise.all(ids.map(startedOn))).flat());
    expect([...ranOn].sort()).toEqual([a, b].sort());
    // Exactly one recorded result each, every one from a living worker or graded before the kill.
    const judged = await deps.db
      .selectFrom("judgements")
      .select(["submission_id"])
      .where("submission_id", "in", ids)
      .execute();
    expect(judged.map((j) => j.submission_id).sort()).toEqual([...ids].sort());
    const completions = await deps.db
      .selectFrom("stage_completions")
      .select("submission_id")
      .where("submission_id", "in", ids)
      .execute();
    expect(completions).toHaveLength(ids.length * 2);
    // The dead host's sandboxes are reaped by the living one.
    await until(
      "host 1's sandboxes to be reaped",
      async () => (await sandboxContainers({ [LABEL.worker]: a })).length === 0,
      60_000,
    );
  });
});
