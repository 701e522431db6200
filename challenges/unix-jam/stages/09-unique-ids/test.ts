// Stage 9: unique ids — three nodes generate ids under concurrent requests; all must differ.
import { defineStage } from "@bsod/harness";
import { Network } from "../../lib/net.ts";

export default defineStage({
  slug: "unique-ids",
  title: "Unique ids",
  async run(ctx) {
    const { random: r, log, fail } = ctx;
    const net = new Network(ctx, r.fork("net"));
    try {
      await net.start(3);
      const seen = new Map<string, string>();
      let total = 0;
      const started = Date.now();
      for (let round = 1; round <= 3; round++) {
        const n = 150;
        log.step(`round ${round}: ${n} generate requests spread over ${net.ids.join(", ")}, all at once`);
        const replies = await Promise.all(
          Array.from({ length: n }, async (_, i) => {
            const node = r.pick(net.ids);
            const reply = await net.request(node, { type: "generate" }, { client: `c${(i % 5) + 1}`, timeoutMs: 3000 });
            net.expectType(reply, "generate_ok", 'answer {"type":"generate"} with {"type":"generate_ok","id":…}');
            return { node, id: reply.body.id };
          }),
        );
        for (const { node, id } of replies) {
          if (id === undefined || id === null)
            fail(`${node} answered generate_ok without an id`, 'put the id in the body: "id": …');
          const key = JSON.stringify(id);
          const before = seen.get(key);
          if (before) {
            fail(
              `id ${key} was generated twice: by ${before} and by ${node}`,
              "ids must be unique across all nodes: combine the node id (from init) with a counter local to the node",
            );
          }
          seen.set(key, node);
          total++;
        }
      }
      net.check();
      const ms = Date.now() - started;
      log.info(
        `${total} ids, all different, in ${ms} ms; ${net.stats.nodeToNode} messages between nodes; latency ${net.latencySummary()}`,
      );
      log.pass(`${total} unique ids from 3 nodes`);
    } finally {
      net.close();
    }
  },
});
