// The stage step: the supervisor runs the harness bundle as root (no capabilities but
// SETUID/SETGID/KILL) in /work with the HarnessConfig on its stdin, right after the build;
// this follows its messages (its stdout, framed) and decides the verdicts the worker owns.
import {
  type GradeJob,
  GUEST_AGENT_PORT,
  type HarnessConfig,
  type NewRunEvent,
  PROGRAM_UID,
  SANDBOX_PATHS,
  type StageResult,
} from "@bsod/contracts";
import type { Logger } from "../log.ts";
import type { Sandbox, SandboxStop } from "../sandbox/sandbox.ts";
import { SandboxError } from "../sandbox/sandbox-error.ts";
import { GUEST_EXEC, ownKernelRun } from "../sandbox/vm.ts";
import type { RunServices } from "../services/run-services.ts";
import { serviceCallHandler } from "../services/service-calls.ts";
import { abortReason } from "./abort.ts";
import { HarnessSession } from "./harness-session.ts";
import { LineSplitter } from "./line-splitter.ts";
import { type GuestEnd, harnessDeadlineMs, messages, size } from "./messages.ts";
import { type PhaseResult, runPhase } from "./phase.ts";

const MAX_MESSAGE_LINE = 1024 * 1024;
const DONE_GRACE_MS = 1_000;
const STDERR_TAIL_BYTES = 8 * 1024;
/** Verdicts the harness gives a program that the OOM killer took. */
const OOM_LOOKALIKES = new Set(["crashed", "failed", "timeout"]);

export function harnessConfig(job: GradeJob): HarnessConfig {
  return {
    stages: job.stages,
    // An own-kernel vm run: the program is the build's kernel, booted by qemu as the program user.
    run: job.vm?.kernel === "own" ? ownKernelRun(job.vm) : job.run,
    seed: job.seed,
    stageTimeoutMs: job.limits.stageTimeoutMs,
    outputBytes: job.limits.outputBytes,
    workDir: SANDBOX_PATHS.work,
    programUid: PROGRAM_UID,
    ...(job.vm?.kernel === "stock" ? { guest: { exec: GUEST_EXEC, agentPort: GUEST_AGENT_PORT } } : {}),
    ...(job.services?.length ? { services: job.services.map((s) => ({ name: s.name, port: s.readyPort })) } : {}),
  };
}

export async function runStages(
  job: GradeJob,
  sandbox: Sandbox,
  emit: (e: NewRunEvent) => unknown,
  signal: AbortSignal | undefined,
  logger: Logger,
  services: RunServices | null = null,
): Promise<StageResult[]> {
  const protocol = new AbortController();
  let lingering: NodeJS.Timeout | undefined;
  const session = new HarnessSession(
    job.stages,
    emit,
    (why) => {
      logger.error({ why }, "harness broke the protocol; stopping it");
      protocol.abort();
    },
    // After harness.done nothing it does matters: a harness (or a program process holding its
    // stdout) that does not exit is stopped instead of holding the job until the deadline.
    () => {
      lingering = setTimeout(() => protocol.abort(), DONE_GRACE_MS);
    },
    services && services.list.length > 0 ? serviceCallHandler(services, sandbox, logger) : null,
  );
  const stdout = new LineSplitter((l) => session.onLine(l), MAX_MESSAGE_LINE);
  let stderr = "";
  const deadline = harnessDeadlineMs(job);
  const maxOutput = Math.max(8 * 1024 * 1024, job.stages.length * (2 * job.limits.outputBytes + 1024 * 1024));

  const phase = await runPhase(sandbox, {
    endsWith: "x",
    timeoutMs: deadline,
    maxOutputBytes: maxOutput,
    output: {
      h: (c) => stdout.push(c),
      k: (c) => {
        stderr = (stderr + c.toString("utf8")).slice(-STDERR_TAIL_BYTES);
      },
    },
    signal: signal ? AbortSignal.any([signal, protocol.signal]) : protocol.signal,
  });
  clearTimeout(lingering);
  stdout.end();
  if (phase.end === "aborted" && signal?.aborted) throw abortReason(signal);
  const res = harnessEnd(sandbox, phase);
  const marks = (phase.report as { marks?: unknown } | null)?.marks;
  if (marks) logger.debug({ marks }, "supervisor timings");

  const failure = await decide(job, session, res, deadline, maxOutput);
  if (failure?.status === "internal_error") {
    const supervisor = sandbox.supervisor.stderr.trim();
    logger.error(
      {
        stage: failure.slug,
        end: res.end,
        exitCode: res.exitCode,
        why: session.protocolError,
        stderr,
        ...(supervisor ? { supervisor } : {}),
      },
      `harness failure: ${failure.message}`,
    );
  } else if (stderr.trim()) {
    logger.debug({ stderr }, "harness stderr");
  }
  return session.finish(failure);
}

