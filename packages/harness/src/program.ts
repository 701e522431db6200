// The participant's program as a stage test sees it (`program` in the stage context): run it to
// completion, start it as a server, connect to it. Every process runs as the program user in its
// own process group and is killed when the stage ends; the output of all of them is counted
// against one limit.
import { connect as netConnect, type Socket } from "node:net";
import { Connection } from "./connection.ts";
import { StageFailure } from "./errors.ts";
import { quote } from "./format.ts";
import { guestListening } from "./guest.ts";
import { reapUser } from "./process-utils.ts";
import type { ProgramConfig, StageLink } from "./program-config.ts";
import { ProgramProcess } from "./program-process.ts";
import { formatMs } from "./reader.ts";
import { argsText, type ExitInfo, SpawnedProcess } from "./spawned-process.ts";

export interface RunOptions {
  stdin?: string | Buffer;
  /** Extra environment variables (the rest is scrubbed to PATH, HOME, LANG). */
  env?: Record<string, string>;
  /** Wall-clock limit for this run; default: what is left of the stage. */
  timeoutMs?: number;
  /**
   * When true (default), a non-zero exit or a signal ends the stage as `crashed`. Set false to
   * look at `exitCode` / `signal` yourself.
   */
  check?: boolean;
  /** Forward the program's stdout to the stage log (default true; stderr always is). */
  logStdout?: boolean;
}

export interface RunResult {
  stdout: string;
  stderr: string;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  durationMs: number;
  /**
   * CPU time the program used (user + system, all its processes, 10 ms resolution), measured by
   * the harness when it reaped the program — not reported by the program. Exact when no other
   * program of the stage ends during the run; undefined where the kernel does not tell.
   */
  cpuMs?: number;
}

export interface StartOptions {
  env?: Record<string, string>;
  /** The program may exit before the stage ends without failing it (default false). */
  allowExit?: boolean;
  logStdout?: boolean;
}

export interface ConnectOptions {
  /** How long to keep retrying until the program listens (default 5 s). */
  timeoutMs?: number;
  /** Default timeout of each read on the connection (default 5 s). */
  readTimeoutMs?: number;
}

export class Program {
  private readonly procs = new Set<SpawnedProcess>();
  private readonly sockets = new Set<Socket>();
  private outputTotal = 0;
  private outputExceeded = false;

  constructor(
    readonly config: ProgramConfig,
    readonly link: StageLink,
  ) {}

  /** Counts program output; false (and the stage ends) once over the limit. */
  countOutput(bytes: number): boolean {
    if (this.outputExceeded) return false;
    this.outputTotal += bytes;
    if (this.outputTotal <= this.config.outputBytes) return true;
    this.outputExceeded = true;
    for (const p of this.procs) p.killGroup("output");
    this.link.fatal(
      new StageFailure(
        "output_limit",
        `your program printed more than ${this.config.outputBytes} bytes during this stage and was stopped`,
        { hint: "look for a loop that prints without end, or debug output left in" },
      ),
    );
    return false;
  }

  private spawn(args: readonly string[], env: Record<string, string> | undefined, logStdout: boolean): SpawnedProcess {
    if (this.link.signal.aborted) throw new StageFailure("timeout", "the stage was stopped");
    const proc = new SpawnedProcess(this, [...args], env, logStdout);
    this.procs.add(proc);
    return proc;
  }

