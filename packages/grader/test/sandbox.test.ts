// The sandbox container and the warm pool against the real Docker engine.
import { randomBytes } from "node:crypto";
import { DEFAULT_LIMITS } from "@bsod/contracts";
import { afterAll, describe, expect, it } from "vitest";
import { silentLogger } from "../src/log.ts";
import { LABEL } from "../src/sandbox/container-spec.ts";
import { HOSTS_VOLUME } from "../src/sandbox/hosts-file.ts";
import { SandboxPool } from "../src/sandbox/pool.ts";
import { docker, IMAGE, sandboxContainers, TEST_RUNTIME, testPool, until } from "../src/testing/helpers.ts";

const scope = `test-sandbox-${randomBytes(4).toString("hex")}`;
const spec = { image: IMAGE, limits: { ...DEFAULT_LIMITS, memoryMb: 128 } };
afterAll(async () => {
  for (const c of await sandboxContainers({ [LABEL.scope]: scope })) {
    await docker.getContainer(c.Id).remove({ force: true });
  }
});

describe("sandbox container", () => {
  it("is created with the isolation defaults", async () => {
    const pool = testPool(`w-${scope}`, scope);
    const s = await pool.take(spec, 60_000);
    try {
      const info = await s.container.inspect();
      const hc = info.HostConfig;
      expect(hc).toMatchObject({
        NetworkMode: "none",
        ReadonlyRootfs: true,
        Memory: 128 * 1024 * 1024,
        MemorySwap: 128 * 1024 * 1024,
        NanoCpus: 1e9,
        CapDrop: ["ALL"],
        CapAdd: ["SETUID", "SETGID", "KILL"],
        Init: true,
        Privileged: false,
        LogConfig: { Type: "none" },
      });
      // bsod's own seccomp profile (not the engine's default), and per-process limits
      expect(hc.SecurityOpt?.[0]).toBe("no-new-privileges");
      const profile = JSON.parse(hc.SecurityOpt?.[1]?.replace(/^seccomp=/, "") ?? "{}");
      expect(profile.defaultAction).toBe("SCMP_ACT_ERRNO");
      const refused = profile.syscalls.filter((r: { errnoRet?: number }) => r.errnoRet === 1);
      expect(refused.flatMap((r: { names: string[] }) => r.names)).toEqual(
        expect.arrayContaining(["io_uring_setup", "bpf", "userfaultfd", "perf_event_open", "unshare", "ptrace"]),
      );
      const fsize = (spec.limits.workDirMb + 16) * 1024 * 1024;
      expect(hc.Ulimits).toEqual(
        expect.arrayContaining([
          { Name: "core", Soft: 0, Hard: 0 },
          { Name: "fsize", Soft: fsize, Hard: fsize },
          { Name: "nofile", Soft: 8192, Hard: 8192 },
        ]),
      );
      if (TEST_RUNTIME === "runsc") {
        // gVisor: the program's limit is RLIMIT_NPROC inside the sandbox; the cgroup's is a backstop
        expect(hc.Runtime).toBe("runsc");
        expect(hc.Ulimits).toContainEqual({ Name: "nproc", Soft: DEFAULT_LIMITS.pids, Hard: DEFAULT_LIMITS.pids });
        expect(hc.PidsLimit).toBeGreaterThan(DEFAULT_LIMITS.pids * 5);
      } else {
        expect(hc.PidsLimit).toBe(DEFAULT_LIMITS.pids);
      }
      // no Docker networking (runc's own namespace: loopback only), and no host path but the
      // fixed hosts file, read-only
      expect((info.Config as { NetworkDisabled?: boolean }).NetworkDisabled).toBe(true);
      const hostsVolume = await docker.getVolume(HOSTS_VOLUME).inspect();
      expect(hc.Binds ?? []).toEqual([]);
      expect(hc.Mounts).toEqual([
        { Type: "bind", Source: `${hostsVolume.Mountpoint}/hosts`, Target: "/etc/hosts", ReadOnly: true },
      ]);
      // nothing from the worker's environment: only PATH, LANG and what the runner image declares
      const imageEnv = (await docker.getImage(IMAGE).inspect()).Config.Env ?? [];
      const added = info.Config.Env.filter((e) => !imageEnv.includes(e)).map((e) => e.split("=")[0]);
      expect(added.filter((k) => k !== "PATH" && k !== "LANG")).toEqual([]);
      expect(info.Config.Labels).toMatchObject({ [LABEL.sandbox]: "1", [LABEL.worker]: `w-${scope}` });
      expect(Number(info.Config.Labels[LABEL.deadline])).toBeGreaterThan(Date.now());
    } finally {
      await s.destroy();
    }
    await expect(s.container.inspect()).rejects.toMatchObject({ statusCode: 404 });
  });
});

describe("warm pool", () => {
  it("hands out pre-started containers once each and refills in the background", async () => {
    const workerId = `pool-${scope}`;
    const pool = testPool(workerId, scope, 2);
    pool.prewarm(spec);
    await until("two warm containers", async () => pool.warm === 2);
    const a = await pool.take(spec, 60_000);
    const b = await pool.take(spec, 60_000);
    expect(pool.stats).toEqual({ warmTakes: 2, freshTakes: 0 });
    expect(a.id).not.toBe(b.id);
    // each is started, its supervisor waiting for a job
    for (const s of [a, b]) {
      expect(s.usable).toBe(true);
      expect((await s.container.inspect()).State.Running).toBe(true);
    }
    await until("the pool to refill", async () => pool.warm === 2);
    const c = await pool.take(spec, 60_000);
    expect([a.id, b.id]).not.toContain(c.id);
    await Promise.all([a.destroy(), b.destroy(), c.destroy()]);
    expect(pool.inUse).toBe(0);
    await pool.close();
    expect(await sandboxContainers({ [LABEL.worker]: workerId })).toEqual([]);
  });

  it("does not hand out a warm container that could expire during the run", async () => {
    const pool = testPool(`short-${scope}`, scope, 1);
    pool.prewarm(spec);
    await until("a warm container", async () => pool.warm === 1);
    // a budget beyond the warm lifetime (30 min) needs a fresh container with a later deadline
    const s = await pool.take(spec, 3 * 3600_000);
    expect(pool.stats).toEqual({ warmTakes: 0, freshTakes: 1 });
    expect(s.deadline).toBeGreaterThan(Date.now() + 3 * 3600_000);
    await s.destroy();
    await pool.close();
  });
});

describe("hosts file", () => {
  it("is prepared again when its volume disappears, after one failed creation", async () => {
    const hostsVolume = `bsod-test-hosts-${scope}`;
    const pool = new SandboxPool({
      docker,
      workerId: `hosts-${scope}`,
      scope,
      runtime: TEST_RUNTIME,
      warmPerSpec: 0,
      logger: silentLogger,
      hostsVolume,
    });
    try {
      await (await pool.take(spec, 60_000)).destroy();
      await docker.getVolume(hostsVolume).remove();
      // the missing file is an error (never an empty directory in its place); a job would be retried
      await expect(pool.take(spec, 60_000)).rejects.toThrow(/bind source path does not exist/);
      const again = await pool.take(spec, 60_000);
      const info = await again.container.inspect();
      const volume = await docker.getVolume(hostsVolume).inspect();
      expect(info.HostConfig.Mounts?.[0]?.Source).toBe(`${volume.Mountpoint}/hosts`);
      await again.destroy();
    } finally {
      await pool.close();
      await docker
        .getVolume(hostsVolume)
        .remove()
        .catch(() => {});
    }
  });
});
