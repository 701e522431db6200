// Where a stretch of the machine's CPU went, by process name, from /proc/<pid>/stat: what live
// processes used, plus what exited children left in their parent's account (an exited
// containerd-shim's containers, for instance, land on whoever reaps the shim). Kernel workers
// are summed into one line: their names only say what they did last (and change with it).
import { readdirSync, readFileSync } from "node:fs";

interface Proc {
  comm: string;
  /** utime + stime, in clock ticks */
  own: number;
  /** cutime + cstime of reaped children */
  children: number;
}

export type CpuSnapshot = Map<number, Proc>;

const TICK_MS = 10;

export function cpuSnapshot(): CpuSnapshot {
  const snap: CpuSnapshot = new Map();
  for (const pid of readdirSync("/proc")) {
    if (!/^\d+$/.test(pid)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    } catch {
      continue; // gone meanwhile
    }
    const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
    const f = stat
      .slice(stat.lastIndexOf(")") + 2)
      .split(" ")
      .map(Number);
    snap.set(Number(pid), { comm, own: (f[11] ?? 0) + (f[12] ?? 0), children: (f[13] ?? 0) + (f[14] ?? 0) });
  }
  return snap;
}

/** The biggest consumers between two snapshots, in ms of CPU per unit of work. */
export function cpuByProcess(before: CpuSnapshot, after: CpuSnapshot, units: number, top = 8): string[] {
  const by = new Map<string, number>();
  const add = (name: string, ticks: number) => {
    if (ticks > 0) by.set(name, (by.get(name) ?? 0) + ticks);
  };
  for (const [pid, p] of after) {
    const old = before.get(pid);
    const kworker = p.comm.startsWith("kworker/");
    // A kernel worker's name carries the queue it ran last, so it changes while the pid stays.
    const same = old && (old.comm === p.comm || (kworker && old.comm.startsWith("kworker/"))) ? old : undefined;
    const name = kworker ? "kernel workers" : p.comm;
    add(name, p.own - (same?.own ?? 0));
    add(`reaped children of ${name}`, p.children - (same?.children ?? 0));
  }
  return [...by]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, ticks]) => `${name} ${Math.round((ticks * TICK_MS) / units)} ms`);
}
