// The BullMQ processor of the grade queue: parse, load blobs, grade, stream the run's events,
// hand the result on (the api announces the verdict on the stream once it has recorded it).
// Participant faults and harness bugs end as verdicts (the job completes); Docker and Redis
// trouble throws so BullMQ retries with backoff.
import { GradeJob, jobIds, QUEUE_NAMES, type ResultMessage, type RunResult } from "@bsod/contracts";
import { type Logger, runGrading, type SandboxProvider } from "@bsod/grader";
import { type Job, type Queue, UnrecoverableError } from "bullmq";
import type { Redis } from "ioredis";
import { loadBlob } from "./blobs.ts";
import { RunEventWriter } from "./events/run-event-writer.ts";
import { neutralizeResult } from "./events/terminal-text.ts";

export interface ProcessorContext {
  redis: Redis;
  sandboxes: SandboxProvider;
  results: Queue<ResultMessage>;
  workerId: string;
  logger: Logger;
}

export function createGradeProcessor(ctx: ProcessorContext) {
  return async function gradeSubmission(job: Job, _token?: string, signal?: AbortSignal): Promise<RunResult> {
    const parsed = GradeJob.safeParse(job.data);
    if (!parsed.success) {
      const where = parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");
      ctx.logger.error({ jobId: job.id, where }, "invalid grade job");
      throw new UnrecoverableError(`invalid grade job ${job.id}: ${where}`);
    }
    const data = parsed.data;
    // The submission id (and the api request that accepted it) on every line of this run's logs.
    const logger = ctx.logger.child({
      jobId: job.id,
      submission: data.submissionId,
      attempt: data.attempt,
      ...(data.requestId ? { requestId: data.requestId } : {}),
    });
    const [source, harness] = await Promise.all([
      loadBlob(ctx.redis, data.source, "source"),
      loadBlob(ctx.redis, data.harness, "harness"),
    ]);

    const events = new RunEventWriter(ctx.redis, data.submissionId);
    events.emit({ type: "run.started", attempt: data.attempt, worker: ctx.workerId });
    const started = Date.now();
    let result: RunResult;
    try {
      result = await runGrading({
        job: data,
        source,
        harness,
        sandboxes: ctx.sandboxes,
        // The engine emits build and stage events only; a verdict is never the worker's to write.
        emit: (e) => (e.type === "run.finished" ? null : events.emit(e)),
        logger,
        ...(signal ? { signal } : {}),
      });
    } catch (err) {
      await events.flush().catch(() => {});
      logger.warn({ err, retry: job.attemptsMade + 1 }, "grading failed on infrastructure; BullMQ will retry");
      throw err;
    }
    // Failure messages may quote the program's output: stored (and shown) neutralised.
    result = neutralizeResult(result);
    // Every event of the run is in the stream before the result leaves. The verdict travels
    // once, in the ResultMessage: the api ends the stream with run.finished when it records it.
    await events.flush();

    const message: ResultMessage = {
      submissionId: data.submissionId,
      attempt: data.attempt,
      result,
      worker: ctx.workerId,
      finishedAt: Date.now(),
    };
    await ctx.results.add(QUEUE_NAMES.results, message, {
      jobId: jobIds.result(data.submissionId, data.attempt),
      attempts: 5,
      backoff: { type: "exponential", delay: 1_000 },
      removeOnComplete: { age: 24 * 3600 },
      removeOnFail: { age: 7 * 24 * 3600 },
    });
    logger.info(
      { status: result.status, stages: result.stages.length, ms: Date.now() - started, logsDropped: events.dropped },
      "graded",
    );
    return result;
  };
}
