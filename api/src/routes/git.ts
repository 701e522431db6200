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

const ALLOWED_REST = /^(info\/refs|git-upload-pack|git-receive-pack|HEAD)$/;

function challenge(message: string) {
  return new Response(`${message}\n`, {
    status: 401,
    headers: { "www-authenticate": 'Basic realm="bsod"', "content-type": "text/plain" },
  });
}

export function gitRoutes(repos: RepoStore) {
  const app = new Hono<AppEnv>();
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
    if (isPush) await repos.installHooks(repos.pathFor(owner, jamSlug));

    return gitHttpBackend(c, {
      gitBin: config.gitBin,
      projectRoot: repos.root,
      pathInfo: `/${owner}/${jamSlug}.git/${rest}`,
      remoteUser: user.username,
      maxBodyBytes: config.maxPushBytes,
      env: {
        BSOD_NODE: process.execPath,
        BSOD_HOOK_SCRIPT: HOOK_SCRIPT,
        BSOD_HOOK_URL: c.var.deps.internalUrl(),
        BSOD_HOOK_SECRET: hookSecret,
        BSOD_USER_ID: ownerRow.id,
        BSOD_JAM_ID: jam.id,
        // The links the push prints point where this participant reached us.
        BSOD_PUBLIC_URL: publicBase(c),
        // `git push -o nocolor` (or push.pushOption=nocolor) asks for plain push output.
        GIT_CONFIG_COUNT: "1",
        GIT_CONFIG_KEY_0: "receive.advertisePushOptions",
        GIT_CONFIG_VALUE_0: "true",
      },
    });
  });
  return app;
}
