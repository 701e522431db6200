// Stage 6: SET key value → +OK, GET key → the value as a bulk string, GET of a missing key →
// the null bulk string $-1. Keys are shared by every connection.
import { defineStage } from "@bsod/harness";
import { connect, expectReply, pipeline, resp, roundTrip, startAndConnect } from "../../lib/redis.ts";

const OK = resp.simple("OK");

export default defineStage({
  slug: "set-get",
  title: "SET and GET",
  async run(ctx) {
    const { log, random, program } = ctx;
    const client = await startAndConnect(ctx);
    const key = `${random.word()}:${random.int(1, 999)}`;
    const value = random.word();
    await roundTrip(client, log, ["SET", key, value], OK);
    await roundTrip(client, log, ["GET", key], resp.bulk(value));
    await roundTrip(
      client,
      log,
      ["GET", `missing:${random.word()}`],
      resp.nullBulk(),
      'GET of a key that does not exist answers "$-1\\r\\n"',
    );

    const value2 = random.words(3).join(" ");
    await roundTrip(client, log, ["SET", key, value2], OK, "SET on an existing key replaces its value");
    await roundTrip(client, log, ["GET", key], resp.bulk(value2), "SET on an existing key replaces its value");
    await roundTrip(client, log, ["set", "Key", "upper"], OK, "command names are case-insensitive");
    await roundTrip(
      client,
      log,
      ["GET", "key"],
      resp.nullBulk(),
      "keys are case-sensitive (only command names are not): Key and key are different keys",
    );
    await roundTrip(client, log, ["get", "Key"], resp.bulk("upper"));
    await roundTrip(client, log, ["SET", "empty", ""], OK);
    await roundTrip(
      client,
      log,
      ["GET", "empty"],
      resp.bulk(""),
      'an empty value is "$0\\r\\n\\r\\n", which is not the same as a missing key ($-1)',
    );

    log.step("another client reads the same keys");
    const other = await connect(program, log, "a second client");
    await roundTrip(other, log, ["GET", key], resp.bulk(value2), "every connection shares one keyspace");

    const n = random.int(8, 15);
    const pairs = Array.from({ length: n }, (_, i) => [`k${i}:${random.word()}`, random.string(random.int(1, 40))]);
    log.step(`pipelining ${n} SETs then ${n} GETs in one write`);
    const replies = await pipeline(other, [
      ...pairs.map(([k, v]) => ["SET", k as string, v as string]),
      ...pairs.map(([k]) => ["GET", k as string]),
    ]);
    pairs.forEach(([k, v], i) => {
      expectReply(replies[i] ?? resp.nullBulk(), OK, { command: `SET ${k} ${v} (in a pipeline)` });
      expectReply(replies[n + i] ?? resp.nullBulk(), resp.bulk(v as string), { command: `GET ${k} (in a pipeline)` });
    });
    log.pass("SET and GET work, across connections and in pipelines");
  },
});
