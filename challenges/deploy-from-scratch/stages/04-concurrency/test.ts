// Stage 4: concurrency. 500 connections open at once all get answered; then, while clients
// that send half a request and clients that stop reading a large file hold their connections,
// 50 keep-alive clients make 1,000 requests: each must be answered, and their p99 latency is
// the stage's metric (lower is better).
import type { Connection, StageContext } from "@bsod/harness";
import { defineStage, fail } from "@bsod/harness";
import { expectFile } from "../../lib/checks.ts";
import { readResponse, request } from "../../lib/http.ts";
import { buildSite, connect, type SiteFile, startServer } from "../../lib/site.ts";

const CONNECTIONS = 500;
const BATCH = 100;
const LATENCY_CLIENTS = 50;
const REQUESTS_EACH = 20;
const SLOW_HEADS = 3;
const SLOW_READERS = 2;
const BIG = 6 * 1024 * 1024;
const P99_LIMIT_MS = 1_000;
const BLOCKED =
  "serve each connection independently — a thread or task per connection, or an event loop (epoll/poll) with non-blocking sockets — so one slow client never holds up the others";

async function openAll(ctx: StageContext): Promise<Connection[]> {
  const conns: Connection[] = [];
  for (let i = 0; i < CONNECTIONS; i += BATCH) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(BATCH, CONNECTIONS - i) }, () => connect(ctx, 5_000)),
    );
    conns.push(...batch);
  }
  return conns;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

export default defineStage({
  slug: "concurrency",
  async run(ctx) {
    const { log, random } = ctx;
    const big = Buffer.alloc(BIG);
    for (let i = 0; i < BIG; i += 4096) big.writeUInt32LE(random.int(0, 0xffffffff), i);
    const site = buildSite(ctx, { "/small.txt": `${random.words(12).join(" ")}\n`, "/big.bin": big });
    const small = site.get("/small.txt");
    await startServer(ctx, site, { logStdout: false });
    (await connect(ctx)).close();

    log.step(`opening ${CONNECTIONS} connections (${BATCH} at a time), then GET /small.txt on all of them at once`);
    const conns = await openAll(ctx);
    const started = performance.now();
    const first = await Promise.all(
      conns.map(async (c, i) => {
        await c.write(request("GET", "/small.txt"));
        return readResponse(c, "GET", `GET /small.txt on connection ${i + 1} of ${CONNECTIONS}`, { timeoutMs: 15_000 });
      }),
    );
    for (const [i, res] of first.entries()) expectFile(res, small, `GET /small.txt on connection ${i + 1}`);
    log.pass(`${CONNECTIONS} concurrent connections answered in ${Math.round(performance.now() - started)} ms`);

    log.step(
      `${SLOW_HEADS} clients send half a request and go quiet; ${SLOW_READERS} ask for a ${BIG >> 20} MB file and stop reading`,
    );
    const slowHeads = conns.slice(0, SLOW_HEADS);
    const half = request("GET", "/small.txt", { "User-Agent": "slowloris/1.0" });
    for (const c of slowHeads) await c.write(half.subarray(0, 20));
    const readers = await Promise.all(Array.from({ length: SLOW_READERS }, () => connect(ctx)));
    for (const r of readers) {
      r.socket.pause();
      await r.write(request("GET", "/big.bin"));
    }
    await new Promise((r) => setTimeout(r, 300)); // let the big responses fill the socket buffers

    const clients = random.shuffle(conns.slice(SLOW_HEADS)).slice(0, LATENCY_CLIENTS);
    log.step(`${LATENCY_CLIENTS} keep-alive clients × ${REQUESTS_EACH} requests for /small.txt, each measured`);
    const latencies: number[] = [];
    await Promise.all(
      clients.map(async (c, k) => {
        for (let i = 0; i < REQUESTS_EACH; i++) {
          const t = performance.now();
          await c.write(request("GET", "/small.txt"));
          const res = await readResponse(
            c,
            "GET",
            `GET /small.txt (client ${k + 1}, request ${i + 1}) while slow clients are connected`,
            {
              timeoutMs: 5_000,
              closedHint: BLOCKED,
            },
          ).catch((e) => {
            if (e instanceof Error && e.message.includes("did not send")) fail(`${e.message}`, BLOCKED);
            throw e;
          });
          latencies.push(performance.now() - t);
          expectFile(res, small, "GET /small.txt");
        }
      }),
    );
    latencies.sort((a, b) => a - b);
    const p50 = percentile(latencies, 50);
    const p99 = percentile(latencies, 99);
    log.info(
      `${latencies.length} requests: p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${(latencies.at(-1) ?? 0).toFixed(1)} ms`,
    );
    if (p99 > P99_LIMIT_MS)
      fail(
        `p99 latency ${Math.round(p99)} ms while slow clients were connected (the limit is ${P99_LIMIT_MS} ms)`,
        BLOCKED,
      );

    log.step("the slow clients finish their requests and start reading");
    await Promise.all(slowHeads.map((c) => c.write(half.subarray(20))));
    for (const [i, c] of slowHeads.entries())
      expectFile(
        await readResponse(c, "GET", `GET /small.txt (slow client ${i + 1}, finished after 1 s)`),
        small,
        "a request whose head arrived in two parts, a second apart",
      );
    const bigFile = site.get("/big.bin") as SiteFile;
    for (const [i, r] of readers.entries()) {
      r.socket.resume();
      expectFile(
        await readResponse(r, "GET", `GET /big.bin (slow reader ${i + 1})`, { timeoutMs: 15_000 }),
        bigFile,
        "GET /big.bin read slowly",
      );
    }
    log.pass("slow clients were served too, without holding up the others");
    for (const c of [...conns, ...readers]) c.close();
    const metric = Math.round(p99 * 10) / 10;
    log.pass(`p99 latency: ${metric} ms`);
    return { metric };
  },
});
