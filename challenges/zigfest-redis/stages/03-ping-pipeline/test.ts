// Stage 3: one connection, many PINGs: one after another, several in a single write (a
// pipeline), and one split across several TCP writes (the server must buffer partial input).
import { defineStage } from "@bsod/harness";
import {
  encodeCommand,
  expectNothingMore,
  expectReply,
  pipeline,
  resp,
  roundTrip,
  sleep,
  startAndConnect,
  writeSplit,
} from "../../lib/redis.ts";

const PONG = resp.simple("PONG");

export default defineStage({
  slug: "ping-pipeline",
  title: "Many PINGs on one connection",
  async run(ctx) {
    const { log, random } = ctx;
    const client = await startAndConnect(ctx);
    const n = random.int(3, 5);
    for (let i = 1; i <= n; i++) {
      await roundTrip(
        client,
        log,
        ["PING"],
        PONG,
        i === 2
          ? "keep reading the same connection after the first reply: loop until the client disconnects"
          : undefined,
      );
    }
    log.pass(`${n} PINGs answered one after another`);

    const k = random.int(3, 6);
    log.step(`sending ${k} PINGs in a single write (a pipeline), then reading ${k} replies`);
    const replies = await pipeline(
      client,
      Array.from({ length: k }, () => ["PING"]),
    );
    for (const [i, r] of replies.entries()) {
      expectReply(r, PONG, {
        command: `PING (#${i + 1} of ${k} in one write)`,
        hint: "one read can hold several commands: parse every complete command in your buffer and answer each one",
      });
    }
    await sleep(100);
    expectNothingMore(client, `${k} pipelined PINGs`);
    log.pass(`${k} pipelined PINGs got ${k} replies`);

    const bytes = encodeCommand(["PING"]);
    const cuts = [1, 3, 8];
    log.step(
      `sending one PING in ${cuts.length + 1} TCP writes 30 ms apart: ${cuts.map((c, i) => JSON.stringify(bytes.subarray(i === 0 ? 0 : cuts[i - 1], c).toString())).join(" + ")} + …`,
    );
    await writeSplit(client, bytes, cuts, 30);
    const got = await client.readResp({ waitingFor: "the reply to a PING that arrived in several pieces" });
    expectReply(got, PONG, {
      command: "PING (sent in pieces)",
      hint: "TCP is a byte stream: a read may return part of a command. Keep the bytes and wait for more until the command is complete",
    });
    await sleep(100);
    expectNothingMore(client, "a PING sent in pieces");
    log.pass("a PING split across writes got one +PONG");
  },
});
