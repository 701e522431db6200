// Stage (zero-downtime restart): under steady traffic a second copy of the server starts beside
// the first (both on port 8080: SO_REUSEPORT), serves, and the first gets SIGTERM and drains.
// Not one request may fail: no refused or reset connection, no request left unanswered.
import type { Connection, ProgramProcess, StageContext } from "@bsod/harness";
import { defineStage, fail, isStageFailure } from "@bsod/harness";
import { closeDialed, dial } from "../../lib/clients.ts";
import { readResponse, request } from "../../lib/http.ts";
import { buildSite, connect, type SiteFile, startServer } from "../../lib/site.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Load {
  served: number;
  reused: number;
  retried: number;
  failures: string[];
  stop: boolean;
}

/** One request; a response that is not the file, or none, is a failure (thrown). */
async function once(conn: Connection, file: SiteFile, what: string): Promise<boolean> {
  await conn.write(request("GET", "/small.txt"));
  const res = await readResponse(conn, "GET", what, { timeoutMs: 5_000 });
  if (res.status !== 200 || !res.body.equals(file.body)) throw new Error(`${what}: got ${res.status} ${res.reason}`);
  return res.headers.connection?.toLowerCase() !== "close";
}

function describe(e: unknown): string {
  if (isStageFailure(e) || e instanceof Error) return e.message;
  return String(e);
}

/** A client that keeps its connection while the server lets it, and reconnects when it closes. */
async function keepAliveClient(ctx: StageContext, file: SiteFile, load: Load, n: number, t0: number): Promise<void> {
  let conn: Connection | undefined;
  while (!load.stop) {
    const at = ((performance.now() - t0) / 1000).toFixed(2);
    const reused = conn !== undefined && !conn.socket.destroyed && !conn.socket.readableEnded;
    try {
      if (!reused) conn = await dial(ctx);
      const keep = await once(conn as Connection, file, `keep-alive client ${n}, ${at} s in`);
      load.served++;
      if (reused) load.reused++;
      if (!keep) {
        conn?.close();
        conn = undefined;
      }
    } catch (e) {
      conn?.close();
      conn = undefined;
      if (!reused) {
        load.failures.push(`a new connection of keep-alive client ${n}, ${at} s in: ${describe(e)}`);
        continue;
      }
      // RFC 9112 §9.3.1: a server may close an idle connection just as a request goes out; a
      // client retries an idempotent request once on a new connection.
      try {
        conn = await dial(ctx);
        if (!(await once(conn, file, `keep-alive client ${n} (retried), ${at} s in`))) {
          conn.close();
          conn = undefined;
        }
        load.served++;
        load.retried++;
      } catch (e2) {
        load.failures.push(`keep-alive client ${n}, ${at} s in, retried on a new connection: ${describe(e2)}`);
        conn = undefined;
      }
    }
    await sleep(10);
  }
  conn?.close();
}

/** A client that opens a new connection for every request. */
async function freshClient(ctx: StageContext, file: SiteFile, load: Load, n: number, t0: number): Promise<void> {
  while (!load.stop) {
    const at = ((performance.now() - t0) / 1000).toFixed(2);
    try {
      const conn = await dial(ctx);
      try {
        await once(conn, file, `client ${n} on a new connection, ${at} s in`);
        load.served++;
      } finally {
        conn.close();
      }
    } catch (e) {
      load.failures.push(`client ${n} on a new connection, ${at} s in: ${describe(e)}`);
    }
    await sleep(15);
  }
}

/** Waits for the new copy's first access log line (it has served a request), or for its exit. */
async function firstServed(copy: ProgramProcess): Promise<"served" | "exited"> {
  const exited = copy.wait({ timeoutMs: 30_000 }).then(
    () => "exited" as const,
    () => "exited" as const,
  );
  const served = copy
    .readLine({ timeoutMs: 8_000, waitingFor: "the new copy's first access log line" })
    .then(() => "served" as const);
  return Promise.race([served, exited]);
}

export default defineStage({
  slug: "zero-downtime-restart",
  async run(ctx) {
    const { log, random } = ctx;
    const site = buildSite(ctx, { "/small.txt": `${random.words(10).join(" ")}\n` });
    const file = site.get("/small.txt");
    const old = await startServer(ctx, site, { logStdout: false });
    (await connect(ctx)).close();

    const load: Load = { served: 0, reused: 0, retried: 0, failures: [], stop: false };
    const t0 = performance.now();
    log.step("traffic: 3 keep-alive clients and 3 clients that connect for every request, all the time");
    const clients = [
      ...[1, 2, 3].map((n) => keepAliveClient(ctx, file, load, n, t0)),
      ...[4, 5, 6].map((n) => freshClient(ctx, file, load, n, t0)),
    ];
    await sleep(500);

    log.step("$ ./your_program --directory … (a second copy, the new version, while the first still runs)");
    const copy = await ctx.program.start(["--directory", site.root], { logStdout: false, allowExit: true });
    const outcome = await firstServed(copy).catch((e) => {
      load.stop = true;
      if (isStageFailure(e) && e.verdict === "timeout")
        fail(
          "the second copy was running but served no request within 8 s (no access log line on its stdout)",
          "both copies must listen on port 8080 at once: set SO_REUSEPORT on the listening socket before bind(), in every copy; the kernel then spreads new connections over them",
        );
      throw e;
    });
    if (outcome === "exited") {
      load.stop = true;
      const err = copy.stderr().trim().split("\n").slice(-3).join("\n");
      fail(
        `the second copy exited at once${err ? `; its stderr:\n${err}` : ""}`,
        "it could not listen on port 8080 while the first copy did: set SO_REUSEPORT on the listening socket before bind(), in every copy",
      );
    }
    log.pass("the second copy is serving");

    log.step("$ kill -TERM <the first copy>");
    old.kill("SIGTERM");
    const exit = await old.wait({ timeoutMs: 8_000 });
    if (exit.exitCode !== 0)
      fail(
        `the first copy ended with ${exit.signal ?? `exit code ${exit.exitCode}`} after SIGTERM`,
        "drain and exit with code 0 (see the graceful-shutdown stage)",
      );
    log.pass("the first copy drained and exited with code 0");
    await sleep(700);
    load.stop = true;
    await Promise.all(clients);
    closeDialed();

    log.info(
      `${load.served} requests served (${load.reused} on reused connections, ${load.retried} retried once after an idle close)`,
    );
    if (load.failures.length > 0)
      fail(
        `${load.failures.length} request(s) failed during the restart; the first: ${load.failures[0]}`,
        "the old copy must close its listening socket first, then finish every request it has accepted (answering them with Connection: close) and close idle connections, before it exits",
      );
    if (load.served < 50)
      fail(`only ${load.served} requests were served in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    log.pass("no request failed");
  },
});
