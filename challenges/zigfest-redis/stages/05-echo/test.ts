// Stage 5: ECHO <message> answers the message as a bulk string. Command names are
// case-insensitive; the payload is binary-safe (spaces, an empty string, a \r\n inside).
import { defineStage } from "@bsod/harness";
import { encodeCommand, expectReply, resp, roundTrip, sleep, startAndConnect, writeSplit } from "../../lib/redis.ts";

export default defineStage({
  slug: "echo",
  title: "ECHO and bulk strings",
  async run(ctx) {
    const { log, random } = ctx;
    const client = await startAndConnect(ctx);
    await roundTrip(client, log, ["PING"], resp.simple("PONG"));

    const word = random.word();
    await roundTrip(
      client,
      log,
      ["ECHO", word],
      resp.bulk(word),
      `ECHO answers with a bulk string: "$${word.length}\\r\\n${word}\\r\\n"`,
    );
    const lower = random.words(2).join("-");
    await roundTrip(
      client,
      log,
      ["echo", lower],
      resp.bulk(lower),
      "command names are case-insensitive: echo, ECHO and Echo are the same command",
    );
    await roundTrip(client, log, ["Ping"], resp.simple("PONG"), "command names are case-insensitive");

    const spaced = random.words(3).join(" ");
    await roundTrip(
      client,
      log,
      ["ECHO", spaced],
      resp.bulk(spaced),
      "the argument is one bulk string: read exactly $<length> bytes, spaces included",
    );
    await roundTrip(
      client,
      log,
      ["ECHO", ""],
      resp.bulk(""),
      'an empty argument is "$0\\r\\n\\r\\n" and echoes back as the same empty bulk string',
    );
    const tricky = `${random.word()}\r\n${random.word()}`;
    await roundTrip(
      client,
      log,
      ["ECHO", tricky],
      resp.bulk(tricky),
      "bulk strings are binary-safe: use the $<length> prefix to read the payload, do not split it on \\r\\n",
    );
    const long = random.string(random.int(300, 600));
    log.step(`$ redis-cli ECHO <${long.length} characters>`);
    const gotLong = await client.send(["ECHO", long]);
    expectReply(gotLong, resp.bulk(long), {
      command: `ECHO <${long.length} characters>`,
      hint: "the length after $ can have several digits",
    });

    const msg = random.words(2).join("_");
    const bytes = encodeCommand(["ECHO", msg]);
    log.step(`$ redis-cli ECHO ${msg}   (sent in 3 TCP writes: the header, part of the payload, the rest)`);
    await writeSplit(client, bytes, [14, 18], 40);
    expectReply(await client.readResp({ waitingFor: "the reply to an ECHO sent in pieces" }), resp.bulk(msg), {
      command: `ECHO ${msg} (sent in pieces)`,
      hint: "wait until the whole bulk string (and its \\r\\n) has arrived before answering",
    });
    await sleep(50);
    log.pass("ECHO answered with exact bulk strings");
  },
});
