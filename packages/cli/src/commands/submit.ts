// bsod submit: commit what changed (if anything) and push; the push prints the run live.
import { spawnSync } from "node:child_process";
import { ApiClient } from "../client.ts";
import { CliError } from "../errors.ts";
import { ensureGitToken } from "../git-token.ts";
import { currentRepo, git } from "../repo.ts";
import { readSettings, requireLogin } from "../settings.ts";
import { requireEnrolled } from "./join.ts";

function usesBsodCredentials(): boolean {
  try {
    return /\bcredential\b/.test(git(["config", "--get-all", "credential.helper"]));
  } catch {
    return false;
  }
}

export async function submit(opts: { message?: string }) {
  const repo = currentRepo();
  const s = requireLogin(readSettings());
  const api = new ApiClient(s.server, s.token);
  await requireEnrolled(api, repo.jam);
  // A repository `bsod clone` made asks bsod for its git token: make a new one if it expired.
  if (usesBsodCredentials()) await ensureGitToken(api, s, repo.remote, repo.jam);
  const dirty = git(["status", "--porcelain"]).trim() !== "";
  if (dirty) {
    git(["add", "--all"]);
    git(["commit", "--quiet", "-m", opts.message ?? "bsod submit"]);
  }
  // The server colours the run it streams into the push unless asked not to.
  const plain = !process.stderr.isTTY || "NO_COLOR" in process.env;
  const res = spawnSync("git", ["push", ...(plain ? ["-o", "nocolor"] : []), "origin", "HEAD:main"], {
    stdio: "inherit",
  });
  if (res.status !== 0) throw new CliError(`git push failed (exit ${res.status})`);
}
