// Stage 9: KEYS <pattern> (glob with * and ?) answers an array of bulk strings in any order;
// TYPE answers +string or +none. Expired and deleted keys are not listed.
import type { Connection, Log } from "@bsod/harness";
import { defineStage, expect } from "@bsod/harness";
import type { RespValue } from "@bsod/harness/resp";
import { cli, expectReply, resp, roundTrip, sleep, startAndConnect } from "../../lib/redis.ts";

async function expectKeys(client: Connection, log: Log, pattern: string, want: string[], hint: string): Promise<void> {
  log.step(cli(["KEYS", pattern]));
  const got = await client.send(["KEYS", pattern]);
  const shown = `reply to KEYS ${pattern}`;
  expect(got.type, {
    message: `${shown}: expected an array of bulk strings (*<count>\\r\\n then one $<len>\\r\\n<key>\\r\\n per key), got ${resp.describe(got)}`,
    hint: want.length === 0 ? 'no match is the empty array "*0\\r\\n"' : hint,
  }).toBe("array");
  const items = (got.value as RespValue[] | null) ?? [];
  for (const item of items) {
    if (item.type !== "bulk" || item.value === null) {
      expect(item, {
        label: `an element of the ${shown}`,
        hint: "each key is a bulk string: $<len>\\r\\n<key>\\r\\n",
      }).toEqual(resp.bulk("a key"));
    }
  }
  const names = items.map((i) => String(i.value)).sort();
  expect(names, { label: `keys in the ${shown} (sorted here; any order is fine)`, hint }).toEqual([...want].sort());
}

export default defineStage({
  slug: "keys-type",
  title: "KEYS and TYPE",
  async run(ctx) {
    const { log, random } = ctx;
    const client = await startAndConnect(ctx);
    await expectKeys(client, log, "*", [], "a fresh server has no keys");
    const users = random.shuffle(["alice", "bob", "carol"]).slice(0, 2 + random.int(0, 1));
    const userKeys = users.map((u) => `user:${u}`);
    for (const k of userKeys) await roundTrip(client, log, ["SET", k, random.word()], resp.simple("OK"));
    await roundTrip(client, log, ["SET", "bar", "1"], resp.simple("OK"));
    await roundTrip(client, log, ["SET", "car", "2"], resp.simple("OK"));
    await roundTrip(client, log, ["SET", "scar", "3"], resp.simple("OK"));
    await roundTrip(client, log, ["SET", "temp", "x", "PX", "100"], resp.simple("OK"));
    await roundTrip(client, log, ["SET", "gone", "x"], resp.simple("OK"));
    await roundTrip(client, log, ["DEL", "gone"], resp.integer(1));
    log.step("waiting 200 ms (temp expires)");
    await sleep(200);

    const all = [...userKeys, "bar", "car", "scar"];
    await expectKeys(client, log, "*", all, "KEYS * lists every key that exists now: not deleted or expired ones");
    await expectKeys(client, log, "user:*", userKeys, "* matches any run of characters (also none)");
    await expectKeys(
      client,
      log,
      "?ar",
      ["bar", "car"],
      "? matches exactly one character; the pattern must match the whole key",
    );
    await expectKeys(client, log, "*ar", ["bar", "car", "scar"], "a leading * matches any prefix");
    await expectKeys(client, log, "nothing*", [], "no match is the empty array *0\\r\\n");

    await roundTrip(
      client,
      log,
      ["TYPE", "bar"],
      resp.simple("string"),
      'TYPE answers a simple string: "+string\\r\\n" for a key holding a string',
    );
    await roundTrip(client, log, ["TYPE", "nope"], resp.simple("none"), 'TYPE of a missing key is "+none\\r\\n"');
    await roundTrip(client, log, ["TYPE", "temp"], resp.simple("none"), "an expired key is missing: +none");
    expectReply(await client.send(["PING"]), resp.simple("PONG"), { command: "PING" });
    log.pass("KEYS and TYPE work");
  },
});
