// Stage 7: SET key value PX <ms> / EX <s>: the key disappears once its time is up. Checked
// with real waiting: short expiries, then GET must answer the null bulk string.
import { defineStage } from "@bsod/harness";
import { expectReply, resp, roundTrip, sleep, startAndConnect } from "../../lib/redis.ts";

const OK = resp.simple("OK");
const EXPIRED =
  "a key whose expiry has passed must look missing: store the deadline (now + PX milliseconds) with the value and check it on GET";

export default defineStage({
  slug: "expiry",
  title: "Expiry with PX and EX",
  async run(ctx) {
    const { log, random } = ctx;
    const client = await startAndConnect(ctx);
    const short = `short:${random.word()}`;
    const long = `long:${random.word()}`;
    const forever = `forever:${random.word()}`;
    const px = random.int(100, 200);
    await roundTrip(
      client,
      log,
      ["SET", short, "soon-gone", "PX", String(px)],
      OK,
      "SET accepts the option PX <milliseconds>",
    );
    await roundTrip(
      client,
      log,
      ["SET", long, "stays", "px", "5000"],
      OK,
      "option names are case-insensitive too (px = PX)",
    );
    await roundTrip(client, log, ["SET", forever, "always"], OK);
    await roundTrip(
      client,
      log,
      ["GET", long],
      resp.bulk("stays"),
      "a key with an expiry still answers until its time is up",
    );

    log.step(`waiting ${px + 150} ms`);
    await sleep(px + 150);
    await roundTrip(client, log, ["GET", short], resp.nullBulk(), EXPIRED);
    await roundTrip(
      client,
      log,
      ["GET", long],
      resp.bulk("stays"),
      `PX 5000 means 5000 milliseconds: it has not expired yet`,
    );
    await roundTrip(client, log, ["GET", forever], resp.bulk("always"), "a key set without PX/EX never expires");

    log.step("a plain SET removes an earlier expiry");
    const reset = `reset:${random.word()}`;
    await roundTrip(client, log, ["SET", reset, "v1", "PX", "100"], OK);
    await roundTrip(client, log, ["SET", reset, "v2"], OK);
    log.step("waiting 250 ms");
    await sleep(250);
    await roundTrip(
      client,
      log,
      ["GET", reset],
      resp.bulk("v2"),
      "SET without PX/EX clears the key's old expiry (as in Redis)",
    );

    log.step("EX counts in seconds");
    const ex = `ex:${random.word()}`;
    await roundTrip(client, log, ["SET", ex, "one-second", "EX", "1"], OK, "SET accepts the option EX <seconds>");
    const setAt = Date.now();
    log.step("waiting 300 ms");
    await sleep(300);
    // On a badly overloaded machine the wait can overshoot: judge "not expired yet" only while
    // clearly under 1 s.
    if (Date.now() - setAt < 800) {
      await roundTrip(
        client,
        log,
        ["GET", ex],
        resp.bulk("one-second"),
        "EX is in seconds: EX 1 lasts 1000 ms, not 1 ms",
      );
    } else log.warn("the machine is slow right now: skipped checking that EX 1 still holds after 300 ms");
    log.step("waiting 1000 ms more");
    await sleep(1_000);
    await roundTrip(client, log, ["GET", ex], resp.nullBulk(), `${EXPIRED} (EX 1 = 1000 ms)`);
    await sleep(10);
    expectReply(await client.send(["PING"]), resp.simple("PONG"), { command: "PING" });
    log.pass("keys expire on time");
  },
});
