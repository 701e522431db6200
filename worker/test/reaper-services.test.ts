// The reaper and sidecar services: a dead worker's run leaves its sandbox and the services in
// its network behind; the reaper finds both by the same labels and removes them.
import { randomBytes } from "node:crypto";
import { DEFAULT_LIMITS, runServices } from "@bsod/contracts";
import { ensureHostsFile, LABEL, RunServices, Sandbox, silentLogger } from "@bsod/grader";
import { docker, IMAGE, sandboxContainers } from "@bsod/grader/testing";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { reapOrphans } from "../src/sandbox/reaper.ts";

const redis = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
const scope = `test-reaper-svc-${randomBytes(4).toString("hex")}`;
afterAll(async () => {
  for (const c of await sandboxContainers({ [LABEL.scope]: scope })) {
    await docker.getContainer(c.Id).remove({ force: true });
  }
  await redis.quit();
});

describe("reaper", () => {
  it("removes a dead worker's services with its sandbox", async () => {
    const labels = { workerId: `dead-${scope}`, scope, deadline: Date.now() + 600_000 };
    const hostsFile = await ensureHostsFile(docker, IMAGE, undefined, ["cache"]);
    const spec = { image: IMAGE, limits: { ...DEFAULT_LIMITS, memoryMb: 128 }, hostNames: ["cache"] };
    const sandbox = await Sandbox.create({ docker, spec, runtime: "runc", labels, hostsFile });
    // the worker "dies" here: nothing of it will remove these
    await RunServices.start(
      docker,
      sandbox.id,
      runServices({ services: [{ name: "cache", image: "redis", ready: { tcp: 6379 } }] }, []),
      labels,
    );
    const left = await sandboxContainers({ [LABEL.scope]: scope });
    expect(left.map((c) => c.Labels[LABEL.service] ?? "sandbox").sort()).toEqual(["cache", "sandbox"]);
    const reaped = await reapOrphans({
      docker,
      redis,
      scope,
      selfId: `self-${scope}`,
      startup: false,
      logger: silentLogger,
    });
    // (it may also reap other tests' expired containers: any reaper may)
    expect(reaped).toEqual(expect.arrayContaining(left.map((c) => c.Id)));
    expect(await sandboxContainers({ [LABEL.scope]: scope })).toEqual([]);
  });
});
