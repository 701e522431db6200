// `docker exec` into a service container as its own user: argv, optional stdin, output capped,
// a deadline. What the harness's ctx.services.<name>.exec() and the readiness probe run on.
import { Writable } from "node:stream";
import type Docker from "dockerode";
import { SandboxError } from "../sandbox/sandbox-error.ts";

export interface ExecResult {
  /** null when the deadline passed first (the process may still run; the run's removal ends it). */
  code: number | null;
  stdout: string;
  stderr: string;
  /** True when output beyond MAX_OUTPUT was dropped. */
  truncated: boolean;
}

/** Per stream: what a harness may read back from one command. */
export const MAX_EXEC_OUTPUT = 1024 * 1024;

export async function execIn(
  docker: Docker,
  container: Docker.Container,
  argv: string[],
  opts: { timeoutMs: number; stdin?: Buffer },
): Promise<ExecResult> {
  if (argv.length === 0) throw new SandboxError("exec needs a command");
  let exec: Docker.Exec;
  let stream: NodeJS.ReadWriteStream & { destroy?: () => void };
  try {
    exec = await container.exec({
      Cmd: argv,
      AttachStdout: true,
      AttachStderr: true,
      AttachStdin: opts.stdin !== undefined,
    });
    stream = (await exec.start({ hijack: true, stdin: opts.stdin !== undefined })) as typeof stream;
  } catch (err) {
    throw new SandboxError(`exec in a service failed: ${(err as Error).message}`, { cause: err });
  }
  const out = { stdout: "", stderr: "", truncated: false };
  const sink = (key: "stdout" | "stderr") =>
    new Writable({
      write(chunk: Buffer, _enc, done) {
        if (out[key].length < MAX_EXEC_OUTPUT) out[key] += chunk.toString("utf8");
        else out.truncated = true;
        done();
      },
    });
  docker.modem.demuxStream(stream, sink("stdout"), sink("stderr"));
  if (opts.stdin !== undefined) stream.end(opts.stdin);
  const ended = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), opts.timeoutMs);
    const done = () => {
      clearTimeout(timer);
      resolve(true);
    };
    stream.on("end", done);
    stream.on("close", done);
    stream.on("error", done);
  });
  if (!ended) {
    stream.destroy?.();
    return { code: null, ...out };
  }
  const info = await exec.inspect().catch(() => null);
  out.stdout = out.stdout.slice(0, MAX_EXEC_OUTPUT);
  out.stderr = out.stderr.slice(0, MAX_EXEC_OUTPUT);
  return { code: info?.ExitCode ?? null, ...out };
}
