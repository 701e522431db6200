// Stage (access logs): one JSON line on stdout per request (time, method, path, status, bytes,
// duration_ms, request_id), and an X-Request-Id on every response: the client's when it is a
// sensible id, a fresh unique one otherwise — the same in the header and in the log line.
import type { ProgramProcess, StageContext } from "@bsod/harness";
import { defineStage, fail } from "@bsod/harness";
import { send } from "../../lib/checks.ts";
import { type Response, readResponse, request } from "../../lib/http.ts";
import { buildSite, connect, startServer } from "../../lib/site.ts";

const ID = /^[A-Za-z0-9._:-]{1,128}$/;

interface Expected {
  method: string;
  path: string;
  status: number;
  bytes: number;
}

async function logLine(ctx: StageContext, server: ProgramProcess, what: string): Promise<Record<string, unknown>> {
  const line = await server.readLine({ timeoutMs: 3_000, waitingFor: `the access log line of ${what} on stdout` });
  let entry: unknown;
  try {
    entry = JSON.parse(line);
  } catch {
    fail(
      `stdout line ${JSON.stringify(line.slice(0, 120))} is not JSON`,
      "stdout carries the access log only, one JSON object per line; print everything else on stderr",
    );
  }
  if (typeof entry !== "object" || entry === null || Array.isArray(entry))
    fail(`the access log line ${JSON.stringify(line.slice(0, 120))} is not a JSON object`);
  ctx.log.info(`  log: ${line.length > 160 ? `${line.slice(0, 160)}…` : line}`);
  return entry as Record<string, unknown>;
}

function check(entry: Record<string, unknown>, want: Expected, res: Response, what: string): void {
  for (const [k, v] of Object.entries(want)) {
    if (entry[k] !== v)
      fail(
        `the log line of ${what}: "${k}" should be ${JSON.stringify(v)}, got ${entry[k] === undefined ? "nothing" : JSON.stringify(entry[k])}`,
        k === "bytes"
          ? "bytes is the number of body bytes sent (0 for HEAD and 304)"
          : k === "path"
            ? "path is the request target as it arrived, query included"
            : "fields: time, method, path, status, bytes, duration_ms, request_id (numbers as JSON numbers)",
      );
  }
  const d = entry.duration_ms;
  if (typeof d !== "number" || d < 0 || d > 10_000)
    fail(
      `the log line of ${what}: "duration_ms" should be the milliseconds the request took, as a number, got ${JSON.stringify(d)}`,
    );
  const t = entry.time;
  if (
    typeof t !== "string" ||
    !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(t) ||
    Math.abs(Date.parse(t) - Date.now()) > 60_000
  )
    fail(
      `the log line of ${what}: "time" should be the current time in RFC 3339 (2026-01-02T03:04:05Z), got ${JSON.stringify(t)}`,
    );
  const header = res.headers["x-request-id"];
  if (entry.request_id !== header)
    fail(
      `${what}: the response's X-Request-Id is ${JSON.stringify(header)} but its log line says ${JSON.stringify(entry.request_id)}`,
      "the id in the header and in the log line must be the same: that is how a support ticket finds the log",
    );
}

export default defineStage({
  slug: "access-logs",
  async run(ctx) {
    const { log, random } = ctx;
    const site = buildSite(ctx);
    const server = await startServer(ctx, site, { logStdout: false }); // the test shows each line itself
    const conn = await connect(ctx);
    log.info("after each request the test reads one line from your program's stdout");

    const id = `req-${random.string(12, "abcdef0123456789")}`;
    const index = site.get("/index.html");
    const r1 = await send(
      ctx,
      conn,
      request("GET", "/index.html?ref=home", { "X-Request-Id": id }),
      `GET /index.html?ref=home with X-Request-Id: ${id}`,
    );
    if (r1.headers["x-request-id"] !== id)
      fail(
        `the request came with X-Request-Id: ${id}, the response has ${r1.headers["x-request-id"] === undefined ? "none" : JSON.stringify(r1.headers["x-request-id"])}`,
        "when the client (or the load balancer in front) sends an X-Request-Id, keep it: send it back and log it",
      );
    check(
      await logLine(ctx, server, "GET /index.html"),
      { method: "GET", path: "/index.html?ref=home", status: 200, bytes: index.body.length },
      r1,
      "GET /index.html?ref=home",
    );

    const seen = new Set<string>();
    for (const [method, path, status, bytes] of [
      ["GET", "/nope.html", 404, -1],
      ["HEAD", "/style.css", 200, 0],
      ["GET", "/data.json", 200, site.get("/data.json").body.length],
    ] as const) {
      const res = await send(ctx, conn, request(method, path));
      const rid = res.headers["x-request-id"];
      if (!rid || !ID.test(rid) || rid.length < 8)
        fail(
          `${method} ${path} came without an X-Request-Id; the response has ${rid === undefined ? "none" : JSON.stringify(rid)}`,
          "make a new unique id for every request that has none (16 random bytes in hex, a UUID, …) and send it back",
        );
      if (seen.has(rid)) fail(`two requests got the same new X-Request-Id ${rid}`, "each new id must be unique");
      seen.add(rid);
      const entry = await logLine(ctx, server, `${method} ${path}`);
      check(entry, { method, path, status, bytes: bytes === -1 ? res.body.length : bytes }, res, `${method} ${path}`);
    }
    log.pass("a JSON line per request; fresh unique ids");

    const hostile = 'x" , "status": 500, "y": "';
    const r2 = await send(
      ctx,
      conn,
      request("GET", "/notes.txt", { "X-Request-Id": hostile }),
      `GET /notes.txt with X-Request-Id: ${hostile}`,
    );
    const rid2 = r2.headers["x-request-id"] ?? "";
    if (!ID.test(rid2))
      fail(
        `an X-Request-Id with quotes and spaces was sent back as ${JSON.stringify(rid2)}`,
        "keep a client's id only when it is 1–128 characters of letters, digits and . _ : - ; otherwise make a new one (ids end up in logs and tools downstream)",
      );
    check(
      await logLine(ctx, server, "GET /notes.txt"),
      { method: "GET", path: "/notes.txt", status: 200, bytes: site.get("/notes.txt").body.length },
      r2,
      "GET /notes.txt (hostile id)",
    );
    log.pass("an id with quotes and spaces was replaced");

    const ids = ["pipe-1", "pipe-2", "pipe-3"];
    log.step("three pipelined requests with ids pipe-1, pipe-2, pipe-3");
    await conn.write(
      Buffer.concat(ids.map((i, k) => request("GET", k === 1 ? "/app.js" : "/style.css", { "X-Request-Id": i }))),
    );
    const responses: Response[] = [];
    for (const i of ids) responses.push(await readResponse(conn, "GET", `the request with X-Request-Id ${i}`));
    const logged: string[] = [];
    for (const _ of ids) logged.push(String((await logLine(ctx, server, "a pipelined request")).request_id));
    if (responses.map((r) => r.headers["x-request-id"]).join() !== ids.join())
      fail(
        `pipelined responses carry ids ${responses.map((r) => r.headers["x-request-id"]).join(", ")} instead of ${ids.join(", ")}`,
      );
    if ([...logged].sort().join() !== ids.join())
      fail(
        `the log lines of the pipeline have ids ${logged.join(", ")} instead of ${ids.join(", ")}`,
        "one line per request, none lost or repeated",
      );
    log.pass("every pipelined request logged once with its own id");
  },
});
