// Runs the git CLI against repositories the api owns. Paths are always built by the api from
// validated names, never taken from a submission.
import { spawn } from "node:child_process";

export class GitError extends Error {
  override name = "GitError";
}

export interface GitRunOptions {
  cwd?: string;
  env?: Record<string, string>;
  input?: Buffer | string;
  /** Stop and fail when stdout grows past this many bytes. */
  maxBytes?: number;
}

/** Runs git and returns stdout; throws GitError with stderr when git fails. */
export function runGit(gitBin: string, args: string[], opts: GitRunOptions = {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(gitBin, args, {
      cwd: opts.cwd,
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: "/nonexistent", GIT_CONFIG_NOSYSTEM: "1", ...opts.env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    let size = 0;
    let err = "";
    let tooBig = false;
    child.stdout.on("data", (d: Buffer) => {
      size += d.length;
      if (opts.maxBytes !== undefined && size > opts.maxBytes) {
        tooBig = true;
        child.kill("SIGKILL");
        return;
      }
      out.push(d);
    });
    child.stderr.on("data", (d: Buffer) => {
      if (err.length < 4000) err += d.toString();
    });
    child.on("error", (e) => reject(new GitError(`cannot run git in ${opts.cwd ?? "."}: ${e.message}`)));
    child.on("close", (code) => {
      if (tooBig) reject(new GitError(`output of git ${args[0]} exceeds ${opts.maxBytes} bytes`));
      else if (code === 0) resolve(Buffer.concat(out));
      else reject(new GitError(`git ${args[0]} failed (${code}): ${err.trim()}`));
    });
    child.stdin.on("error", () => {});
    child.stdin.end(opts.input ?? "");
  });
}
