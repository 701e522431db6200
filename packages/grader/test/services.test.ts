// Sidecar services against real containers: the program and the harness reach a run's own
// PostgreSQL and Redis (by name and on loopback), nothing else does, a service that never comes
// up is our fault, and nothing is left once the run is over.
import { randomBytes } from "node:crypto";
import { runServices, type ServiceSpec } from "@bsod/contracts";
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

describe.concurrent("sidecar services", () => {
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
