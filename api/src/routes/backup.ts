// GET /api/v1/admin/backup: the whole deployment as one .tar.gz (organizers only), taken while
// it runs; `bsod admin backup` saves it and `bsod admin restore` unpacks it into a fresh data dir.
import { Readable } from "node:stream";
import { Hono } from "hono";
import type { AppEnv } from "../app-env.ts";
import type { RepoStore } from "../git/repos.ts";
import { policy } from "../http/route-policy.ts";
import { createBackup } from "../ops/backup.ts";

export function backupRoutes(repos: RepoStore) {
  const app = new Hono<AppEnv>();
  const getPolicy = policy({ access: "organizer", body: "none", summary: "A backup of the deployment (a tarball)" });
  app.get("/", getPolicy, (c) => {
    const stamp = new Date().toISOString().replace(/[:.]/g, "-");
    c.var.deps.logger.info({ user: c.var.user?.username }, "backup requested");
    return c.body(Readable.toWeb(createBackup(c.var.deps, repos.root)) as ReadableStream, 200, {
      "content-type": "application/gzip",
      "content-disposition": `attachment; filename="bsod-backup-${stamp}.tar.gz"`,
      "cache-control": "no-store",
    });
  });
  return app;
}
