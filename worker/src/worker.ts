// The grading worker: a BullMQ Worker on the grade queue plus the machinery around it
// (warm sandbox pool, heartbeat, orphan reaper). Created from a parsed config; start() connects.
import { DEFAULT_LIMITS, QUEUE_NAMES, type ResultMessage } from "@bsod/contracts";
import { createDocker, type Logger, SandboxPool } from "@bsod/grader";
import { Queue, Worker } from "bullmq";
import type Docker from "dockerode";
import { Redis } from "ioredis";
import type { WorkerConfig } from "./config.ts";
import { createGradeProcessor } from "./grade-processor.ts";
import { deploymentId, sandboxScope } from "./sandbox/deployment.ts";
import { Heartbeat, heartbeatKey } from "./sandbox/heartbeat.ts";
import { reapOrphans } from "./sandbox/reaper.ts";

export class GradingWorker {
  #timer: NodeJS.Timeout | undefined;
  #closing: Promise<void> | undefined;

  private constructor(
    readonly config: WorkerConfig,
    /** The label this deployment's sandboxes carry; reapers judge only their own scope. */
    readonly scope: string,
    readonly worker: Worker,
    readonly pool: SandboxPool,
    private readonly redis: Redis,
    private readonly docker: Docker,
    private readonly results: Queue<ResultMessage>,
    private readonly heartbeat: Heartbeat,
    private readonly logger: Logger,
  ) {}

  static async start(config: WorkerConfig, logger: Logger): Promise<GradingWorker> {
    const docker = createDocker(config.dockerHost, config.dockerTls);
    try {
      await docker.ping();
    } catch (err) {
      throw new Error(
        `cannot reach the Docker engine (${config.dockerHost ?? "default socket"}): ${(err as Error).message}`,
      );
    }
    const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 20 });
    redis.on("error", (err) => logger.warn({ err }, "redis connection error"));
    const scope = sandboxScope(config.queuePrefix, await deploymentId(redis, config.queuePrefix));
    const heartbeat = new Heartbeat(redis, heartbeatKey(scope, config.workerId), config.lockMs, (err) =>
      logger.warn({ err }, "heartbeat failed"),
    );
    await heartbeat.start();
    await reapOrphans({ docker, redis, scope, selfId: config.workerId, startup: true, logger });

    const pool = new SandboxPool({
      docker,
      workerId: config.workerId,
      scope,
      runtime: config.runtime,
      warmPerSpec: config.warmContainers,
      vmAccel: config.vmAccel,
      logger,
    });
    for (const image of config.warmImages) pool.prewarm({ image, limits: DEFAULT_LIMITS });

    const connection = { url: config.redisUrl, maxRetriesPerRequest: null };
    const results = new Queue<ResultMessage>(QUEUE_NAMES.results, { connection, prefix: config.queuePrefix });
    const processor = createGradeProcessor({ redis, sandboxes: pool, results, workerId: config.workerId, logger });
    const worker = new Worker(QUEUE_NAMES.grade, processor, {
      connection,
      prefix: config.queuePrefix,
      concurrency: config.concurrency,
      lockDuration: config.lockMs,
      stalledInterval: Math.max(1_000, Math.floor(config.lockMs / 2)),
      maxStalledCount: 1,
      autorun: false,
      name: config.workerId,
    });
    worker.on("failed", (job, err) =>
      logger.warn({ jobId: job?.id, err: err.message, attemptsMade: job?.attemptsMade }, "grade job failed"),
    );
    worker.on("stalled", (jobId) => logger.warn({ jobId }, "grade job stalled (its worker died); it will be re-run"));
    worker.on("error", (err) => logger.error({ err }, "worker error"));

    const gw = new GradingWorker(config, scope, worker, pool, redis, docker, results, heartbeat, logger);
    gw.#timer = setInterval(() => void gw.#maintain(), config.lockMs);
    gw.#timer.unref();
    void worker.run().catch((err: Error) => logger.error({ err }, "worker stopped"));
    await worker.waitUntilReady();
    logger.info(
      {
        workerId: config.workerId,
        concurrency: config.concurrency,
        prefix: config.queuePrefix,
        scope,
        runtime: config.runtime,
      },
      "grading worker ready",
    );
    return gw;
  }

  /** Stops taking jobs, lets running ones finish, removes warm containers. Safe to call twice. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      clearInterval(this.#timer);
      this.logger.info("draining: no new jobs; waiting for running ones");
      await this.worker.close();
      await this.pool.close();
      await this.results.close();
      await this.heartbeat.stop().catch(() => {});
      await this.redis.quit().catch(() => {});
      this.logger.info("grading worker stopped");
    })();
    return this.#closing;
  }

  async #maintain(): Promise<void> {
    try {
      await reapOrphans({
        docker: this.docker,
        redis: this.redis,
        scope: this.scope,
        selfId: this.config.workerId,
        startup: false,
        logger: this.logger,
      });
      await this.pool.sweep();
    } catch (err) {
      this.logger.warn({ err }, "reaper run failed");
    }
  }
}
