// Hands the job to the sandbox's supervisor in one write: the harness bundle (it writes it
// into /bsod as root) and the participant's source (it extracts it into /work as the program
// user, so tar never runs with root's rights and the host never looks at an entry), plus the
// build command and the HarnessConfig, so build and stages follow without another round trip.
import type { GradeJob, HarnessConfig } from "@bsod/contracts";
import type { Sandbox } from "../sandbox/sandbox.ts";
import { SandboxError } from "../sandbox/sandbox-error.ts";
import { abortReason } from "./abort.ts";
import { runPhase } from "./phase.ts";

export type SetupOutcome = { ok: true } | { ok: false; cause: "source_too_big" | "source_unreadable"; detail: string };

const SETUP_TIMEOUT_MS = 60_000;

export async function setUpSandbox(
  sandbox: Sandbox,
  job: GradeJob,
  config: HarnessConfig,
  source: Buffer,
  harness: Buffer,
  signal: AbortSignal | undefined,
): Promise<SetupOutcome> {
  if (!sandbox.usable) throw new SandboxError("the sandbox's supervisor is gone");
  sandbox.supervisor.send({ harness, source, build: job.build, config });
  const res = await runPhase(sandbox, {
    endsWith: "s",
    timeoutMs: SETUP_TIMEOUT_MS,
    maxOutputBytes: 0,
    output: {},
    signal,
  });
  if (res.end === "aborted") throw abortReason(signal);
  if (res.end !== "exited") return { ok: false, cause: "source_unreadable", detail: `tar ${res.end}` };
  if (res.report === null) {
    throw new SandboxError(`the sandbox stopped during setup: ${sandbox.supervisor.stderr.trim() || "no output"}`);
  }
  const report = res.report as { ok: boolean; error: string };
  if (report.ok) return { ok: true };
  // tmpfs full: tar reports ENOSPC, or a short write ("Wrote only 1536 of 10240 bytes")
  const cause = /No space left|Wrote only \d+ of/i.test(report.error) ? "source_too_big" : "source_unreadable";
  return { ok: false, cause, detail: report.error };
}
