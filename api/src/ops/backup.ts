// A backup of a deployment as one .tar.gz, taken while it runs: a consistent copy of the SQLite
// database (VACUUM INTO), every git repository (refs before objects, so every ref copied points
// at objects that are copied too), and the files of the data dir a restore needs (the organizer
// password). Redis is left out on purpose: the database is the truth, and a restored deployment
// re-enqueues what was pending. With PostgreSQL the archive holds the repositories and a note;
// the database is backed up with pg_dump (docs: infra/README.md).
import { randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PassThrough, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import { sql } from "kysely";
import tar from "tar-stream";
import type { Deps } from "../app-env.ts";

export const BACKUP_FORMAT = 1;
/** Files of the data dir that belong in a backup, beside the database and the repositories. */
const DATA_FILES = ["organizer-password"];
/** Inside a bare repository: what is copied first (refs), then objects, then the rest. */
const REF_ENTRIES = ["HEAD", "packed-refs", "refs"];

export interface BackupManifest {
  format: number;
  createdAt: number;
  database: "sqlite" | "postgres";
  repositories: number;
}

async function* walk(dir: string, rel = ""): AsyncGenerator<string> {
  let entries: import("node:fs").Dirent[];
  try {
    entries = await fs.readdir(path.join(dir, rel), { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return;
    throw err;
  }
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const child = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) yield* walk(dir, child);
    else if (e.isFile()) yield child;
    // symlinks and other special files are not part of a repository bsod made: left out
  }
}

/** The repositories under repos/<user>/<jam>.git, each as the list of its files in copy order. */
async function repositories(root: string): Promise<Array<{ dir: string; files: string[] }>> {
  const out: Array<{ dir: string; files: string[] }> = [];
  for (const user of await fs.readdir(root).catch(() => [] as string[])) {
    for (const repo of await fs.readdir(path.join(root, user)).catch(() => [] as string[])) {
      if (!repo.endsWith(".git")) continue;
      const dir = `${user}/${repo}`;
      const all: string[] = [];
      for await (const f of walk(path.join(root, dir))) all.push(f);
      const rank = (f: string) =>
        REF_ENTRIES.some((r) => f === r || f.startsWith(`${r}/`)) ? 0 : f.startsWith("objects/") ? 1 : 2;
      out.push({ dir, files: all.sort((a, b) => rank(a) - rank(b)) });
    }
  }
  return out;
}

async function addFile(pack: tar.Pack, name: string, file: string): Promise<void> {
  let stat: import("node:fs").Stats;
  try {
    stat = await fs.stat(file);
  } catch (err) {
    // gone since it was listed (a ref packed, a temporary object file): not part of the snapshot
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return;
    throw err;
  }
  const entry = pack.entry({ name, size: stat.size, mode: stat.mode & 0o777, mtime: stat.mtime });
  await pipeline(createReadStream(file), entry);
}

/** Streams the backup; the temporary database copy is removed when the stream ends. */
export function createBackup(deps: Deps, reposRoot: string): Readable {
  const out = new PassThrough();
  const pack = tar.pack();
  void pipeline(pack, createGzip(), out).catch((err) => out.destroy(err));
  void (async () => {
    const tmp = await fs.mkdtemp(path.join(os.tmpdir(), "bsod-backup-"));
    try {
      const kind = deps.config.database.kind;
      const repos = await repositories(reposRoot);
      const manifest: BackupManifest = {
        format: BACKUP_FORMAT,
        createdAt: Date.now(),
        database: kind,
        repositories: repos.length,
      };
      pack.entry({ name: "bsod-backup.json" }, `${JSON.stringify(manifest, null, 2)}\n`);
      if (kind === "sqlite") {
        const copy = path.join(tmp, `bsod-${randomBytes(4).toString("hex")}.sqlite`);
        await sql`VACUUM INTO ${copy}`.execute(deps.db);
        await addFile(pack, "bsod.sqlite", copy);
      } else {
        pack.entry(
          { name: "POSTGRES.txt" },
          "This deployment keeps its database in PostgreSQL: back it up with pg_dump, restore it with\n" +
            "pg_restore into an empty database, then restore this archive's data dir beside it.\n",
        );
      }
      for (const name of DATA_FILES) await addFile(pack, name, path.join(deps.config.dataDir, name));
      for (const repo of repos) {
        for (const f of repo.files) await addFile(pack, `repos/${repo.dir}/${f}`, path.join(reposRoot, repo.dir, f));
      }
      pack.finalize();
    } catch (err) {
      pack.destroy(err as Error);
    } finally {
      await fs.rm(tmp, { recursive: true, force: true });
    }
  })();
  return out;
}
