// Stage (rate limiting): a token bucket per client IP address, configured by RATE_LIMIT_RPS and
// RATE_LIMIT_BURST. A burst beyond it gets 429 with Retry-After; another client (another
// loopback address) is not affected; after Retry-After seconds the first client is served again.
import type { Connection, StageContext } from "@bsod/harness";
import { defineStage, fail } from "@bsod/harness";
import { expectFile, expectFramed, send } from "../../lib/checks.ts";
import { closeDialed, dial } from "../../lib/clients.ts";
import { exchange, type Response, request } from "../../lib/http.ts";
import { buildSite, connect, startServer } from "../../lib/site.ts";

async function from(ctx: StageContext, address: string): Promise<Connection> {
  try {
    return await dial(ctx, address);
  } catch (e) {
    throw new Error(`cannot connect from ${address}: ${(e as Error).message}`);
  }
}

export default defineStage({
  slug: "rate-limiting",
  async run(ctx) {
    const { log, random } = ctx;
    const site = buildSite(ctx);
    const rate = random.int(3, 6);
    const burst = random.int(8, 12);
    log.info(`RATE_LIMIT_RPS=${rate} RATE_LIMIT_BURST=${burst}`);
    await startServer(ctx, site, {
      env: { RATE_LIMIT_RPS: String(rate), RATE_LIMIT_BURST: String(burst) },
      logStdout: false,
    });
    (await connect(ctx)).close();
    const file = site.get("/style.css");

    const a = await from(ctx, "127.0.0.2");
    const total = burst + 12;
    log.step(`client 127.0.0.2 sends ${total} requests for /style.css, one after the other, as fast as it can`);
    const started = performance.now();
    const answers: Response[] = [];
    for (let i = 0; i < total; i++) answers.push(await exchange(a, request("GET", "/style.css")));
    const seconds = (performance.now() - started) / 1000;
    const ok = answers.filter((r) => r.status === 200).length;
    const limited = answers.filter((r) => r.status === 429);
    log.info(`  ← ${ok} × 200, ${limited.length} × 429 in ${seconds.toFixed(2)} s`);
    const firstLimited = answers.findIndex((r) => r.status === 429);
    if (firstLimited >= 0 && firstLimited < burst)
      fail(
        `request ${firstLimited + 1} was refused with 429, but a burst of ${burst} requests is allowed`,
        "the bucket starts full: RATE_LIMIT_BURST tokens, each request takes one, RATE_LIMIT_RPS tokens come back per second",
      );
    for (const [i, r] of answers.entries()) {
      if (r.status === 200) expectFile(r, file, `request ${i + 1}`);
      else if (r.status !== 429)
        fail(`request ${i + 1}: expected 200 or 429 Too Many Requests, got ${r.status} ${r.reason}`);
    }
    const allowed = burst + Math.ceil(rate * seconds) + 1;
    if (ok > allowed)
      fail(
        `${ok} of ${total} requests were served in ${seconds.toFixed(2)} s; with a burst of ${burst} and ${rate}/s at most ${allowed} should be`,
        "limit each client by its IP address (the peer address of the connection), with a token bucket: capacity RATE_LIMIT_BURST, refilled at RATE_LIMIT_RPS per second",
      );
    const last = limited.at(-1);
    if (!last)
      fail(
        `all ${total} requests were served in ${seconds.toFixed(2)} s; with RATE_LIMIT_BURST=${burst} and RATE_LIMIT_RPS=${rate} some must get 429`,
        "read RATE_LIMIT_RPS and RATE_LIMIT_BURST from the environment; limit each client IP with a token bucket",
      );
    expectFramed(last, "the 429 response");
    const retry = last.headers["retry-after"];
    if (retry === undefined || !/^\d+$/.test(retry) || Number(retry) < 1)
      fail(
        `a 429 must say when to come back: Retry-After ${retry === undefined ? "is missing" : JSON.stringify(retry)}`,
        "Retry-After: <whole seconds, at least 1> — the time until the bucket has a token again, rounded up",
      );
    log.pass(`the first ${burst} requests passed, then 429 with Retry-After: ${retry}`);

    const b = await from(ctx, "127.0.0.3");
    const other = await send(ctx, b, request("GET", "/style.css"), "GET /style.css from another client, 127.0.0.3");
    if (other.status === 429)
      fail(
        "another client (127.0.0.3) was refused because 127.0.0.2 used up its budget",
        "keep one bucket per client IP address, not one for the whole server",
      );
    expectFile(other, file, "GET /style.css from 127.0.0.3");
    log.pass("another client is not affected");

    const wait = Math.min(Number(retry), 3);
    log.step(`127.0.0.2 waits ${wait} s (its Retry-After), then asks again`);
    await new Promise((r) => setTimeout(r, wait * 1000 + 50));
    const again = await send(ctx, a, request("GET", "/style.css"), "GET /style.css from 127.0.0.2 again");
    if (again.status === 429)
      fail(
        `after waiting Retry-After (${retry} s) the client is still refused`,
        "Retry-After must be honest: after that many seconds the request is served",
      );
    expectFile(again, file, "GET /style.css after Retry-After");
    log.pass("served again after Retry-After");
    closeDialed();
  },
});
