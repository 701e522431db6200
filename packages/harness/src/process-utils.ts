// Low-level helpers for running the participant's program: the command line that drops to the
// program's user, signal names, and the cgroup's OOM-kill counter.
import { spawn } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { constants } from "node:os";

export interface SpawnSpec {
  command: string;
  args: string[];
}

/** True when `run` is one simple command, so `exec` keeps the program's own exit status. */
export function isSimpleCommand(run: string): boolean {
  if (/[;&|<>()$`\\\n*?[\]{}~#!]/.test(run)) return false;
  const first = run.trim().split(/\s+/)[0] ?? "";
  return (
    first.length > 0 && !first.includes("=") && !["cd", "export", "set", "exec", "if", "for", "while"].includes(first)
  );
}

/** The shell script that starts the program; arguments arrive as "$@". */
export function programScript(run: string): { script: string; exec: boolean } {
  const exec = isSimpleCommand(run);
  return { script: exec ? `exec ${run} "$@"` : `${run} "$@"`, exec };
}

/**
 * The argv that runs `script` as the program user. With uid 0 (host-side tests) the shell runs
 * directly; in the sandbox it runs under choom (so the OOM killer picks it) and setpriv (no
 * groups, no capabilities, no way back to root).
 */
export function programCommand(
  script: string,
  args: readonly string[],
  uid: number,
  /** vm runs: the program runs in the guest, through this client. */
  guestExec?: string,
): SpawnSpec {
  const sh = [...(guestExec ? [guestExec, "run", "--"] : []), "sh", "-c", script, "your_program", ...args];
  if (uid === 0) return { command: sh[0] as string, args: sh.slice(1) };
  return {
    command: "choom",
    args: [
      "-n",
      "1000",
      "--",
      "setpriv",
      "--reuid",
      String(uid),
      "--regid",
      String(uid),
      "--clear-groups",
      "--inh-caps=-all",
      "--no-new-privs",
      "--",
      ...sh,
    ],
  };
}

/**
 * Whether any process of `uid` may be alive: true when one is found in /proc, and also when the
 * set of processes changed while it was being read (a process that forks and exits in a loop
 * could slip past one reading; the kill that follows is atomic). Errs towards true.
 */
export function userHasProcesses(uid: number): boolean {
  const pids = () => readdirSync("/proc").filter((p) => /^\d+$/.test(p));
  try {
    const before = pids();
    for (const pid of before) {
      try {
        if (statSync(`/proc/${pid}`).uid === uid) return true;
      } catch {
        return true; // exited while we looked: not a settled picture
      }
    }
    return pids().join() !== before.join();
  } catch {
    return true;
  }
}

/**
 * Kills every process of the program user (sandbox only): what a daemonising program left.
 * Usually nothing is left, and a look at /proc is much cheaper than starting the kill.
 */
export function reapUser(uid: number, guestExec?: string): Promise<void> {
  const guest = guestExec ? reapGuest(uid, guestExec) : Promise.resolve();
  if (uid === 0 || !userHasProcesses(uid)) return guest;
  const local = new Promise<void>((resolve) => {
    const spec = programCommand("kill -9 -1 2>/dev/null; exit 0", [], uid);
    const child = spawn(spec.command, spec.args, { stdio: "ignore", env: { PATH: "/usr/sbin:/usr/bin:/sbin:/bin" } });
    child.on("error", () => resolve());
    child.on("close", () => resolve());
  });
  return Promise.all([local, guest]).then(() => undefined);
}

/** Kills every process in the guest but its init (the agent), and waits until they are gone. */
function reapGuest(uid: number, guestExec: string): Promise<void> {
  return new Promise((resolve) => {
    const as =
      uid === 0
        ? [guestExec, "reap"]
        : [
            "setpriv",
            "--reuid",
            String(uid),
            "--regid",
            String(uid),
            "--clear-groups",
            "--inh-caps=-all",
            "--no-new-privs",
            "--",
            guestExec,
            "reap",
          ];
    const child = spawn(as[0] as string, as.slice(1), {
      stdio: "ignore",
      env: { PATH: "/usr/sbin:/usr/bin:/sbin:/bin" },
    });
    child.on("error", () => resolve());
    child.on("close", () => resolve());
  });
}

const SIGNAL_NAMES = new Map<number, NodeJS.Signals>(
  Object.entries(constants.signals).map(([name, n]) => [n, name as NodeJS.Signals]),
);

export function signalName(n: number): NodeJS.Signals | undefined {
  return SIGNAL_NAMES.get(n);
}

const SIGNAL_MEANINGS: Partial<Record<NodeJS.Signals, string>> = {
  SIGSEGV: "segmentation fault: an invalid memory access",
  SIGABRT: "aborted: abort(), a failed assertion, or a corrupted heap",
  SIGFPE: "arithmetic error: an integer division by zero?",
  SIGBUS: "bus error: a misaligned or invalid memory access",
  SIGILL: "illegal instruction",
  SIGKILL: "killed",
  SIGTERM: "terminated",
  SIGPIPE: "broken pipe: it wrote to a connection or pipe that was closed",
  SIGTRAP: "trap: a breakpoint or a Zig/Rust safety check",
};

export function describeSignal(signal: NodeJS.Signals): string {
  const meaning = SIGNAL_MEANINGS[signal];
  return meaning ? `${signal} (${meaning})` : signal;
}

const OOM_FILES = ["/sys/fs/cgroup/memory/memory.oom_control", "/sys/fs/cgroup/memory.events"];

/** The cgroup's count of OOM kills, or undefined when it cannot be read. */
export function readOomKills(): number | undefined {
  for (const f of OOM_FILES) {
    try {
      const m = /^oom_kill (\d+)$/m.exec(readFileSync(f, "utf8"));
      if (m) return Number(m[1]);
    } catch {
      // not this cgroup version
    }
  }
  return undefined;
}

/**
 * CPU time (user + system, ms) of this process's children that have ended and been reaped:
 * cutime + cstime of /proc/self/stat, in clock ticks (USER_HZ, 100 on Linux). A child's own
 * reaped descendants are included. undefined where /proc is not there.
 */
export function reapedChildrenCpuMs(): number | undefined {
  try {
    const stat = readFileSync("/proc/self/stat", "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // fields[0] is field 3 (state); cutime and cstime are fields 16 and 17
    const cutime = Number(fields[13]);
    const cstime = Number(fields[14]);
    if (!Number.isFinite(cutime) || !Number.isFinite(cstime)) return undefined;
    return (cutime + cstime) * 10;
  } catch {
    return undefined;
  }
}
