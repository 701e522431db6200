import { spawn } from "node:child_process";
import { until } from "@bsod/testkit";
import { describe, expect, it } from "vitest";
import { userHasProcesses } from "./process-utils.ts";

const UNUSED_UID = 54_321;

/**
 * "No process" is only reported for a settled picture of /proc: on a busy host (other processes
 * starting and ending while it looks) the answer is "maybe", so wait for a settled "none".
 */
const settlesToNone = (uid: number) => until(`no process of uid ${uid}`, async () => !userHasProcesses(uid), 10_000);

describe("userHasProcesses", () => {
  it("sees a process of the user, and none once it is gone", async () => {
    await settlesToNone(UNUSED_UID);
    const child = spawn(
      "setpriv",
      ["--reuid", String(UNUSED_UID), "--regid", String(UNUSED_UID), "--clear-groups", "sleep", "30"],
      {
        stdio: "ignore",
      },
    );
    await new Promise((resolve) => child.once("spawn", resolve));
    // setpriv switches the uid before it execs sleep: wait for that, not for a fixed time
    await new Promise<void>((resolve) => {
      const poll = () => (userHasProcesses(UNUSED_UID) ? resolve() : setImmediate(poll));
      poll();
    });
    child.kill("SIGKILL");
    await new Promise((resolve) => child.once("exit", resolve));
    await settlesToNone(UNUSED_UID);
  });

  it("counts our own user's processes", () => {
    expect(userHasProcesses(process.getuid?.() ?? 0)).toBe(true);
  });
});
