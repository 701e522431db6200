// Puts the harness bundle (as root, into /bsod) and the participant's source (extracted by
// the program user, so tar never runs with root's rights) into a fresh sandbox. The two execs
// run side by side: each costs ~70-150 ms of latency, not CPU.
import { PROGRAM_UID, SANDBOX_PATHS } from "@bsod/contracts";
import type { Sandbox } from "../sandbox/sandbox.ts";

export type SetupOutcome = { ok: true } | { ok: false; cause: "source_too_big" | "source_unreadable"; detail: string };

export async function setUpSandbox(sandbox: Sandbox, source: Buffer, harness: Buffer): Promise<SetupOutcome> {
  const [extracted] = await Promise.all([
    sandbox.extractTar(SANDBOX_PATHS.work, source, `${PROGRAM_UID}:${PROGRAM_UID}`),
    sandbox.writeFile(SANDBOX_PATHS.harnessBundle, harness),
  ]);
  if (extracted.ok) return { ok: true };
  // tmpfs full: tar reports ENOSPC, or a short write ("Wrote only 1536 of 10240 bytes")
  const cause = /No space left|Wrote only \d+ of/i.test(extracted.error) ? "source_too_big" : "source_unreadable";
  return { ok: false, cause, detail: extracted.error };
}
