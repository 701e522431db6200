// Stage 4: several clients at once. One client leaves half a command unfinished; the others
// must still be answered (a server that blocks on one client fails here).
import { defineStage } from "@bsod/harness";
import { connect, encodeCommand, expectReply, resp, roundTrip, sleep, startAndConnect } from "../../lib/redis.ts";

const PONG = resp.simple("PONG");
const BLOCKED =
  "serve every client independently: a thread (or task) per connection, or an event loop (poll/epoll/select) that never blocks on one socket";

export default defineStage({
  slug: "concurrent-clients",
  title: "Serve clients concurrently",
  async run(ctx) {
    const { log, program, random } = ctx;
    const first = await startAndConnect(ctx);
    await roundTrip(first, log, ["PING"], PONG);

    const n = random.int(3, 5);
    const others = [];
    for (let i = 0; i < n; i++) others.push(await connect(program, log, `client #${i + 2}`));
    log.info(`${n + 1} clients connected`);

    log.step("client #1 sends half a PING and stays silent");
    const half = encodeCommand(["PING"]);
    await first.write(half.subarray(0, 7));

    for (const [i, c] of random.shuffle([...others.entries()])) {
      log.step(`client #${i + 2}: redis-cli PING`);
      const got = await c.send(["PING"], {
        timeoutMs: 3_000,
        waitingFor: `the reply to client #${i + 2}'s PING while client #1 is idle (is your server stuck serving client #1?)`,
      });
      expectReply(got, PONG, { command: `PING from client #${i + 2}`, hint: BLOCKED });
    }
    log.pass("the other clients were answered while client #1 was silent");

    log.step("client #1 finishes its PING");
    await first.write(half.subarray(7));
    expectReply(await first.readResp({ waitingFor: "client #1's reply" }), PONG, { command: "PING from client #1" });

    log.step("every client sends PING at the same time");
    const all = [first, ...others];
    const replies = await Promise.all(all.map((c) => c.send(["PING"], { timeoutMs: 3_000 })));
    for (const [i, r] of replies.entries())
      expectReply(r, PONG, { command: `PING from client #${i + 1}`, hint: BLOCKED });

    log.step("client #2 disconnects; the others keep going");
    others[0]?.close();
    await sleep(50);
    for (const [i, c] of [first, ...others.slice(1)].entries()) {
      expectReply(await c.send(["PING"]), PONG, {
        command: `PING from client #${i === 0 ? 1 : i + 2}`,
        hint: "when one client disconnects, close that socket only; the server and the other clients carry on",
      });
    }
    const late = await connect(program, log, "a new client");
    await roundTrip(late, log, ["PING"], PONG, "keep accepting new connections after a client leaves");
    log.pass(`${n + 2} clients served concurrently`);
  },
});