interface HarnessEnd {
  end: PhaseResult["end"];
  /** null when the harness was stopped or the container died under it. */
  exitCode: number | null;
  /** Why the sandbox stopped: from the supervisor's OOM count when the harness ended, else Docker's view. */
  stop: () => Promise<SandboxStop>;
  /** vm runs: the guest ended while the harness ran. */
  guest: GuestEnd | null;
}

function harnessEnd(sandbox: Sandbox, phase: PhaseResult): HarnessEnd {
  const report = phase.report as { code: number; oomKills: number | null; guest?: GuestEnd | null } | null;
  const counted = report?.oomKills;
  return {
    guest: report?.guest ?? null,
    end: phase.end,
    exitCode: report ? report.code : null,
    stop: async () => (typeof counted === "number" ? (counted > 0 ? "oom" : "other") : sandbox.stopReason()),
  };
}

function vanished(when: string): SandboxError {
  return new SandboxError(`the sandbox container was stopped from outside ${when}; the run will be retried`);
}

/** The failing verdict the worker decides on; null keeps the harness's own (if any). */
async function decide(
  job: GradeJob,
  session: HarnessSession,
  res: HarnessEnd,
  deadline: number,
  maxOutput: number,
): Promise<StageResult | null> {
  const pending = session.pendingStage();
  const verdict = (status: StageResult["status"], message: string): StageResult | null =>
    pending
      ? {
          slug: pending.slug,
          status,
          durationMs: pending.startedAt === null ? 0 : Date.now() - pending.startedAt,
          message,
        }
      : null;

  if (session.protocolError) return verdict("internal_error", messages.internal("the harness sent an invalid message"));
  // The program's machine went away under the stage: that, with its last words, is the verdict
  // (the harness only saw its connections to the guest break).
  if (res.guest && (session.heldFailure || pending)) {
    const message = messages.guestEnded(res.guest);
    return session.heldFailure ? { ...session.heldFailure, status: "crashed", message } : verdict("crashed", message);
  }

  if (session.done) {
    const held = session.heldFailure;
    const stop = held && OOM_LOOKALIKES.has(held.status) ? await res.stop() : null;
    if (stop === "vanished") throw vanished("after the harness's last verdict");
    if (stop === "oom") return { ...held!, status: "memory_limit", message: messages.stageMemory(job.limits.memoryMb) };
    if (!held && session.results.length < job.stages.length) {
      return verdict("internal_error", messages.internal("the harness skipped a stage"));
    }
    return null;
  }

  // The harness did not finish: find out why, without blaming the participant for our bugs.
  if (res.end === "timeout") {
    if (pending && pending.startedAt !== null && !session.failed) {
      return verdict("timeout", messages.stageTimeout(job.limits.stageTimeoutMs));
    }
    return verdict("internal_error", messages.internal(`the harness did not finish within ${deadline} ms`));
  }
  if (res.end === "output_limit") {
    return verdict("internal_error", messages.internal(`the harness printed more than ${size(maxOutput)}`));
  }
  const stop = await res.stop();
  // The container died under the harness without the OOM killer: a run cut from outside (a
  // reaper, an operator, the engine) is retried, and whatever the harness said before stands for
  // nothing, since the cut may be what it saw.
  if (stop === "vanished" || (stop === "other" && res.exitCode === null)) throw vanished("while the harness ran");
  if (stop === "oom") {
    if (session.heldFailure)
      return { ...session.heldFailure, status: "memory_limit", message: messages.stageMemory(job.limits.memoryMb) };
    return verdict("memory_limit", messages.stageMemory(job.limits.memoryMb));
  }
  if (stop === "process_limit") {
    const message = messages.stageProcesses(job.limits.pids);
    return session.heldFailure ? { ...session.heldFailure, status: "crashed", message } : verdict("crashed", message);
  }
  if (session.heldFailure) return null; // its verdict stands; it just did not say goodbye
  return verdict("internal_error", messages.internal(`the harness exited with code ${res.exitCode ?? "unknown"}`));
}
