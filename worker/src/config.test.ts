import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.ts";

describe("loadConfig", () => {
  it("applies the defaults", () => {
    const c = loadConfig({ REDIS_URL: "redis://127.0.0.1:6379" });
    expect(c).toMatchObject({
      redisUrl: "redis://127.0.0.1:6379",
      dockerHost: undefined,
      concurrency: 2,
      queuePrefix: "bsod",
      runtime: "runc",
      warmContainers: 2,
      warmImages: [],
    });
    expect(c.workerId).toMatch(/-\d+$/);
  });

  it("reads every setting, warm containers defaulting to the concurrency", () => {
    const c = loadConfig({
      REDIS_URL: "redis://r:6379/1",
      DOCKER_HOST: "unix:///run/docker.sock",
      WORKER_CONCURRENCY: "4",
      WORKER_ID: "w-1",
      BSOD_QUEUE_PREFIX: "jam",
      SANDBOX_RUNTIME: "runsc",
      SANDBOX_VM_ACCEL: "tcg",
      WARM_IMAGES: "bsod/runner-python:latest, bsod/runner-c:latest",
    });
    expect(c).toMatchObject({
      concurrency: 4,
      warmContainers: 4,
      workerId: "w-1",
      queuePrefix: "jam",
      runtime: "runsc",
      vmAccel: "tcg",
    });
    expect(c.warmImages).toEqual(["bsod/runner-python:latest", "bsod/runner-c:latest"]);
    expect(loadConfig({ REDIS_URL: "redis://r", WARM_CONTAINERS: "0" }).warmContainers).toBe(0);
  });

  it("names the variable that is wrong", () => {
    expect(() => loadConfig({})).toThrow(ConfigError);
    expect(() => loadConfig({})).toThrow(/REDIS_URL/);
    expect(() => loadConfig({ REDIS_URL: "redis://r", SANDBOX_RUNTIME: "kata" })).toThrow(/SANDBOX_RUNTIME/);
    expect(() => loadConfig({ REDIS_URL: "redis://r", SANDBOX_VM_ACCEL: "hvf" })).toThrow(/SANDBOX_VM_ACCEL/);
    expect(() => loadConfig({ REDIS_URL: "redis://r", WORKER_CONCURRENCY: "0" })).toThrow(/WORKER_CONCURRENCY/);
  });

  it("refuses a remote tcp:// Docker engine without TLS, and says why", () => {
    const env = { REDIS_URL: "redis://r" };
    expect(() => loadConfig({ ...env, DOCKER_HOST: "tcp://10.0.0.5:2375" })).toThrow(
      "invalid worker configuration — DOCKER_HOST: tcp://10.0.0.5:2375 is a remote Docker engine without TLS; anyone who can reach that port can run containers as root on it",
    );
    expect(() => loadConfig({ ...env, DOCKER_HOST: "tcp://docker.internal:2375" })).toThrow(/without TLS/);
    // loopback, a socket, or TLS with a client certificate are fine
    expect(loadConfig({ ...env, DOCKER_HOST: "tcp://127.0.0.1:2375" }).dockerHost).toBe("tcp://127.0.0.1:2375");
    expect(loadConfig({ ...env, DOCKER_HOST: "tcp://localhost:2375" }).dockerTls).toBeUndefined();
    expect(
      loadConfig({ ...env, DOCKER_HOST: "tcp://10.0.0.5:2376", DOCKER_TLS_VERIFY: "1", DOCKER_CERT_PATH: "/certs" })
        .dockerTls,
    ).toEqual({ certPath: "/certs" });
    expect(() => loadConfig({ ...env, DOCKER_HOST: "tcp://10.0.0.5:2376", DOCKER_TLS_VERIFY: "1" })).toThrow(
      /DOCKER_CERT_PATH/,
    );
  });
});
