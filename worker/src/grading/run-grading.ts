// Grades one submission in one fresh sandbox: source in, build, stages, RunResult out.
// Usable without BullMQ (the CLI verifies tracks with it). Throws only on infrastructure
// trouble (Docker) or abort; every participant fault and harness bug is a verdict.
import {
  type GradeJob,
  type NewRunEvent,
  overallStatus,
  PROGRAM_UID,
  type RunResult,
  SANDBOX_PATHS,
  type StageResult,
} from "@bsod/contracts";
import { type Logger, silentLogger } from "../log.ts";
import type { SandboxProvider } from "../sandbox/pool.ts";
import { runBuild } from "./build-step.ts";
import { runStages } from "./harness-step.ts";
import { messages, runBudgetMs } from "./messages.ts";

export interface GradingOptions {
  job: GradeJob;
  /** The source tarball (git archive). */
  source: Buffer;
  /** The harness bundle (one .mjs file). */
  harness: Buffer;
  sandboxes: SandboxProvider;
  /** Receives the run's events in order; not awaited (a RunEventWriter queues and flushes). */
  emit: (event: NewRunEvent) => unknown;
  signal?: AbortSignal;
  logger?: Logger;
}

export async function runGrading(opts: GradingOptions): Promise<RunResult> {
  const { job, emit, signal } = opts;
  const logger = (opts.logger ?? silentLogger).child({ submission: job.submissionId, attempt: job.attempt });
  signal?.throwIfAborted();
  const sandbox = await opts.sandboxes.take({ image: job.image, limits: job.limits }, runBudgetMs(job));
  logger.debug({ container: sandbox.id.slice(0, 12) }, "sandbox taken");
  const finish = (build: RunResult["build"], stages: StageResult[]): RunResult => ({
    version: 1,
    status: overallStatus(build, stages),
    build,
    stages,
  });
  try {
    const extracted = await sandbox.extractTar(SANDBOX_PATHS.work, opts.source, `${PROGRAM_UID}:${PROGRAM_UID}`);
    if (!extracted.ok) {
      const tooBig = /No space left/i.test(extracted.error);
      if (!tooBig) logger.error({ error: extracted.error }, "source archive could not be extracted");
      const build: RunResult["build"] = tooBig
        ? { status: "compile_error", durationMs: 0, message: messages.sourceTooBig(job.limits.workDirMb) }
        : { status: "internal_error", durationMs: 0, message: messages.internal("the source archive is unreadable") };
      emit({ type: "build.finished", ...build });
      return finish(build, []);
    }
    await sandbox.writeFile(SANDBOX_PATHS.harnessBundle, opts.harness);

    const build: RunResult["build"] = job.build
      ? await runBuild({ ...job, build: job.build }, sandbox, emit, signal)
      : { status: "skipped", durationMs: 0 };
    emit({ type: "build.finished", ...build });
    if (build.status !== "passed" && build.status !== "skipped") return finish(build, []);

    const stages = await runStages(job, sandbox, emit, signal, logger);
    return finish(build, stages);
  } finally {
    await sandbox
      .destroy()
      .catch((err: Error) => logger.error({ err }, "removing the sandbox failed; the reaper will"));
  }
}
