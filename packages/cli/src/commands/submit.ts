// bsod submit: commit what changed (if anything) and push; the push prints the run live.
import { spawnSync } from "node:child_process";
import { CliError } from "../errors.ts";
import { currentRepo, git } from "../repo.ts";

export async function submit(opts: { message?: string }) {
  currentRepo();
  const dirty = git(["status", "--porcelain"]).trim() !== "";
  if (dirty) {
    git(["add", "--all"]);
    git(["commit", "--quiet", "-m", opts.message ?? "bsod submit"]);
  }
  const res = spawnSync("git", ["push", "origin", "HEAD:main"], { stdio: "inherit" });
  if (res.status !== 0) throw new CliError(`git push failed (exit ${res.status})`);
}
