// What an operator graphs and alerts on, in the Prometheus text format at GET /metrics:
// the grading queue (depth by state, age of the oldest waiting run), runs in flight, grading
// durations per track and stage, verdicts, SSE clients, HTTP latency by route, Redis memory,
// and the process's own (CPU, heap, event-loop lag). One registry per api instance, so two
// apps in one process (tests) never mix their numbers.
import type { RunResult } from "@bsod/contracts";
import type { Context, MiddlewareHandler } from "hono";
import { routePath } from "hono/route";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { AppEnv, Deps } from "../app-env.ts";

const QUEUE_STATES = ["waiting", "prioritized", "active", "delayed", "failed"] as const;

/** Parses the `name:value` lines of Redis's INFO reply. */
function infoFields(info: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of info.split("\r\n")) {
    const i = line.indexOf(":");
    if (i > 0) fields.set(line.slice(0, i), line.slice(i + 1));
  }
  return fields;
}

export class Metrics {
  readonly registry = new Registry();
  private readonly sse: Gauge;
  private readonly http: Histogram;
  private readonly grading: Histogram;
  private readonly verdicts: Counter;

  constructor(deps: () => Pick<Deps, "db" | "redis" | "gradeQueue">) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: "bsod_api_" });
    new Gauge({
      name: "bsod_queue_jobs",
      help: "Grading jobs in the queue, by state",
      labelNames: ["state"],
      registers,
      async collect() {
        const counts = await deps().gradeQueue.getJobCounts(...QUEUE_STATES);
        for (const state of QUEUE_STATES) this.set({ state }, counts[state] ?? 0);
      },
    });
    new Gauge({
      name: "bsod_queue_oldest_waiting_seconds",
      help: "Age of the oldest run still waiting for a worker (0 when none waits)",
      registers,
      async collect() {
        const row = await deps()
          .db.selectFrom("submissions")
          .select((eb) => eb.fn.min("created_at").as("oldest"))
          .where("status", "=", "queued")
          .executeTakeFirst();
        const oldest = row?.oldest == null ? null : Number(row.oldest);
        this.set(oldest === null ? 0 : Math.max(0, (Date.now() - oldest) / 1000));
      },
    });
    new Gauge({
      name: "bsod_runs_in_flight",
      help: "Runs a worker is grading right now (active grading jobs)",
      registers,
      async collect() {
        this.set((await deps().gradeQueue.getJobCounts("active")).active ?? 0);
      },
    });
    new Gauge({
      name: "bsod_redis_memory_bytes",
      help: "Memory Redis uses (used), and its limit (max; 0 = unbounded)",
      labelNames: ["kind"],
      registers,
      async collect() {
        const fields = infoFields(await deps().redis.info("memory"));
        this.set({ kind: "used" }, Number(fields.get("used_memory") ?? 0));
        this.set({ kind: "max" }, Number(fields.get("maxmemory") ?? 0));
      },
    });
    this.sse = new Gauge({
      name: "bsod_sse_clients",
      help: "Open server-sent event streams, by kind (jam boards, run logs)",
      labelNames: ["stream"],
      registers,
    });
    this.http = new Histogram({
      name: "bsod_http_request_duration_seconds",
      help: "Time to the response's headers, by method, route and status",
      labelNames: ["method", "route", "status"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.grading = new Histogram({
      name: "bsod_grading_duration_seconds",
      help: "Time a stage ran in the sandbox, by track and stage (build: the build step)",
      labelNames: ["track", "stage"],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 40, 80],
      registers,
    });
    this.verdicts = new Counter({
      name: "bsod_verdicts_total",
      help: "Runs judged, by track and verdict",
      labelNames: ["track", "verdict"],
      registers,
    });
  }

  /** Counts an SSE stream for as long as it is open; call the returned function when it ends. */
  streamOpened(stream: "jam" | "run"): () => void {
    this.sse.inc({ stream });
    let open = true;
    return () => {
      if (open) this.sse.dec({ stream });
      open = false;
    };
  }

  /** A run's result was applied: its verdict and the time each step took. */
  judged(track: string, result: RunResult): void {
    this.verdicts.inc({ track, verdict: result.status });
    if (result.build.status !== "skipped")
      this.grading.observe({ track, stage: "build" }, result.build.durationMs / 1000);
    for (const s of result.stages) this.grading.observe({ track, stage: s.slug }, s.durationMs / 1000);
  }

  /** Times every request by the route that answered it (never by the raw path: bounded labels). */
  middleware(): MiddlewareHandler<AppEnv> {
    return async (c: Context<AppEnv>, next) => {
      const start = performance.now();
      await next();
      const route = routePath(c) || "unmatched";
      this.http.observe(
        { method: c.req.method, route, status: String(c.res.status) },
        (performance.now() - start) / 1000,
      );
    };
  }
}
