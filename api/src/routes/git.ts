// Git smart HTTP under /git/<user>/<jam>.git, served by the real `git http-backend`.
// Basic auth with a personal access token (any username): the owner may read and push;
// organizers may read.
import { Hono } from "hono";
import type { AppEnv } from "../app-env.ts";
import { userForToken } from "../auth/tokens.ts";
import { notFound } from "../errors.ts";
import { gitHttpBackend } from "../git/http-backend.ts";
import { HOOK_SCRIPT, type RepoStore } from "../git/repos.ts";
import { publicBase } from "../http/public-url.ts";
import { policy } from "../http/route-policy.ts";
import { enrollment } from "../jams/jams.ts";
import { MAX_FILES } from "../submissions/admission.ts";

const ALLOWED_REST = /^(info\/refs|git-upload-pack|git-receive-pack|HEAD)$/;

function challenge(message: string) {
  return new Response(`${message}\n`, {
    status: 401,
    headers: { "www-authenticate": 'Basic realm="bsod"', "content-type": "text/plain" },
  });
}

export function gitRoutes(repos: RepoStore) {
  const app = new Hono<AppEnv>();
  // git requests in progress per user (this process): each holds a git process or two.
  const inFlight = new Map<string, number>();
  // Pushes in progress per repository: it is compacted only when none is (a prune under a push
  // could drop objects the push has stored but not yet given a ref).
  const pushing = new Map<string, number>();
  app.all("/:user/:repo/*", policy({ access: "git", body: "stream" }), async (c) => {
    const { db, config, hookSecret } = c.var.deps;
    const owner = c.req.param("user");
    const repo = c.req.param("repo");
    const prefix = `/git/${owner}/${repo}/`;
    const rest = c.req.path.startsWith(prefix) ? c.req.path.slice(prefix.length) : "";
    if (!repo.endsWith(".git") || !ALLOWED_REST.test(rest))
      return notFound(c, "not a bsod repository path: clone URLs look like /git/<user>/<jam>.git");
    const jamSlug = repo.slice(0, -".git".length);
    const isPush = rest === "git-receive-pack" || c.req.query("service") === "git-receive-pack";

    const auth = c.req.header("authorization");
    if (!auth?.startsWith("Basic ")) return challenge("authentication required: use your bsod token as the password");
    const decoded = Buffer.from(auth.slice(6), "base64").toString();
    const token = decoded.slice(decoded.indexOf(":") + 1);
    const user = await userForToken(db, token, "git");
    if (!user) return challenge("invalid or revoked token");

    const ownerRow = await db.selectFrom("users").selectAll().where("username", "=", owner).executeTakeFirst();
    const jam = await db.selectFrom("jams").selectAll().where("slug", "=", jamSlug).executeTakeFirst();
    const enrolled = ownerRow && jam ? await enrollment(db, jam.id, ownerRow.id) : undefined;
    const isOwner = ownerRow?.id === user.id;
    const mayRead = isOwner || user.role === "organizer";
    // Same answer for "does not exist" and "not yours", so names cannot be probed.
    if (!ownerRow || !jam || !enrolled || !mayRead) return notFound(c, "repository not found");
    if (isPush && !isOwner) return c.text("only the owner can push to this repository\n", 403);
    if (!(await repos.exists(owner, jamSlug))) return notFound(c, "repository not found");
    const repoDir = repos.pathFor(owner, jamSlug);
    if (isPush) await repos.installHooks(repoDir);

    const running = inFlight.get(user.id) ?? 0;
    if (running >= config.gitRequestsPerUser) {
      return c.text(
        `${running} of your git requests are still in progress (the limit); try again when they finish\n`,
        429,
      );
    }
    inFlight.set(user.id, running + 1);
    const receiving = rest === "git-receive-pack";
    if (receiving) {
      pushing.set(repoDir, (pushing.get(repoDir) ?? 0) + 1);
      await repos.compacted(repoDir);
    }
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      const n = (inFlight.get(user.id) ?? 1) - 1;
      if (n > 0) inFlight.set(user.id, n);
      else inFlight.delete(user.id);
      if (!receiving) return;
      const pushes = (pushing.get(repoDir) ?? 1) - 1;
      if (pushes > 0) {
        pushing.set(repoDir, pushes);
        return;
      }
      pushing.delete(repoDir);
      // After the last push, drop what no ref reaches any more, so deleted branches free their space.
      repos.compact(repoDir).catch(async (err) => {
        if (await repos.exists(owner, jamSlug)) c.var.deps.logger.warn({ err }, "repack failed");
      });
    };
    try {
      return await gitHttpBackend(c, {
        gitBin: config.gitBin,
        projectRoot: repos.root,
        pathInfo: `/${owner}/${jamSlug}.git/${rest}`,
        remoteUser: user.username,
        maxBodyBytes: config.maxPushBytes,
        timeoutMs: config.gitTimeoutMs,
        onExit: release,
        // `git push -o nocolor` (or push.pushOption=nocolor) asks for plain push output.
        gitConfig: { "receive.advertisePushOptions": "true" },
        env: {
          BSOD_NODE: process.execPath,
          BSOD_HOOK_SCRIPT: HOOK_SCRIPT,
          BSOD_HOOK_URL: c.var.deps.internalUrl(),
          BSOD_HOOK_SECRET: hookSecret,
          BSOD_USER_ID: ownerRow.id,
          BSOD_JAM_ID: jam.id,
          // The links the push prints point where this participant reached us.
          BSOD_PUBLIC_URL: publicBase(c),
          BSOD_MAX_FILES: String(MAX_FILES),
          BSOD_MAX_SOURCE_BYTES: String(config.maxSourceBytes),
        },
      });
    } catch (err) {
      release();
      c.var.deps.logger.warn({ err }, "git http-backend failed");
      return c.text("the git server did not answer this request; try again\n", 503);
    }
  });
  return app;
}
