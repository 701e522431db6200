// One OS process of the participant's program: spawned as the program user in its own process
// group, its output counted, captured and forwarded to the log, its exit read as a verdict.
import { type ChildProcess, spawn } from "node:child_process";
import { StageFailure } from "./errors.ts";
import {
  describeSignal,
  programCommand,
  programScript,
  readOomKills,
  reapedChildrenCpuMs,
  signalName,
} from "./process-utils.ts";
import type { ProgramConfig, StageLink } from "./program-config.ts";

export interface ExitInfo {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
}

/** The Program a process belongs to: its config, its stage, and the output budget they share. */
export interface ProcessOwner {
  readonly config: ProgramConfig;
  readonly link: StageLink;
  /** Counts program output; false once over the stage's limit. */
  countOutput(bytes: number): boolean;
}

export type KilledBy = "timeout" | "output" | "stop" | "author";

const MAX_CAPTURE = 16 * 1024 * 1024;

export function argsText(args: readonly string[]): string {
  if (args.length === 0) return "with no arguments";
  const s = args.map((a) => (/^[\w./:=@%+-]+$/.test(a) ? a : JSON.stringify(a))).join(" ");
  return `with arguments ${s.length > 120 ? `${s.slice(0, 120)}…` : s}`;
}

function tail(text: string, lines = 6): string {
  const all = text.trimEnd().split("\n");
  const last = all.slice(-lines).map((l) => (l.length > 300 ? `${l.slice(0, 300)}…` : l));
  return (all.length > lines ? ["…", ...last] : last).join("\n");
}

/** One OS process of the participant's program, spawned in its own process group. */
export class SpawnedProcess {
  readonly child: ChildProcess;
  readonly started = Date.now();
  killedBy: KilledBy | undefined;
  stdoutText = "";
  stderrText = "";
  readonly exited: Promise<ExitInfo>;
  exitInfo: ExitInfo | undefined;
  /** CPU time of the program's process tree, set when it has been reaped. */
  cpuMs: number | undefined;
  private readonly oomBefore: number | undefined;
  private readonly cpuBefore: number | undefined;
  /** The guest's OOM killer ended it (guest-exec says so on fd 3). */
  private guestOom = false;

  constructor(
    private readonly owner: ProcessOwner,
    readonly args: readonly string[],
    env: Record<string, string> | undefined,
    logStdout: boolean,
  ) {
    const cfg = owner.config;
    const { script, exec } = programScript(cfg.run);
    const spec = programCommand(script, args, cfg.programUid, cfg.guest?.exec);
    this.oomBefore = readOomKills();
    this.cpuBefore = reapedChildrenCpuMs();
    this.child = spawn(spec.command, spec.args, {
      cwd: cfg.workDir,
      env: {
        PATH: process.env.PATH ?? "/usr/local/bin:/usr/bin:/bin",
        HOME: cfg.workDir,
        LANG: process.env.LANG ?? "C.UTF-8",
        ...env,
      },
      detached: true,
      stdio: cfg.guest ? ["pipe", "pipe", "pipe", "pipe"] : ["pipe", "pipe", "pipe"],
    });
    const status = cfg.guest ? (this.child.stdio[3] as NodeJS.ReadableStream | null) : null;
    status?.on("data", (c: Buffer) => {
      if (c.toString("utf8").includes("oom")) this.guestOom = true;
    });
    status?.on("error", () => undefined);
    this.child.stdin?.on("error", () => undefined); // EPIPE when the program does not read stdin
    this.forward(this.child.stdout, "stdout", logStdout);
    this.forward(this.child.stderr, "stderr", true);
    this.exited = new Promise<ExitInfo>((resolve) => {
      let exitSeen: ExitInfo | undefined;
      const done = () => {
        if (this.exitInfo || !exitSeen) return;
        this.exitInfo = exitSeen;
        resolve(exitSeen);
      };
      this.child.on("error", (e) => {
        exitSeen = { exitCode: null, signal: null };
        owner.link.fatal(new StageFailure("internal_error", `could not start the program: ${e.message}`));
        done();
      });
      this.child.on("exit", (code, sig) => {
        // libuv has reaped the child by now, so its CPU time is in our children's total
        const cpuAfter = reapedChildrenCpuMs();
        if (this.cpuBefore !== undefined && cpuAfter !== undefined) this.cpuMs = cpuAfter - this.cpuBefore;
        let exitCode = code;
        let signal = sig;
        // Without exec, the shell reports a signal death as 128+n.
        if (!exec && code !== null && code > 128 && code < 128 + 65) {
          const name = signalName(code - 128);
          if (name) {
            exitCode = null;
            signal = name;
          }
        }
        exitSeen = { exitCode, signal };
        this.killGroup(); // what it left running would hold the pipes open
        const grace = setTimeout(() => {
          this.child.stdout?.destroy();
          this.child.stderr?.destroy();
          done();
        }, 500);
        grace.unref();
      });
      this.child.on("close", () => done());
    });
  }

  private forward(stream: NodeJS.ReadableStream | null, _name: "stdout" | "stderr", log: boolean): void {
    if (!stream) return;
    let partial = "";
    stream.on("data", (chunk: Buffer) => {
      if (!this.owner.countOutput(chunk.length)) return;
      const text = chunk.toString("utf8");
      if (_name === "stdout") {
        if (this.stdoutText.length < MAX_CAPTURE) this.stdoutText += text;
      } else if (this.stderrText.length < MAX_CAPTURE) this.stderrText += text;
      if (!log) return;
      const lines = (partial + text).split("\n");
      partial = lines.pop() ?? "";
      for (const l of lines) this.owner.link.programLine(l.replace(/\r$/, ""));
      if (partial.length > 4096) {
        this.owner.link.programLine(partial);
        partial = "";
      }
    });
    stream.on("end", () => {
      if (log && partial) this.owner.link.programLine(partial);
      partial = "";
    });
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get running(): boolean {
    return this.exitInfo === undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  killGroup(by?: KilledBy): void {
    if (by && !this.killedBy && this.running) this.killedBy = by;
    const pid = this.child.pid;
    if (pid === undefined) return;
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      // already gone
    }
  }

  /** The failure this exit means, or undefined when it is a normal end. */
  verdictFor(info: ExitInfo, what: string, expectZero: boolean): StageFailure | undefined {
    if (this.killedBy === "stop" || this.killedBy === "output") return undefined;
    // In a vm the guest's OOM killer may have taken a child of the program's shell (exit 137)
    const guestOom = this.guestOom && (info.signal !== null || info.exitCode !== 0);
    if ((info.signal === "SIGKILL" || guestOom) && this.killedBy !== "author") {
      const oomAfter = readOomKills();
      if (guestOom || (this.oomBefore !== undefined && oomAfter !== undefined && oomAfter > this.oomBefore)) {
        return new StageFailure("memory_limit", `${what} ran out of memory and was killed by the kernel`, {
          hint: "look for unbounded buffers, leaks, or data structures that grow with every request",
        });
      }
    }
    if (!expectZero) return undefined;
    const stderr = this.stderrText.trim() ? `\nlast lines on stderr:\n${tail(this.stderrText)}` : "";
    if (info.signal && this.killedBy !== "author") {
      return new StageFailure("crashed", `${what} was killed by signal ${describeSignal(info.signal)}${stderr}`);
    }
    if (info.exitCode !== null && info.exitCode !== 0) {
      return new StageFailure("crashed", `${what} exited with code ${info.exitCode}${stderr}`);
    }
    return undefined;
  }
}
