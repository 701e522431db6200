// Stage 8: the first distributed stage — init, then echo, on two nodes.
import { defineStage } from "@bsod/harness";
import { Network } from "../../lib/net.ts";

export default defineStage({
  slug: "echo",
  title: "Echo node",
  async run(ctx) {
    const { random: r, log, expect } = ctx;
    const net = new Network(ctx, r.fork("net"));
    try {
      await net.start(2);
      const payloads = [
        "hello",
        'quote " and backslash \\',
        "héllo wörld ✓",
        ...Array.from({ length: 17 }, () => r.words(r.int(1, 4)).join(" ")),
      ];
      log.step(`${payloads.length} echo requests, half to n1 and half to n2, all at once`);
      await Promise.all(
        payloads.map(async (echo, i) => {
          const node = i % 2 === 0 ? "n1" : "n2";
          const reply = await net.request(node, { type: "echo", echo }, { client: `c${(i % 3) + 1}` });
          net.expectType(
            reply,
            "echo_ok",
            'answer {"type":"echo","echo":X} with {"type":"echo_ok","echo":X,"in_reply_to":…}',
          );
          expect(reply.body.echo, {
            label: `echo of ${JSON.stringify(echo)} from ${node}`,
            hint: "send back the echo field unchanged",
          }).toEqual(echo);
        }),
      );
      net.check();
      log.info(
        `messages: ${net.stats.fromClients} from clients, ${net.stats.toClients} replies; latency ${net.latencySummary()}`,
      );
      log.pass("both nodes answered init and every echo");
    } finally {
      net.close();
    }
  },
});
