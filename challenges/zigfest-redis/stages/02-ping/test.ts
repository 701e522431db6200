// Stage 2: PING (sent as redis-cli sends it, an array of one bulk string) answers +PONG\r\n.
import { defineStage } from "@bsod/harness";
import { bytesShown, cli, encodeCommand, expectReply, resp, startAndConnect } from "../../lib/redis.ts";

export default defineStage({
  slug: "ping",
  title: "Respond to PING",
  async run(ctx) {
    const client = await startAndConnect(ctx);
    ctx.log.step(cli(["PING"]));
    ctx.log.info(`sent ${bytesShown(encodeCommand(["PING"]))}`);
    const got = await client.send(["PING"], {
      waitingFor: "the reply to PING (did you write +PONG\\r\\n back on the same connection?)",
    });
    expectReply(got, resp.simple("PONG"), { command: "PING", hint: 'PING answers with the 7 bytes "+PONG\\r\\n"' });
    ctx.log.pass("received +PONG");
  },
});
