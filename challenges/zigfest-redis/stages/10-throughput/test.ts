// Stage 10: throughput. 8 clients each send pipelines of 50 commands (PING, SET, GET) for about
// 2 seconds over loopback; every reply is checked byte for byte. The metric is the number of
// commands answered per second, shown on the leaderboard.
import type { Connection, Parser } from "@bsod/harness";
import { defineStage, fail } from "@bsod/harness";
import { type RespValue, resp } from "@bsod/harness/resp";
import { connect, encodeCommand, expectReply, startAndConnect } from "../../lib/redis.ts";

const CLIENTS = 8;
const PIPELINE = 50;
const DURATION_MS = 2_000;

interface Batch {
  request: Buffer;
  commands: string[][];
  replies: RespValue[];
  expected: Buffer;
}

function makeBatch(client: number, word: () => string): Batch {
  const commands: string[][] = [];
  const replies: RespValue[] = [];
  for (let i = 0; commands.length < PIPELINE; i++) {
    const key = `bench:${client}:${i}`;
    const value = `${word()}-${client}-${i}`;
    commands.push(["SET", key, value], ["GET", key], ["PING"]);
    replies.push(resp.simple("OK"), resp.bulk(value), resp.simple("PONG"));
  }
  commands.length = PIPELINE;
  replies.length = PIPELINE;
  return {
    request: Buffer.concat(commands.map((c) => encodeCommand(c))),
    commands,
    replies,
    expected: Buffer.concat(replies.map((r) => resp.encode(r))),
  };
}

/** Waits for the batch's replies: byte comparison, and on a mismatch the reply that differs. */
function batchParser(batch: Batch): Parser<RespValue[] | { wrong: number; got: RespValue | undefined }> {
  const want = batch.expected;
  return (buf) => {
    const n = Math.min(buf.length, want.length);
    if (buf.compare(want, 0, n, 0, n) === 0) {
      if (buf.length < want.length) return undefined;
      return { value: batch.replies, used: want.length };
    }
    // Something differs: find which reply, decoding as far as possible.
    let at = 0;
    for (let i = 0; i < batch.replies.length; i++) {
      const got = resp.decode(buf.subarray(at));
      if (!got) return undefined;
      const expectedBytes = resp.encode(batch.replies[i] as RespValue);
      if (!buf.subarray(at, at + got.used).equals(expectedBytes))
        return { value: { wrong: i, got: got.value }, used: buf.length };
      at += got.used;
    }
    return { value: { wrong: -1, got: undefined }, used: buf.length };
  };
}

async function runClient(conn: Connection, batch: Batch, deadline: number): Promise<number> {
  let answered = 0;
  do {
    await conn.write(batch.request);
    const got = await conn.read(batchParser(batch), {
      timeoutMs: 5_000,
      waitingFor: `the ${PIPELINE} replies to a pipeline of ${PIPELINE} commands (SET/GET/PING)`,
    });
    if (!Array.isArray(got)) {
      const i = got.wrong;
      const command = batch.commands[i] ?? ["?"];
      expectReply(got.got ?? resp.nullBulk(), batch.replies[i] ?? resp.nullBulk(), {
        command: `${command.join(" ")} (command ${i + 1} of a pipeline of ${PIPELINE})`,
        hint: "under load, reads return several commands at once or cut one in half: answer every complete command, keep the rest for the next read",
      });
      fail("the replies to a pipeline were not what was expected", "answer every command exactly once, in order");
    }
    answered += PIPELINE;
  } while (Date.now() < deadline);
  return answered;
}

export default defineStage({
  slug: "throughput",
  title: "Pipelined throughput",
  async run(ctx) {
    const { log, program, random } = ctx;
    const first = await startAndConnect(ctx);
    const conns = [first];
    for (let i = 1; i < CLIENTS; i++) conns.push(await connect(program, log, `client #${i + 1}`));
    const batches = conns.map((_, i) => makeBatch(i, () => random.word()));

    log.step(`warm-up: one pipeline of ${PIPELINE} commands per client`);
    await Promise.all(conns.map((c, i) => runClient(c, batches[i] as Batch, 0)));

    log.step(`${CLIENTS} clients × pipelines of ${PIPELINE} commands (SET, GET, PING) for ${DURATION_MS / 1000} s`);
    const started = performance.now();
    const deadline = Date.now() + DURATION_MS;
    const counts = await Promise.all(conns.map((c, i) => runClient(c, batches[i] as Batch, deadline)));
    const seconds = (performance.now() - started) / 1000;
    const total = counts.reduce((a, b) => a + b, 0);
    const rate = Math.round(total / seconds);
    log.info(`${total} commands answered in ${seconds.toFixed(2)} s, every reply correct`);
    log.pass(`throughput: ${rate} req/s`);
    return { metric: rate };
  },
});