  /** Runs the program to completion and returns what it printed. */
  async run(args: readonly string[] = [], options: RunOptions = {}): Promise<RunResult> {
    const proc = this.spawn(args, options.env, options.logStdout ?? true);
    const stdin = proc.child.stdin;
    if (stdin) {
      if (options.stdin !== undefined) stdin.end(options.stdin);
      else stdin.end();
    }
    // Without its own limit a run is bounded by the stage's, which names it when it fires.
    const timeoutMs = options.timeoutMs;
    const timer = timeoutMs === undefined ? undefined : setTimeout(() => proc.killGroup("timeout"), timeoutMs);
    const done = this.link.waitingFor(`your program (run ${argsText(args)}) was still running`);
    let info: ExitInfo;
    try {
      info = await proc.exited;
    } finally {
      clearTimeout(timer);
      done();
    }
    if (proc.killedBy === "timeout" && timeoutMs !== undefined) {
      throw new StageFailure(
        "timeout",
        `your program did not finish within ${formatMs(timeoutMs)} (run ${argsText(args)})`,
        {
          hint: options.stdin === undefined ? undefined : "does it wait for more input after stdin is closed?",
        },
      );
    }
    if (proc.killedBy === "output") {
      throw new StageFailure("output_limit", `your program printed more than ${this.config.outputBytes} bytes`);
    }
    const failure = proc.verdictFor(info, `your program (run ${argsText(args)})`, options.check ?? true);
    if (failure) throw failure;
    return {
      stdout: proc.stdoutText,
      stderr: proc.stderrText,
      exitCode: info.exitCode,
      signal: info.signal,
      durationMs: Date.now() - proc.started,
      ...(proc.cpuMs === undefined ? {} : { cpuMs: proc.cpuMs }),
    };
  }

  /** Starts the program and leaves it running (it is killed when the stage ends). */
  async start(args: readonly string[] = [], options: StartOptions = {}): Promise<ProgramProcess> {
    const proc = this.spawn(args, options.env, options.logStdout ?? true);
    await new Promise<void>((resolve) => {
      proc.child.once("spawn", () => resolve());
      proc.child.once("error", () => resolve());
    });
    return new ProgramProcess(proc, options.allowExit ?? false, this.link.signal, (f) => this.link.fatal(f));
  }

  /** Connects to 127.0.0.1:port, retrying until the program listens. */
  async connect(port: number, options: ConnectOptions = {}): Promise<Connection> {
    const timeoutMs = options.timeoutMs ?? 5_000;
    const until = Date.now() + timeoutMs;
    let lastError = "";
    while (!this.link.signal.aborted) {
      try {
        const guest = this.config.guest;
        if (guest && !(await guestListening(guest, port)))
          throw Object.assign(new Error("not listening"), { code: "ECONNREFUSED" });
        const socket = await new Promise<Socket>((resolve, reject) => {
          const s = netConnect({ host: "127.0.0.1", port });
          s.once("connect", () => {
            s.removeAllListeners("error");
            resolve(s);
          });
          s.once("error", (e) => {
            s.destroy();
            reject(e);
          });
        });
        socket.setNoDelay(true);
        socket.on("error", () => undefined); // surfaced by reads as a closed connection
        this.sockets.add(socket);
        socket.once("close", () => this.sockets.delete(socket));
        return new Connection(socket, port, this.link.signal, options.readTimeoutMs ?? 5_000);
      } catch (e) {
        lastError = (e as NodeJS.ErrnoException).code ?? String(e);
      }
      if (Date.now() >= until) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    if (this.link.signal.aborted) throw new StageFailure("timeout", "the stage was stopped");
    const running = [...this.procs].some((p) => p.running);
    throw new StageFailure(
      "failed",
      `your program did not listen on port ${port} within ${formatMs(timeoutMs)}${
        running || lastError !== "ECONNREFUSED" ? "" : " (and it is not running)"
      }${lastError && lastError !== "ECONNREFUSED" ? ` (${lastError})` : ""}`,
      { hint: `listen on TCP port ${port} of 127.0.0.1 (or 0.0.0.0), and start listening before anything slow` },
    );
  }

  /** Kills every process of this stage and closes every connection. */
  async stopAll(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    const waits: Array<Promise<unknown>> = [];
    for (const p of this.procs) {
      if (p.running) p.killGroup("stop");
      waits.push(p.exited);
    }
    await Promise.all([...waits, reapUser(this.config.programUid, this.config.guest?.exec)]);
  }

  /** Output of every process so far, for messages. */
  describeOutput(text: string): string {
    return quote(text, 200);
  }
}
