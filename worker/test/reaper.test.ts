// The reaper against the real Docker engine and Redis: it removes sandboxes past their deadline
// or of dead workers, and keeps the living ones.
import { randomBytes } from "node:crypto";
import { DEFAULT_LIMITS } from "@bsod/contracts";
import { ensureHostsFile, LABEL, Sandbox, silentLogger } from "@bsod/grader";
import { docker, IMAGE, sandboxContainers } from "@bsod/grader/testing";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { Heartbeat, heartbeatKey } from "../src/sandbox/heartbeat.ts";
import { reapOrphans } from "../src/sandbox/reaper.ts";

const redis = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
const scope = `test-reaper-${randomBytes(4).toString("hex")}`;
const spec = { image: IMAGE, limits: { ...DEFAULT_LIMITS, memoryMb: 128 } };
afterAll(async () => {
  for (const c of await sandboxContainers({ [LABEL.scope]: scope })) {
    await docker.getContainer(c.Id).remove({ force: true });
  }
  await redis.quit();
});

describe("reaper", () => {
  async function orphan(workerId: string, deadline: number): Promise<Sandbox> {
    const hostsFile = await ensureHostsFile(docker, IMAGE);
    return Sandbox.create({ docker, spec, runtime: "runc", labels: { workerId, scope, deadline }, hostsFile });
  }

  it("removes containers past their deadline or of dead workers, and keeps the living ones", async () => {
    const living = `living-${scope}`;
    // A long TTL: the living worker must not look dead because this busy host was slow to beat.
    const beat = new Heartbeat(redis, heartbeatKey(scope, living), 60_000, () => {});
    await beat.start();
    const [expired, ofDead, ofLiving, ofSelf] = await Promise.all([
      orphan(living, Date.now() - 1),
      orphan(`dead-${scope}`, Date.now() + 600_000),
      orphan(living, Date.now() + 600_000),
      orphan(`self-${scope}`, Date.now() + 600_000),
    ]);
    const common = { docker, redis, scope, selfId: `self-${scope}`, logger: silentLogger };
    const exists = async (s: Sandbox) => (await sandboxContainers({ [LABEL.scope]: scope })).some((c) => c.Id === s.id);
    const reaped = await reapOrphans({ ...common, startup: false });
    // (another test file's worker may reap the expired one first: any reaper may)
    expect(reaped).toContain(ofDead.id);
    expect(reaped).not.toContain(ofLiving.id);
    expect(await exists(expired)).toBe(false);
    expect(await exists(ofLiving)).toBe(true);
    expect(await exists(ofSelf)).toBe(true);
    // at start, containers labelled with our own id are leftovers of an earlier process (a
    // removal the first pass started may still be listed on a busy engine: only those may recur)
    const atStart = await reapOrphans({ ...common, startup: true });
    expect(atStart).toContain(ofSelf.id);
    expect(atStart.filter((id) => ![ofSelf.id, expired.id, ofDead.id].includes(id))).toEqual([]);
    await beat.stop();
    expect(await reapOrphans({ ...common, startup: false })).toContain(ofLiving.id);
    expect(await sandboxContainers({ [LABEL.scope]: scope })).toEqual([]);
  });
});

describe("reaper across deployments", () => {
  it("never judges another deployment's sandboxes by its own heartbeats, only long-abandoned ones", async () => {
    const other = `${scope}-other`;
    const make = (s: string, deadline: number) =>
      ensureHostsFile(docker, IMAGE).then((hostsFile) =>
        Sandbox.create({
          docker,
          spec,
          runtime: "runc",
          labels: { workerId: `w-${s}`, scope: s, deadline },
          hostsFile,
        }),
      );
    const [running, justExpired, abandoned] = await Promise.all([
      make(other, Date.now() + 600_000),
      make(other, Date.now() - 60_000),
      make(other, Date.now() - 11 * 60_000),
    ]);
    try {
      // Its owner's heartbeat is in the other deployment's Redis: from here it looks dead.
      const reaped = await reapOrphans({
        docker,
        redis,
        scope,
        selfId: `self-${scope}`,
        logger: silentLogger,
        startup: true,
      });
      expect(reaped).not.toContain(running.id);
      expect(reaped).not.toContain(justExpired.id);
      // (the abandoned one may be removed by this pass or by another test file's reaper: any
      // deployment may remove a sandbox abandoned that long; either way it is gone below)
      const left = (await sandboxContainers({ [LABEL.scope]: other })).map((c) => c.Id);
      expect(left.sort()).toEqual([running.id, justExpired.id].sort());
    } finally {
      await Promise.all([running.destroy(), justExpired.destroy(), abandoned.destroy()]);
    }
  });
});
