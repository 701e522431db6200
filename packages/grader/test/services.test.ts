// Sidecar services against real containers: the program and the harness reach a run's own
// PostgreSQL and Redis (by name and on loopback), nothing else does, a service that never comes
// up is our fault, and nothing is left once the run is over.
import { randomBytes } from "node:crypto";
import { DEFAULT_LIMITS, runServices, type ServiceSpec } from "@bsod/contracts";
import { afterAll, describe, expect, it } from "vitest";
import { LABEL } from "../src/sandbox/container-spec.ts";
import { fixtureHarness } from "../src/testing/fixture-harness.ts";
import {
  grade,
  makeJob,
  programLines,
  pythonSource,
  sandboxContainers,
  testPool,
  until,
} from "../src/testing/helpers.ts";
import { serviceHarness } from "../src/testing/service-harness.ts";

const workerId = `test-services-${randomBytes(4).toString("hex")}`;
const pool = testPool(workerId, `test-${workerId}`);
afterAll(() => pool.close());

const services: ServiceSpec[] = runServices(
  {
    services: [
      { name: "db", image: "postgres", env: { POSTGRES_DB: "app", POSTGRES_USER: "app" }, ready: { tcp: 5432 } },
      { name: "cache", image: "redis", ready: { tcp: 6379 } },
    ],
  },
  [],
);

/** Talks to both services over raw sockets: Redis PING, and PostgreSQL's answer to an SSLRequest. */
const probe = `
import socket, struct
def redis(host):
    s = socket.create_connection((host, 6379), timeout=3)
    s.sendall(b"PING\\r\\n")
    return s.recv(64).decode().strip()
def postgres(host):
    s = socket.create_connection((host, 5432), timeout=3)
    s.sendall(struct.pack("!ii", 8, 80877103))
    return "postgres:" + s.recv(1).decode()
print(redis("cache"), postgres("db"), redis("127.0.0.1"), postgres("127.0.0.1"))
`;

/** Connects to host:port: "up", "refused" or "hangs" (nothing answers within a second). */
const connect = `
import socket, sys
host, port = sys.argv[1], int(sys.argv[2])
try:
    s = socket.create_connection((host, port), timeout=1)
    if port == 6379:
        s.sendall(b"PING\\r\\n")
        s.recv(16)
    else:
        s.sendall(b"\\x00\\x00\\x00\\x08\\x04\\xd2\\x16\\x2f")
        s.recv(1)
    print("up")
except ConnectionRefusedError:
    print("refused")
except socket.timeout:
    print("hangs")
`;

describe.concurrent("sidecar services", () => {
  it("the harness stops, restarts, pauses and queries them; the program sees each change", async () => {
    const harness = serviceHarness([
      { run: ["db", "5432"], expect: "up" },
      {
        call: "db",
        op: "exec",
        argv: ["psql", "-d", "app", "-Atc", "create table t (v int); insert into t values (42)"],
        expect: "0:CREATE TABLE\nINSERT 0 1",
      },
      { call: "db", op: "stop" },
      { call: "db", op: "state", expect: "stopped" },
      { run: ["db", "5432"], expect: "refused" },
      { call: "db", op: "start" },
      { run: ["db", "5432"], expect: "up" },
      // a restart keeps what the run stored
      { call: "db", op: "exec", argv: ["psql", "-d", "app", "-At"], stdin: "select v from t;", expect: "0:42" },
      { call: "cache", op: "exec", argv: ["redis-cli", "SET", "k", "v1"], expect: "0:OK" },
      { call: "cache", op: "pause" },
      { call: "cache", op: "state", expect: "paused" },
      { run: ["cache", "6379"], expect: "hangs" },
      { call: "cache", op: "resume" },
      { run: ["cache", "6379"], expect: "up" },
      { call: "cache", op: "exec", argv: ["redis-cli", "GET", "k"], expect: "0:v1" },
      // the run's loopback is the only network a service has
      { call: "db", op: "exec", argv: ["ls", "/sys/class/net"], expect: "0:lo" },
      { call: "nosuch", op: "stop", expect: 'error: this run has no service "nosuch" (its services: cache, db)' },
    ]);
    const { result, events } = await grade(
      pool,
      makeJob({ services, limits: { ...DEFAULT_LIMITS, memoryMb: 256, stageTimeoutMs: 60_000 } }),
      pythonSource(connect),
      harness,
    );
    const log = events.flatMap((e) => (e.type === "stage.log" ? [e.line] : []));
    expect(result.stages[0], `${log.join("\n")}\n${result.stages[0]?.message ?? result.build.message}`).toMatchObject({
      status: "passed",
    });
  });

  it("are reachable from the program by name and on loopback, and are removed with the run", async () => {
    const job = makeJob({ services });
    const { result, events, containerIds } = await grade(
      pool,
      job,
      pythonSource(probe),
      fixtureHarness({ one: { expect: "+PONG postgres:N +PONG postgres:N" } }),
    );
    expect(programLines(events)).toEqual(["+PONG postgres:N +PONG postgres:N"]);
    expect(result.status).toBe("passed");
    await until(
      "the run's service containers are removed",
      async () => (await sandboxContainers({ [LABEL.serviceOf]: containerIds[0] as string })).length === 0,
    );
  });

  it("a service that never becomes ready is an internal error naming it", async () => {
    const [db] = runServices(
      { services: [{ name: "db", image: "postgres", ready: { tcp: 5499, timeoutMs: 1_500 } }] },
      [],
    );
    const { result, containerIds } = await grade(
      pool,
      makeJob({ services: [db as ServiceSpec] }),
      pythonSource("print(1)\n"),
      fixtureHarness({ one: { expect: "1" } }),
    );
    expect(result.status).toBe("internal_error");
    expect(result.build.message).toMatch(/service db did not become ready: nothing answered on port 5499/);
    expect(result.build.message).toContain("does not count against you");
    await until(
      "the failed service is removed",
      async () => (await sandboxContainers({ [LABEL.serviceOf]: containerIds[0] as string })).length === 0,
    );
  });
});
