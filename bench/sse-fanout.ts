// The jam stream's fan-out alone: S spectators follow one jam over SSE (no grading, no pushes),
// then K board changes are announced one at a time, each once every spectator has the one
// before. Reports how late events reach the spectators (receipt − the event's own timestamp)
// and the api's CPU per delivered event, so a change to the hub or the SSE route shows here
// without the noise of a whole jam night (`npm run bench -- load`).
import { boardChanged, type Stack, startStack } from "@bsod/api/testing";
import { until } from "@bsod/testkit";
import { type Spectator, spectate } from "./load.ts";
import { type BenchResult, ms, percentile } from "./stats.ts";

async function sseClients(stack: Stack): Promise<number> {
  const open = stack.api.deps.metrics.registry.getSingleMetric("bsod_sse_clients");
  return (await open?.get())?.values.find((x) => x.labels.stream === "jam")?.value ?? 0;
}

export async function sseFanoutBench(opts: { spectators: number; events: number }): Promise<BenchResult[]> {
  const stack = await startStack({ worker: false });
  const spectators: Spectator[] = [];
  try {
    const jam = await stack.api.deps.db
      .selectFrom("jams")
      .select("id")
      .where("slug", "=", "hello-demo")
      .executeTakeFirstOrThrow();
    // Connected in batches, so the listen backlog is not what is measured.
    for (let i = 0; i < opts.spectators; i += 100) {
      const batch = Math.min(100, opts.spectators - i);
      for (let j = 0; j < batch; j++) spectators.push(spectate(stack.url));
      await until("a batch of spectators to subscribe", async () => (await sseClients(stack)) >= i + batch, 60_000);
    }
    // Only what arrives from here on counts (the stream's backlog replayed on connect does not).
    for (const s of spectators) s.delays.length = 0;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (let k = 1; k <= opts.events; k++) {
      await boardChanged(stack.api.deps.redis, jam.id);
      await until("every spectator to get the event", async () => spectators.every((s) => s.delays.length >= k));
    }
    const wall = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const delays = spectators.flatMap((s) => s.delays);
    const perDelivery = (cpu.user + cpu.system) / delays.length;
    const p99 = percentile(delays, 99);
    return [
      {
        name: `SSE fan-out: ${opts.events} jam events to ${opts.spectators} spectators`,
        lines: [
          `${delays.length} deliveries in ${ms(wall)} wall; delay p50 ${ms(percentile(delays, 50))}, p99 ${ms(p99)}, max ${ms(Math.max(...delays))}`,
          `CPU of this process (api and spectators): ${(perDelivery / 1000).toFixed(3)} ms per delivery`,
        ],
        verdict: { value: `p99 ${ms(p99)}`, target: "p99 ≤ 1 s", ok: p99 <= 1000 },
      },
    ];
  } finally {
    for (const s of spectators) s.abort.abort();
    await Promise.all(spectators.map((s) => s.done));
    await stack.stop();
  }
}
