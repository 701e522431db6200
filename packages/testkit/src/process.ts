// Child processes for tests: run a command to its end with its output, and find a free port.
import { spawn } from "node:child_process";
import net from "node:net";

export interface RunResult {
  code: number | null;
  out: string;
  err: string;
}

/** Runs `cmd` to its end (stdin closed) and resolves with its exit code and both outputs. */
export function run(
  cmd: string,
  args: string[],
  opts: { cwd?: string; env?: Record<string, string | undefined> } = {},
): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, {
      cwd: opts.cwd,
      env: { ...process.env, ...opts.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => {
      out += d;
    });
    child.stderr.on("data", (d) => {
      err += d;
    });
    child.on("error", (e) => resolve({ code: -1, out, err: err + e.message }));
    child.on("close", (code) => resolve({ code, out, err }));
  });
}

/** A TCP port on loopback that nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer().listen(0, "127.0.0.1", () => {
      const p = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(p));
    });
    srv.on("error", reject);
  });
}
