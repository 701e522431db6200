// Bare repositories: one per enrollment, created from the track's starter with a first commit.
import fs from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { runGit } from "./git.ts";

const HOOK = `#!/bin/sh
# Installed by bsod: hands the pushed refs to the api, which grades them and streams the run.
exec "$BSOD_NODE" "$BSOD_HOOK_SCRIPT" "$(basename "$0")"
`;

const HOOKS = ["pre-receive", "post-receive"];
export const HOOK_SCRIPT = fileURLToPath(new URL("./hook.mjs", import.meta.url));
const NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;

export class RepoStore {
  private readonly compacting = new Map<string, Promise<void>>();

  constructor(
    readonly root: string,
    private readonly gitBin: string,
  ) {}

  /** The bare repo of a user in a jam; both names are validated, so the path stays under root. */
  pathFor(username: string, jamSlug: string): string {
    if (!NAME.test(username) || !NAME.test(jamSlug)) throw new Error("invalid repository name");
    return path.join(this.root, username, `${jamSlug}.git`);
  }

  async exists(username: string, jamSlug: string): Promise<boolean> {
    return fs
      .stat(path.join(this.pathFor(username, jamSlug), "HEAD"))
      .then(() => true)
      .catch(() => false);
  }

  /** Creates the bare repo with a first commit holding the starter files. Idempotent. */
  async create(username: string, jamSlug: string, starterDir: string): Promise<string> {
    const dir = this.pathFor(username, jamSlug);
    if (await this.exists(username, jamSlug)) return dir;
    const tmp = `${dir}.tmp-${process.pid}-${Date.now()}`;
    await fs.mkdir(path.dirname(dir), { recursive: true });
    await runGit(this.gitBin, ["init", "--quiet", "--bare", "--initial-branch=main", tmp]);
    await runGit(this.gitBin, ["config", "receive.denyDeleteCurrent", "true"], { cwd: tmp });
    await runGit(this.gitBin, ["config", "http.receivepack", "true"], { cwd: tmp });
    await this.installHooks(tmp);
    const env = {
      GIT_DIR: tmp,
      GIT_WORK_TREE: starterDir,
      GIT_INDEX_FILE: path.join(tmp, "bsod-starter-index"),
      GIT_AUTHOR_NAME: "bsod",
      GIT_AUTHOR_EMAIL: "bsod@localhost",
      GIT_COMMITTER_NAME: "bsod",
      GIT_COMMITTER_EMAIL: "bsod@localhost",
    };
    await runGit(this.gitBin, ["add", "--all", "."], { env, cwd: starterDir });
    await runGit(this.gitBin, ["commit", "--quiet", "-m", "Starter code from bsod"], { env, cwd: starterDir });
    await fs.rm(env.GIT_INDEX_FILE, { force: true });
    await fs.rename(tmp, dir).catch(async (err) => {
      await fs.rm(tmp, { recursive: true, force: true });
      if (!(await this.exists(username, jamSlug))) throw err;
    });
    return dir;
  }

  /** Writes the hooks bsod relies on (idempotent; repairs repos made by older versions). */
  async installHooks(dir: string): Promise<void> {
    for (const hook of HOOKS) {
      const file = path.join(dir, "hooks", hook);
      const current = await fs.readFile(file, "utf8").catch(() => "");
      if (current !== HOOK) await fs.writeFile(file, HOOK, { mode: 0o755 });
    }
  }

  /**
   * Repacks into one pack and drops every object no ref reaches (deleted or rewritten branches),
   * one repository at a time. Bare repositories keep no reflog, so nothing else holds them.
   */
  compact(repoDir: string): Promise<void> {
    const previous = this.compacting.get(repoDir) ?? Promise.resolve();
    const next = previous
      .catch(() => {})
      .then(async () => {
        const limits = ["-c", "pack.windowMemory=64m", "-c", "pack.threads=1"];
        await runGit(this.gitBin, [...limits, "repack", "-a", "-d", "-q"], { cwd: repoDir });
        await runGit(this.gitBin, ["prune", "--expire=now"], { cwd: repoDir });
      });
    this.compacting.set(repoDir, next);
    void next
      .finally(() => {
        if (this.compacting.get(repoDir) === next) this.compacting.delete(repoDir);
      })
      .catch(() => {});
    return next;
  }

  /** Keeps a graded commit reachable (refs/bsod/submissions/<id>) whatever its branch becomes. */
  async keep(repoDir: string, submissionId: string, sha: string): Promise<void> {
    await runGit(this.gitBin, ["update-ref", `refs/bsod/submissions/${submissionId}`, sha], { cwd: repoDir });
  }

  /** Resolves once no compaction of the repository is running. */
  async compacted(repoDir: string): Promise<void> {
    await this.compacting.get(repoDir)?.catch(() => {});
  }

  /** `git archive` of a commit as a tar, capped in size. */
  archive(repoDir: string, sha: string, maxBytes: number): Promise<Buffer> {
    return runGit(this.gitBin, ["archive", "--format=tar", sha], { cwd: repoDir, maxBytes });
  }

  /** A file's content at a commit, or undefined when it does not exist there. */
  async show(repoDir: string, sha: string, file: string): Promise<string | undefined> {
    try {
      return (await runGit(this.gitBin, ["show", `${sha}:${file}`], { cwd: repoDir, maxBytes: 64 * 1024 })).toString();
    } catch {
      return undefined;
    }
  }

  /** Whether `sha` is main's commit or one of its ancestors (false when it is not in the repo). */
  async isOnMain(repoDir: string, sha: string): Promise<boolean> {
    try {
      await runGit(this.gitBin, ["merge-base", "--is-ancestor", sha, "refs/heads/main"], { cwd: repoDir });
      return true;
    } catch {
      return false;
    }
  }
}
