// Stage 10: broadcast — five nodes share every value they are given; values converge, also
// after a network partition heals.
import { defineStage } from "@bsod/harness";
import { type Message, Network } from "../../lib/net.ts";

export default defineStage({
  slug: "broadcast",
  title: "Broadcast",
  async run(ctx) {
    const { random: r, log, fail } = ctx;
    const net = new Network(ctx, r.fork("net"));
    const values: number[] = [];
    let next = r.int(1, 50);

    const readAll = async (): Promise<Map<string, Set<number>>> => {
      const out = new Map<string, Set<number>>();
      await Promise.all(
        net.ids.map(async (id) => {
          const reply: Message = await net.request(id, { type: "read" }, { client: "c9" });
          net.expectType(reply, "read_ok", 'answer {"type":"read"} with {"type":"read_ok","messages":[…]}');
          const msgs = reply.body.messages;
          if (!Array.isArray(msgs))
            return fail(`${id} answered read without a "messages" array: ${JSON.stringify(reply.body)}`);
          for (const m of msgs) {
            if (!values.includes(m as number)) {
              fail(
                `${id} reads ${JSON.stringify(m)}, which was never broadcast`,
                "read returns exactly the values the cluster was given",
              );
            }
          }
          out.set(id, new Set(msgs as number[]));
        }),
      );
      return out;
    };

    const converge = async (what: string, limitMs: number) => {
      const t0 = Date.now();
      const before = net.stats.nodeToNode;
      for (;;) {
        const seen = await readAll();
        const missing = [...seen]
          .map(([id, s]) => [id, values.filter((v) => !s.has(v))] as const)
          .filter(([, m]) => m.length > 0);
        if (missing.length === 0) {
          log.info(
            `${what}: all 5 nodes have all ${values.length} values after ${Date.now() - t0} ms (${net.stats.nodeToNode - before} messages between nodes meanwhile)`,
          );
          return;
        }
        if (Date.now() - t0 > limitMs) {
          fail(
            `${what}: after ${limitMs} ms some nodes still miss values: ${missing.map(([id, m]) => `${id} misses ${m.slice(0, 8).join(", ")}${m.length > 8 ? "…" : ""}`).join("; ")}`,
            "forward every new value to the other nodes, and resend until they acknowledge it: messages between nodes can be lost while the network is partitioned",
          );
        }
        await net.sleep(150);
      }
    };

    const broadcastSome = async (count: number) => {
      await Promise.all(
        Array.from({ length: count }, async (_, i) => {
          await net.sleep(i * 15);
          const v = next;
          next += r.int(1, 9);
          values.push(v);
          const node = r.pick(net.ids);
          const reply = await net.request(node, { type: "broadcast", message: v }, { client: `c${(i % 3) + 1}` });
          net.expectType(reply, "broadcast_ok", 'answer {"type":"broadcast","message":N} with {"type":"broadcast_ok"}');
        }),
      );
    };

    try {
      await net.start(5);
      const topology = Object.fromEntries(
        net.ids.map((id, i) => [id, net.ids.filter((_, j) => Math.abs(i - j) === 1)]),
      );
      log.step(`topology: a line ${net.ids.join(" - ")}`);
      await Promise.all(
        net.ids.map(async (id) => {
          const reply = await net.request(id, { type: "topology", topology });
          net.expectType(reply, "topology_ok", 'answer {"type":"topology",…} with {"type":"topology_ok"}');
        }),
      );

      log.step("20 broadcasts to random nodes, then every node must read them all");
      const m0 = net.stats.nodeToNode;
      await broadcastSome(20);
      await converge("healthy network", 3000);
      log.info(`${((net.stats.nodeToNode - m0) / 20).toFixed(1)} messages between nodes per broadcast`);

      const ids = r.shuffle(net.ids);
      const groups = [ids.slice(0, 2).sort(), ids.slice(2).sort()];
      log.step(`partition: {${groups[0]?.join(", ")}} cannot reach {${groups[1]?.join(", ")}}; 20 more broadcasts`);
      net.partition(groups);
      await broadcastSome(20);
      await net.sleep(700);
      log.info(`${net.stats.dropped} messages between nodes were dropped by the partition`);
      log.step("the network heals; every node must end up with every value");
      net.partition(undefined);
      await converge("after the partition", 4000);
      log.info(
        `messages: ${net.stats.nodeToNode} between nodes, ${net.stats.dropped} dropped, ${net.stats.fromClients} from clients; latency ${net.latencySummary()}`,
      );
      log.pass(`${values.length} values reached all 5 nodes, through a partition`);
    } finally {
      net.close();
    }
  },
});
