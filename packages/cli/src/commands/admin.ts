// `bsod admin backup` saves a running deployment to one .tar.gz (organizers only);
// `bsod admin restore` unpacks one into a fresh data dir, to start a deployment from.
import fs from "node:fs";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import pc from "picocolors";
import tar from "tar-stream";
import { ApiClient } from "../client.ts";
import { CliError } from "../errors.ts";
import { println } from "../output.ts";
import { readSettings, requireLogin } from "../settings.ts";

export async function backup(opts: { output?: string }): Promise<void> {
  const s = requireLogin(readSettings());
  const file = path.resolve(opts.output ?? `bsod-backup-${new Date().toISOString().replace(/[:.]/g, "-")}.tar.gz`);
  const bytes = await new ApiClient(s.server, s.token).download("/admin/backup", file);
  println(`${pc.green("✓")} backup of ${s.server} saved to ${file} (${(bytes / 1024 / 1024).toFixed(1)} MB)`);
}

/** A name from the archive as a path inside `root`, or an error: no absolute paths, no `..`. */
function inside(root: string, name: string): string {
  const normal = path.posix.normalize(name);
  if (path.posix.isAbsolute(normal) || normal === ".." || normal.startsWith("../") || normal.includes("\0")) {
    throw new CliError(`the backup holds an entry outside its data dir (${JSON.stringify(name)}): not restoring it`);
  }
  return path.join(root, normal);
}

export async function restore(archive: string, opts: { dataDir: string }): Promise<void> {
  const root = path.resolve(opts.dataDir);
  if (fs.existsSync(root) && fs.readdirSync(root).length > 0) {
    throw new CliError(`${root} is not empty: restore into a new, empty data dir`);
  }
  if (!fs.existsSync(archive)) throw new CliError(`no such file: ${archive}`);
  fs.mkdirSync(root, { recursive: true, mode: 0o700 });
  let manifest: { format?: number; database?: string; repositories?: number } | null = null;
  let files = 0;
  const extract = tar.extract();
  extract.on("entry", (header, stream, next) => {
    const fail = (err: Error) => {
      stream.resume();
      next(err);
    };
    if (header.type !== "file")
      return fail(new CliError(`the backup holds a ${header.type} entry (${header.name}): not restoring it`));
    let target: string;
    try {
      target = inside(root, header.name);
    } catch (err) {
      return fail(err as Error);
    }
    if (header.name === "bsod-backup.json") {
      const chunks: Buffer[] = [];
      stream.on("data", (c: unknown) => {
        chunks.push(c as Buffer);
      });
      stream.on("end", () => {
        try {
          manifest = JSON.parse(Buffer.concat(chunks).toString("utf8"));
        } catch {
          return next(new CliError("the backup's bsod-backup.json is not valid JSON"));
        }
        next();
      });
      return;
    }
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const out = fs.createWriteStream(target, { flags: "wx", mode: (header.mode ?? 0o644) & 0o755 });
    pipeline(stream, out).then(() => {
      files++;
      next();
    }, next);
  });
  try {
    await pipeline(fs.createReadStream(archive), createGunzip(), extract);
  } catch (err) {
    throw new CliError(
      err instanceof CliError ? err.message : `${archive} is not a bsod backup: ${(err as Error).message}`,
    );
  }
  const m = manifest as { format?: number; database?: string; repositories?: number } | null;
  if (m?.format !== 1) throw new CliError(`${archive} is not a bsod backup (no bsod-backup.json of format 1)`);
  println(`${pc.green("✓")} restored ${files} files (${m.repositories} repositories) into ${root}`);
  if (m.database === "postgres") {
    println("  the database is PostgreSQL: restore it with pg_restore, then start with DATABASE_URL set");
  }
  println(`  start it with: DATA_DIR=${root} npm start`);
}
