// What the current directory is: a bsod repo's server, owner and jam, read from its git remote.
import { execFileSync } from "node:child_process";
import { CliError } from "./errors.ts";

export interface RepoInfo {
  server: string;
  owner: string;
  jam: string;
  remote: string;
}

export function git(args: string[], cwd = process.cwd(), input?: string): string {
  try {
    return execFileSync("git", args, { cwd, encoding: "utf8", input, stdio: ["pipe", "pipe", "pipe"] });
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new CliError(`git ${args[0]} failed: ${(e.stderr || e.message).trim().split("\n").pop()}`);
  }
}

export function parseRemote(url: string): Omit<RepoInfo, "remote"> | undefined {
  const m = /^(https?:\/\/[^/]+(?:\/[^/]+)*?)\/git\/([a-z0-9-]+)\/([a-z0-9-]+)\.git\/?$/.exec(
    url.replace(/\/\/[^@/]*@/, "//"),
  );
  if (!m) return undefined;
  return { server: m[1]!, owner: m[2]!, jam: m[3]! };
}

export function currentRepo(cwd = process.cwd()): RepoInfo {
  let url: string;
  try {
    url = execFileSync("git", ["remote", "get-url", "origin"], {
      cwd,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
  } catch {
    throw new CliError("this is not a bsod repository (no git remote 'origin'): run `bsod clone <jam>` first");
  }
  const parsed = parseRemote(url);
  if (!parsed) throw new CliError(`origin (${url}) is not a bsod repository URL`);
  return { ...parsed, remote: url };
}
