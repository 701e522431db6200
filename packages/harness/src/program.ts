// The participant's program as a stage test sees it: run it to completion, start it as a
// server, connect to it. Every process runs as the program user in its own process group and
// is killed when the stage ends; its output is counted, capped, and forwarded to the log.
import { type ChildProcess, spawn } from "node:child_process";
import { connect as netConnect, type Socket } from "node:net";
import { Channel } from "./channel.ts";
import { StageFailure } from "./errors.ts";
import { quote } from "./format.ts";
import { type GuestLink, guestListening } from "./guest.ts";
import {
  describeSignal,
  programCommand,
  programScript,
  readOomKills,
  reapedChildrenCpuMs,
  reapUser,
  signalName,
} from "./process-utils.ts";
import { ByteReader, formatMs } from "./reader.ts";

export interface ProgramConfig {
  /** Shell command that starts the program (arguments are appended). */
  run: string;
  workDir: string;
  /** 0 = run directly as the current user (host-side tests). */
  programUid: number;
  /** Program output allowed per stage, all processes together. */
  outputBytes: number;
  /** vm runs (stock kernel): the program runs in the guest machine. */
  guest?: GuestLink | undefined;
}

/** What a Program needs from the stage it belongs to. */
export interface StageLink {
  signal: AbortSignal;
  /** Forwards one line the program printed (the stage caps how many). */
  programLine(line: string): void;
  /** Ends the stage at once with this failure. */
  fatal(failure: StageFailure): void;
  /** Milliseconds left before the stage times out. */
  remainingMs(): number;
  /** Notes what the stage is waiting for (named if the stage times out); call the result when done. */
  waitingFor(what: string): () => void;
}

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

export interface ExitInfo {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
}

type KilledBy = "timeout" | "output" | "stop" | "author";

const MAX_CAPTURE = 16 * 1024 * 1024;

function argsText(args: readonly string[]): string {
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
class Proc {
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
    private readonly owner: Program,
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

/** A program started with `program.start()`: talk to it over stdin/stdout, wait, or stop it. */
export class ProgramProcess extends Channel {
  private expectExit: boolean;

  constructor(
    private readonly proc: Proc,
    allowExit: boolean,
    signal: AbortSignal,
    onUnexpectedExit: (failure: StageFailure) => void,
  ) {
    const stdout = proc.child.stdout;
    if (!stdout) throw new Error("program spawned without stdout");
    super(
      new ByteReader(stdout, { peer: "your program", defaultTimeoutMs: 5_000, signal }),
      (data) =>
        new Promise((resolve) => {
          const stdin = proc.child.stdin;
          if (!stdin || stdin.destroyed || !stdin.writable) return resolve();
          stdin.write(data, () => resolve());
        }),
    );
    this.expectExit = allowExit;
    void proc.exited.then((info) => {
      if (this.expectExit || proc.killedBy) {
        const f = proc.verdictFor(info, "your program", false);
        if (f) onUnexpectedExit(f);
        return;
      }
      const what = `your program (started ${argsText(proc.args)}) stopped while the test still needed it`;
      const f = proc.verdictFor(info, what, true);
      onUnexpectedExit(
        f ??
          new StageFailure("failed", `${what}: it exited with code 0`, {
            hint: "a server keeps running until it is stopped; check that your main loop does not return",
          }),
      );
    });
  }

  get pid(): number {
    return this.proc.pid;
  }

  get running(): boolean {
    return this.proc.running;
  }

  /** Everything the program printed on stdout so far (also what `readLine` etc. consumed). */
  stdout(): string {
    return this.proc.stdoutText;
  }

  stderr(): string {
    return this.proc.stderrText;
  }

  /** Closes the program's stdin (it reads end-of-file). */
  closeStdin(): void {
    this.proc.child.stdin?.end();
  }

  /** Sends a signal to the program's process group; its exit is then expected. */
  kill(signal: NodeJS.Signals = "SIGTERM"): void {
    this.expectExit = true;
    if (signal === "SIGKILL") this.proc.killedBy ??= "author";
    const pid = this.proc.child.pid;
    if (pid === undefined || !this.proc.running) return;
    try {
      process.kill(-pid, signal);
    } catch {
      // already gone
    }
  }

  /** Waits for the program to exit (its exit is then expected), failing with `timeout` if it does not. */
  async wait(options: { timeoutMs?: number } = {}): Promise<ExitInfo> {
    this.expectExit = true;
    const timeoutMs = options.timeoutMs ?? 5_000;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        this.proc.killGroup("timeout");
        reject(
          new StageFailure("timeout", `your program did not exit within ${formatMs(timeoutMs)} when it should have`),
        );
      }, timeoutMs);
    });
    try {
      return await Promise.race([this.proc.exited, timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** A TCP connection to the program. */
export class Connection extends Channel {
  constructor(
    readonly socket: Socket,
    readonly port: number,
    signal: AbortSignal,
    readTimeoutMs: number,
  ) {
    super(
      new ByteReader(socket, { peer: "your program", defaultTimeoutMs: readTimeoutMs, signal }),
      (data) =>
        new Promise((resolve) => {
          if (socket.destroyed) return resolve();
          socket.write(data, () => resolve());
        }),
      `127.0.0.1:${port}`,
    );
  }

  /** Half-closes (sends FIN); the program sees end-of-file. */
  end(): void {
    this.socket.end();
  }

  close(): void {
    this.socket.destroy();
  }
}

export class Program {
  private readonly procs = new Set<Proc>();
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

  private spawn(args: readonly string[], env: Record<string, string> | undefined, logStdout: boolean): Proc {
    if (this.link.signal.aborted) throw new StageFailure("timeout", "the stage was stopped");
    const proc = new Proc(this, [...args], env, logStdout);
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
