// The build step: `sh -c <build>` as the program user in /work, its output streamed as build.log.
import {
  type GradeJob,
  type NewRunEvent,
  PROGRAM_UID,
  RUN_LOG_MAX_LINE,
  type RunResult,
  SANDBOX_PATHS,
} from "@bsod/contracts";
import type { Sandbox } from "../sandbox/sandbox.ts";
import { abortReason } from "./abort.ts";
import { LineSplitter } from "./line-splitter.ts";
import { messages } from "./messages.ts";

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
  const res = await sandbox.exec({
    cmd: ["sh", "-c", job.build],
    user: `${PROGRAM_UID}:${PROGRAM_UID}`,
    workingDir: SANDBOX_PATHS.work,
    env: ["HOME=/tmp"],
    timeoutMs: job.limits.buildTimeoutMs,
    maxOutputBytes: job.limits.outputBytes,
    onStdout: (c) => out.push(c),
    onStderr: (c) => err.push(c),
    signal,
  });
  out.end();
  err.end();
  const durationMs = res.durationMs;
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
  if (res.exitCode === 0) return { status: "passed", durationMs };
  if ((await sandbox.oomKills()) > 0) {
    return { status: "memory_limit", durationMs, message: messages.buildMemory(job.limits.memoryMb) };
  }
  return { status: "compile_error", durationMs, message: messages.compileError(job.build, res.exitCode, tail) };
}
