// The real git CLI as a participant runs it, with a throwaway identity and HOME.
import { spawn } from "node:child_process";
import readline from "node:readline";

export interface GitResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real git CLI; onLine sees each stderr line as it arrives (remote: lines live). */
export function git(args: string[], cwd: string, onLine?: (line: string) => void): Promise<GitResult> {
  return new Promise((resolve) => {
    const child = spawn("git", args, {
      cwd,
      env: {
        ...process.env,
        GIT_TERMINAL_PROMPT: "0",
        GIT_AUTHOR_NAME: "Test",
        GIT_AUTHOR_EMAIL: "t@example.invalid",
        GIT_COMMITTER_NAME: "Test",
        GIT_COMMITTER_EMAIL: "t@example.invalid",
        GIT_CONFIG_NOSYSTEM: "1",
        HOME: cwd,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    const rl = readline.createInterface({ input: child.stderr });
    rl.on("line", (line) => {
      stderr += `${line}\n`;
      onLine?.(line);
    });
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}
