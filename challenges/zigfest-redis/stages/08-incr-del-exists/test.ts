// Stage 8: INCR, DEL and EXISTS answer integers; INCR of a value that is not an integer, and
// an unknown command, answer error replies without closing the connection.
import { defineStage, expect } from "@bsod/harness";
import { expectReply, resp, roundTrip, startAndConnect } from "../../lib/redis.ts";

const OK = resp.simple("OK");
const NOT_INT = resp.error("ERR value is not an integer or out of range");

export default defineStage({
  slug: "incr-del-exists",
  title: "INCR, DEL, EXISTS and error replies",
  async run(ctx) {
    const { log, random } = ctx;
    const client = await startAndConnect(ctx);
    const counter = `counter:${random.word()}`;
    await roundTrip(
      client,
      log,
      ["INCR", counter],
      resp.integer(1),
      "INCR of a missing key starts from 0, so it answers :1",
    );
    await roundTrip(client, log, ["INCR", counter], resp.integer(2));
    await roundTrip(
      client,
      log,
      ["GET", counter],
      resp.bulk("2"),
      "INCR stores the number as a string: GET returns it as a bulk string",
    );
    const start = random.int(10, 5000);
    await roundTrip(client, log, ["SET", "n", String(start)], OK);
    await roundTrip(client, log, ["INCR", "n"], resp.integer(start + 1), "INCR parses the stored string as an integer");
    await roundTrip(client, log, ["SET", "neg", "-5"], OK);
    await roundTrip(client, log, ["INCR", "neg"], resp.integer(-4), "integers may be negative");

    const word = random.word();
    await roundTrip(client, log, ["SET", "word", word], OK);
    await roundTrip(
      client,
      log,
      ["INCR", "word"],
      NOT_INT,
      'INCR of a non-integer answers "-ERR value is not an integer or out of range\\r\\n"',
    );
    await roundTrip(client, log, ["GET", "word"], resp.bulk(word), "a failed INCR leaves the value unchanged");
    await roundTrip(client, log, ["SET", "float", "1.5"], OK);
    await roundTrip(client, log, ["INCR", "float"], NOT_INT, "1.5 is not an integer");

    const a = `a:${random.word()}`;
    const b = `b:${random.word()}`;
    await roundTrip(client, log, ["SET", a, "1"], OK);
    await roundTrip(client, log, ["SET", b, "2"], OK);
    await roundTrip(
      client,
      log,
      ["EXISTS", a],
      resp.integer(1),
      "EXISTS answers an integer: how many of the given keys exist",
    );
    await roundTrip(
      client,
      log,
      ["EXISTS", a, b, "nope"],
      resp.integer(2),
      "EXISTS counts the existing keys among all its arguments",
    );
    await roundTrip(
      client,
      log,
      ["EXISTS", a, a],
      resp.integer(2),
      "EXISTS counts a key once per time it is named (as Redis does)",
    );
    await roundTrip(client, log, ["DEL", a, "nope"], resp.integer(1), "DEL answers how many keys it actually removed");
    await roundTrip(client, log, ["EXISTS", a], resp.integer(0));
    await roundTrip(client, log, ["GET", a], resp.nullBulk(), "a deleted key is gone");
    await roundTrip(client, log, ["DEL", a], resp.integer(0), "deleting a missing key removes nothing: :0");
    await roundTrip(client, log, ["INCR", a], resp.integer(1), "after DEL, INCR starts again from 0");

    const bogus = `NOTACOMMAND${random.int(1, 99)}`;
    log.step(`$ redis-cli ${bogus} x`);
    const err = await client.send([bogus, "x"]);
    expect(err.type, {
      message: `an unknown command must get an error reply (a line starting with "-"), got ${resp.describe(err)}`,
      hint: `answer e.g. "-ERR unknown command '${bogus}'\\r\\n" and keep the connection open`,
    }).toBe("error");
    expectReply(await client.send(["PING"]), resp.simple("PONG"), {
      command: "PING after an error",
      hint: "an error reply does not close the connection",
    });
    log.pass("INCR, DEL, EXISTS and errors behave like Redis");
  },
});
