// The handle `program.start()` returns: a running program to talk to over stdin/stdout, wait for,
// or stop; an exit the test did not ask for fails the stage.
import { Channel } from "./channel.ts";
import { StageFailure } from "./errors.ts";
import { ByteReader, formatMs } from "./reader.ts";
import { argsText, type ExitInfo, type SpawnedProcess } from "./spawned-process.ts";

/** A program started with `program.start()`: talk to it over stdin/stdout, wait, or stop it. */
export class ProgramProcess extends Channel {
  private expectExit: boolean;

  constructor(
    private readonly proc: SpawnedProcess,
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
