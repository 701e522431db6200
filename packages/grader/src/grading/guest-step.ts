// The vm runtime's step between build and stages (stock kernel): the supervisor waits for the
// guest it booted while the container was warm, copies /work into it and reports 'g'.
import type { Sandbox } from "../sandbox/sandbox.ts";
import { SandboxError } from "../sandbox/sandbox-error.ts";
import { abortReason } from "./abort.ts";
import { runPhase } from "./phase.ts";

/** Boot (if a cold start: under load, TCG boots take seconds) and the copy into the guest. */
export const GUEST_READY_TIMEOUT_MS = 120_000;

export type GuestReady = { ok: true; bootMs: number; pushMs: number } | { ok: false; error: string; serial: string[] };

export async function waitForGuest(sandbox: Sandbox, signal: AbortSignal | undefined): Promise<GuestReady> {
  const res = await runPhase(sandbox, {
    endsWith: "g",
    timeoutMs: GUEST_READY_TIMEOUT_MS,
    maxOutputBytes: 0,
    output: {},
    signal,
  });
  if (res.end === "aborted") throw abortReason(signal);
  if (res.end === "timeout") {
    return { ok: false, error: `the guest did not boot within ${GUEST_READY_TIMEOUT_MS / 1000} s`, serial: [] };
  }
  if (res.report === null) {
    const stop = await sandbox.stopReason();
    throw new SandboxError(
      stop === "vanished"
        ? "the sandbox container was stopped from outside while its guest booted; the run will be retried"
        : `the sandbox stopped while its guest booted (${stop}): ${sandbox.supervisor.stderr.trim() || "the supervisor wrote nothing on stderr"}`,
    );
  }
  const r = res.report as { ok: boolean; error: string; bootMs: number; pushMs: number; serial: string[] };
  return r.ok ? { ok: true, bootMs: r.bootMs, pushMs: r.pushMs } : { ok: false, error: r.error, serial: r.serial };
}
