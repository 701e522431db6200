// Verdict messages the participant reads. They say what happened and what to look at.
import type { GradeJob } from "@bsod/contracts";

/** How a vm's guest ended while the harness ran (the supervisor's report). */
export interface GuestEnd {
  reason: "panic" | "reboot" | "poweroff" | "exit";
  code: number | null;
  signal: string | null;
  serial: string[];
}

export const messages = {
  compileError: (cmd: string, code: number | null, tail: string[]) =>
    [
      `build failed: \`${cmd}\` exited with code ${code ?? "unknown"}`,
      ...(tail.length ? ["last lines:", ...tail] : []),
    ].join("\n"),
  buildTimeout: (ms: number) => `build took longer than the ${seconds(ms)} limit and was stopped`,
  buildOutput: (bytes: number) => `build printed more than ${size(bytes)} and was stopped`,
  buildMemory: (mb: number) => `build ran out of memory (limit ${mb} MB, no swap) and was killed`,
  sourceTooBig: (mb: number) => `your repository does not fit in the ${mb} MB work directory`,
  stageTimeout: (ms: number) =>
    `your program did not finish this stage within the ${seconds(ms)} limit and was stopped`,
  stageMemory: (mb: number) => `your program ran out of memory (limit ${mb} MB, no swap) and was killed`,
  buildProcesses: (pids: number) =>
    `build started processes faster than the sandbox could end them (at most ${pids} at once) and was stopped`,
  stageProcesses: (pids: number) =>
    `your program started processes faster than the sandbox could end them (at most ${pids} at once; a fork bomb?) and was stopped`,
  guestEnded: (end: GuestEnd) =>
    [
      {
        panic: "the machine's kernel panicked",
        reboot: "the machine rebooted (with no reboot allowed, that ends it)",
        poweroff: "the machine powered off",
        exit: `the machine stopped (qemu ended with ${end.signal ?? `code ${end.code ?? "unknown"}`})`,
      }[end.reason],
      ...(end.serial.length ? ["its serial console:", ...serialExcerpt(end.serial)] : []),
    ].join("\n"),
  internal: (reason: string) => `the grader failed on our side (${reason}); this does not count against you`,
};

/** What a participant needs of a dying kernel's console: why it died, then its last words. */
function serialExcerpt(lines: string[]): string[] {
  const last = lines.slice(-8);
  const why = lines
    .filter((l, i) => i < lines.length - 8 && /Kernel panic|BUG:|Oops|sysrq|reboot:/.test(l))
    .slice(0, 3);
  return why.length ? [...why, "…", ...last] : last;
}

export function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

export function size(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${+(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}

/** Outer deadline of the harness exec: every stage may use its full time, plus slack. */
export function harnessDeadlineMs(job: Pick<GradeJob, "stages" | "limits">): number {
  return job.stages.length * (job.limits.stageTimeoutMs + 1_000) + 5_000;
}

/** The longest a run may keep its container: setup, build, harness, cleanup. */
export function runBudgetMs(job: Pick<GradeJob, "stages" | "limits" | "build">): number {
  return 60_000 + (job.build ? job.limits.buildTimeoutMs : 0) + harnessDeadlineMs(job);
}
