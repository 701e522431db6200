// The website every stage serves: a small directory of pages, styles, scripts, JSON and binary
// files, generated from the run's seed in the stage's scratch directory, with a secret file
// beside it and symlinks that lead out of it (what a path-traversal bug would leak). Also how
// the tests start the server and connect to it.
import { mkdirSync, statSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Connection, ProgramProcess, Random, StageContext } from "@bsod/harness";
import { PORT } from "./http.ts";

export interface SiteFile {
  /** The URL path, e.g. "/docs/guide.txt". */
  url: string;
  body: Buffer;
  /** Acceptable media types (the first is the usual one). */
  types: string[];
}

export interface Site {
  /** The served directory (passed as --directory). */
  root: string;
  files: Map<string, SiteFile>;
  /** What lives outside the root and must never be served. */
  secret: string;
  /** Writes (or rewrites) a file of the site, optionally with its modification time. */
  write(url: string, body: string | Buffer, mtime?: Date): SiteFile;
  get(url: string): SiteFile;
}

/**
 * In the sandbox the harness is root without CAP_DAC_OVERRIDE, and the scratch directory belongs
 * to the program's user: act as that user for each file operation, as the SDK's `files` does.
 */
function asOwnerOf<T>(dir: string, fn: () => T): T {
  const owner = statSync(dir);
  const root = typeof process.geteuid === "function" && process.geteuid() === 0;
  if (!root || owner.uid === 0) return fn();
  process.setegid?.(owner.gid);
  process.seteuid?.(owner.uid);
  try {
    return fn();
  } finally {
    process.seteuid?.(0);
    process.setegid?.(0);
  }
}

const TYPES: Record<string, string[]> = {
  html: ["text/html"],
  css: ["text/css"],
  js: ["text/javascript", "application/javascript"],
  json: ["application/json"],
  txt: ["text/plain"],
  png: ["image/png"],
  svg: ["image/svg+xml"],
  bin: ["application/octet-stream"],
};

export function typesFor(url: string): string[] {
  const ext = /\.([a-z0-9]+)$/i.exec(url)?.[1]?.toLowerCase() ?? "";
  return TYPES[ext] ?? ["application/octet-stream"];
}

/** Bytes that look like a PNG and carry CR, LF and NUL bytes, so text handling breaks them. */
function pngBytes(r: Random, size: number): Buffer {
  const b = Buffer.alloc(size);
  for (let i = 0; i < size; i++) b[i] = r.int(0, 255);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x0d, 0x0a]).copy(b, 0);
  return b;
}

export function buildSite(ctx: StageContext, extra: Record<string, string | Buffer> = {}): Site {
  const r = ctx.random.fork("site");
  const base = ctx.tmpDir;
  const root = join(base, "www");
  const title = r.words(2).join(" ");
  const files = new Map<string, SiteFile>();
  const write = (url: string, body: string | Buffer, mtime?: Date): SiteFile => {
    const full = join(root, decodeURIComponent(url));
    const bytes = Buffer.from(body);
    asOwnerOf(base, () => {
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, bytes, { mode: 0o644 });
      if (mtime) utimesSync(full, mtime, mtime);
    });
    const f = { url, body: bytes, types: typesFor(url) };
    files.set(url, f);
    return f;
  };
  const secret = `top secret ${r.string(24)}\n`;
  asOwnerOf(base, () => {
    mkdirSync(root, { recursive: true });
    writeFileSync(join(base, "secret.txt"), secret, { mode: 0o644 });
  });
  const paragraph = () => `${r.words(r.int(6, 14)).join(" ")}.`;
  write(
    "/index.html",
    `<!doctype html>\n<html lang="en">\n<head><meta charset="utf-8"><title>${title}</title>\n<link rel="stylesheet" href="/style.css"></head>\n<body>\n<h1>${title} — café</h1>\n<p>${paragraph()}</p>\n<script src="/app.js"></script>\n</body>\n</html>\n`,
  );
  write("/style.css", `body { font-family: sans-serif; }\nh1 { color: #${r.string(6, "0123456789abcdef")}; }\n`);
  write("/app.js", `console.log(${JSON.stringify(r.words(3).join(" "))});\n`);
  write("/data.json", `${JSON.stringify({ name: title, tags: r.words(3), stars: r.int(1, 5000) })}\n`);
  write("/notes.txt", `${paragraph()}\n${paragraph()}\n`);
  write("/logo.svg", `<svg xmlns="http://www.w3.org/2000/svg" width="${r.int(8, 64)}" height="8"></svg>\n`);
  write("/image.png", pngBytes(r, r.int(600, 1500)));
  write("/blob.bin", pngBytes(r, r.int(50, 200)).subarray(12));
  write("/hello%20world.txt", `hello, ${r.word()} world\n`);
  write("/docs/index.html", `<!doctype html>\n<title>docs</title>\n<p>${paragraph()}</p>\n`);
  write("/docs/guide.txt", `${paragraph()}\n`);
  for (const [url, body] of Object.entries(extra)) write(url, body);
  asOwnerOf(base, () => {
    symlinkSync("../secret.txt", join(root, "escape.txt"));
    symlinkSync("..", join(root, "up"));
  });
  return {
    root,
    files,
    secret,
    write,
    get(url) {
      const f = files.get(url);
      if (!f) throw new Error(`no site file ${url}`);
      return f;
    },
  };
}

/** `your_program --directory <root>` (plus env), the way every stage starts the server. */
export async function startServer(
  ctx: StageContext,
  site: Site,
  options: { env?: Record<string, string>; logStdout?: boolean; allowExit?: boolean } = {},
): Promise<ProgramProcess> {
  ctx.log.step(`$ ./your_program --directory ${site.root}`);
  return ctx.program.start(["--directory", site.root], {
    ...(options.env ? { env: options.env } : {}),
    logStdout: options.logStdout ?? true,
    allowExit: options.allowExit ?? false,
  });
}

/** A new connection to the server (retrying while it starts). */
export function connect(ctx: StageContext, timeoutMs = 8_000): Promise<Connection> {
  return ctx.program.connect(PORT, { timeoutMs, readTimeoutMs: 5_000 });
}
