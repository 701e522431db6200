// One `docker exec` with stdin, demuxed output, a byte cap and a wall-clock deadline.
// Killing the exec client does not stop the process inside, so every early stop goes
// through `kill` (the sandbox kills its whole container).
import { Writable } from "node:stream";
import type Docker from "dockerode";
import { SandboxError } from "./sandbox-error.ts";

export interface ExecOptions {
  cmd: string[];
  /** "0" (root, capabilities limited by the container) or "2000:2000". */
  user: string;
  workingDir?: string;
  /** Added to the container's environment (which the exec inherits). */
  env?: string[];
  stdin?: Buffer | string;
  timeoutMs: number;
  /** Bytes of stdout + stderr delivered before the exec is stopped as output_limit. */
  maxOutputBytes: number;
  onStdout?: (chunk: Buffer) => void;
  onStderr?: (chunk: Buffer) => void;
  signal?: AbortSignal;
}

/** How an exec ended: by itself, or stopped by us. */
export type ExecEnd = "exited" | "timeout" | "output_limit" | "aborted";

export interface ExecResult {
  end: ExecEnd;
  /** null when the exec was stopped or the container died under it. */
  exitCode: number | null;
  durationMs: number;
  outputBytes: number;
}

export async function execInContainer(
  docker: Docker,
  container: Docker.Container,
  opts: ExecOptions,
  kill: () => Promise<void>,
): Promise<ExecResult> {
  const started = Date.now();
  if (opts.signal?.aborted) return { end: "aborted", exitCode: null, durationMs: 0, outputBytes: 0 };
  let exec: Docker.Exec;
  let socket: NodeJS.ReadWriteStream & { destroy?: () => void };
  try {
    exec = await container.exec({
      Cmd: opts.cmd,
      User: opts.user,
      WorkingDir: opts.workingDir ?? "/",
      Env: opts.env ?? [],
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
      Tty: false,
    });
    socket = (await exec.start({ hijack: true, stdin: true })) as typeof socket;
  } catch (err) {
    throw new SandboxError(`docker exec ${opts.cmd[0]} failed: ${(err as Error).message}`, { cause: err });
  }

  let outputBytes = 0;
  let stopped: ExecEnd | null = null;
  const sink = (deliver: ((chunk: Buffer) => void) | undefined) =>
    new Writable({
      write(chunk: Buffer, _enc, done) {
        if (stopped) return done();
        const room = opts.maxOutputBytes - outputBytes;
        outputBytes += chunk.length;
        if (chunk.length > room) {
          if (room > 0) deliver?.(chunk.subarray(0, room));
          stop("output_limit");
        } else {
          deliver?.(chunk);
        }
        done();
      },
    });

  const ended = new Promise<void>((resolve, reject) => {
    socket.on("end", () => resolve());
    socket.on("close", () => resolve());
    socket.on("error", (err: Error) => (stopped ? resolve() : reject(err)));
  });

  let killing: Promise<void> | null = null;
  function stop(why: ExecEnd) {
    if (stopped) return;
    stopped = why;
    killing = kill().finally(() => socket.destroy?.());
  }
  const timer = setTimeout(() => stop("timeout"), opts.timeoutMs);
  const onAbort = () => stop("aborted");
  opts.signal?.addEventListener("abort", onAbort, { once: true });

  docker.modem.demuxStream(socket, sink(opts.onStdout), sink(opts.onStderr));
  if (opts.stdin !== undefined) socket.end(opts.stdin);
  else socket.end();

  try {
    await ended;
  } catch (err) {
    throw new SandboxError(`docker exec ${opts.cmd[0]} stream failed: ${(err as Error).message}`, { cause: err });
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener("abort", onAbort);
  }
  if (killing) await killing;
  const durationMs = Date.now() - started;
  if (stopped) return { end: stopped, exitCode: null, durationMs, outputBytes };
  return { end: "exited", exitCode: await exitCodeOf(exec), durationMs, outputBytes };
}

/** The stream can end a moment before the engine records the exit: ask until it has. */
async function exitCodeOf(exec: Docker.Exec): Promise<number | null> {
  for (let i = 0; i < 50; i++) {
    let info: Docker.ExecInspectInfo;
    try {
      info = await exec.inspect();
    } catch (err) {
      throw new SandboxError(`docker exec inspect failed: ${(err as Error).message}`, { cause: err });
    }
    if (!info.Running) return info.ExitCode;
    await new Promise((r) => setTimeout(r, 20));
  }
  return null;
}
