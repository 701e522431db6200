// The build step: the supervisor runs `sh -c <build>` as the program user in /work (right after
// setup, no round trip); its output arrives as frames and is streamed as build.log.
import { type GradeJob, type NewRunEvent, RUN_LOG_MAX_LINE, type RunResult } from "@bsod/contracts";
import type { Sandbox } from "../sandbox/sandbox.ts";
import { SandboxError } from "../sandbox/sandbox-error.ts";
import { abortReason } from "./abort.ts";
import { LineSplitter } from "./line-splitter.ts";
import { messages } from "./messages.ts";
import { runPhase } from "./phase.ts";

const TAIL_LINES = 15;

export async function runBuild(
  job: GradeJob & { build: string },
  sandbox: Sandbox,
  emit: (e: NewRunEvent) => unknown,
  signal: AbortSignal | undefined,
): Promise<RunResult["build"]> {
  const tail: string[] = [];
  const onLine = (line: string) => {
    emit({ type: "build.log", line });
    tail.push(line);
    if (tail.length > TAIL_LINES) tail.shift();
  };
  const out = new LineSplitter(onLine, RUN_LOG_MAX_LINE);
  const err = new LineSplitter(onLine, RUN_LOG_MAX_LINE);
  const res = await runPhase(sandbox, {
    endsWith: "b",
    timeoutMs: job.limits.buildTimeoutMs,
    maxOutputBytes: job.limits.outputBytes,
    output: { o: (c) => out.push(c), e: (c) => err.push(c) },
    signal,
  });
  out.end();
  err.end();
  const report = res.report as { code: number; durationMs: number; oomKills: number | null } | null;
  const durationMs = report?.durationMs ?? res.durationMs;
  switch (res.end) {
    case "aborted":
      throw abortReason(signal);
    case "timeout":
      return { status: "timeout", durationMs, message: messages.buildTimeout(job.limits.buildTimeoutMs) };
    case "output_limit":
      return { status: "output_limit", durationMs, message: messages.buildOutput(job.limits.outputBytes) };
    case "exited":
      break;
  }
  if (report === null) {
    // The container died under the build: the OOM killer took the supervisor, the build
    // exhausted gVisor's processes, or Docker trouble.
    const stop = await sandbox.stopReason();
    if (stop === "oom") {
      return { status: "memory_limit", durationMs, message: messages.buildMemory(job.limits.memoryMb) };
    }
    if (stop === "process_limit") {
      return { status: "compile_error", durationMs, message: messages.buildProcesses(job.limits.pids) };
    }
    throw new SandboxError(
      stop === "vanished"
        ? "the sandbox container was stopped from outside during the build; the run will be retried"
        : `the sandbox stopped during the build: ${sandbox.supervisor.stderr.trim() || "no output"}`,
    );
  }
  if (report.code === 0) return { status: "passed", durationMs };
  if (report.oomKills === null ? (await sandbox.stopReason()) === "oom" : report.oomKills > 0) {
    return { status: "memory_limit", durationMs, message: messages.buildMemory(job.limits.memoryMb) };
  }
  return { status: "compile_error", durationMs, message: messages.compileError(job.build, report.code, tail) };
}
