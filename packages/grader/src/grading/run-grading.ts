// Grades one submission in one fresh sandbox: source in, build, stages, RunResult out.
// Usable without BullMQ (the CLI verifies tracks with it). Throws only on infrastructure
// trouble (Docker) or abort; every participant fault and harness bug is a verdict.
import { type GradeJob, type NewRunEvent, overallStatus, type RunResult, type StageResult } from "@bsod/contracts";
import { type Logger, silentLogger } from "../log.ts";
import type { SandboxProvider } from "../sandbox/pool.ts";
import type { Sandbox } from "../sandbox/sandbox.ts";
import type { RunServices } from "../services/run-services.ts";
import { startServices } from "../services/start-step.ts";
import { runBuild } from "./build-step.ts";
import { waitForGuest } from "./guest-step.ts";
import { harnessConfig, runStages } from "./harness-step.ts";
import { messages, runBudgetMs } from "./messages.ts";
import { setUpSandbox } from "./setup-step.ts";

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
  const { job, signal } = opts;
  const logger = (opts.logger ?? silentLogger).child({ submission: job.submissionId, attempt: job.attempt });
  signal?.throwIfAborted();
  const hostNames = job.services?.map((s) => s.name);
  const sandbox = await opts.sandboxes.take(
    { image: job.image, limits: job.limits, vm: job.vm, ...(hostNames?.length ? { hostNames } : {}) },
    runBudgetMs(job),
  );
  logger.debug({ container: sandbox.id.slice(0, 12) }, "sandbox taken");
  const finish = (build: RunResult["build"], stages: StageResult[]): RunResult => ({
    version: 1,
    status: overallStatus(build, stages),
    build,
    stages,
  });
  let result: RunResult;
  let services: RunServices | null = null;
  const removeServices = () =>
    services?.destroy().catch((err: Error) => logger.error({ err }, "removing the services failed; the reaper will"));
  try {
    result = await grade(opts, sandbox, logger, finish, (s) => {
      services = s;
    });
  } catch (err) {
    await Promise.all([
      removeServices(),
      sandbox.destroy().catch((e: Error) => logger.error({ err: e }, "removing the sandbox failed; the reaper will")),
    ]);
    throw err;
  }
  // The result does not wait for the removal (~200-300 ms): the pool tracks it, close() awaits it.
  // Services go first: they live in the sandbox's network namespace.
  void Promise.resolve(removeServices()).then(() =>
    sandbox.destroy().catch((err: Error) => logger.error({ err }, "removing the sandbox failed; the reaper will")),
  );
  return result;
}

async function grade(
  opts: GradingOptions,
  sandbox: Sandbox,
  logger: Logger,
  finish: (build: RunResult["build"], stages: StageResult[]) => RunResult,
  onServices: (s: RunServices) => void,
): Promise<RunResult> {
  const { job, emit, signal } = opts;
  // Services first: the supervisor runs the harness right after the build, without asking.
  const started = await startServices(sandbox, job, onServices, logger);
  if (!started.ok) {
    const build: RunResult["build"] = { status: "internal_error", durationMs: 0, message: started.message };
    emit({ type: "build.finished", ...build });
    return finish(build, []);
  }
  const setup = await setUpSandbox(sandbox, job, harnessConfig(job), opts.source, opts.harness, signal);
  if (!setup.ok) {
    if (setup.cause !== "source_too_big")
      logger.error({ cause: setup.cause, detail: setup.detail }, "sandbox setup failed");
    const build: RunResult["build"] =
      setup.cause === "source_too_big"
        ? { status: "compile_error", durationMs: 0, message: messages.sourceTooBig(job.limits.workDirMb) }
        : {
            status: "internal_error",
            durationMs: 0,
            message: messages.internal(`sandbox setup failed: ${setup.cause}`),
          };
    emit({ type: "build.finished", ...build });
    return finish(build, []);
  }

  const build: RunResult["build"] = job.build
    ? await runBuild({ ...job, build: job.build }, sandbox, emit, signal)
    : { status: "skipped", durationMs: 0 };
  emit({ type: "build.finished", ...build });
  if (build.status !== "passed" && build.status !== "skipped") return finish(build, []);

  if (job.vm?.kernel === "stock") {
    const guest = await waitForGuest(sandbox, signal);
    if (!guest.ok) {
      // The stock machine is ours: a guest that does not come up never counts against anyone.
      logger.error({ why: guest.error, serial: guest.serial }, "the vm's guest did not come up");
      const slug = job.stages[0] as string;
      const message = messages.internal(`the machine did not start: ${guest.error}`);
      emit({ type: "stage.started", slug, index: 0 });
      emit({ type: "stage.failed", slug, status: "internal_error", durationMs: 0, message });
      return finish(build, [{ slug, status: "internal_error", durationMs: 0, message }]);
    }
    logger.debug({ bootMs: guest.bootMs, pushMs: guest.pushMs }, "guest ready");
  }
  const stages = await runStages(job, sandbox, emit, signal, logger, started.services);
  return finish(build, stages);
}
