// Builds web/dist unless it was already built from exactly these sources (a content hash of
// src/, index.html, vite.config.ts, package.json and the contracts modules the bundle imports
// is kept in dist/.source-hash).
// Used by `npm start` and by the e2e tests' global setup.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const WEB_ROOT = path.resolve(fileURLToPath(new URL("..", import.meta.url)));
const DIST = path.join(WEB_ROOT, "dist");
const STAMP = path.join(DIST, ".source-hash");
const INPUTS = ["src", "index.html", "vite.config.ts", "package.json", "../packages/contracts/src"];

function listFiles(p: string): string[] {
  if (!fs.existsSync(p)) return [];
  if (!fs.statSync(p).isDirectory()) return [p];
  return fs
    .readdirSync(p)
    .sort()
    .flatMap((name) => listFiles(path.join(p, name)));
}

export function sourceHash(): string {
  const h = createHash("sha256");
  for (const file of INPUTS.flatMap((i) => listFiles(path.join(WEB_ROOT, i)))) {
    h.update(path.relative(WEB_ROOT, file));
    h.update("\0");
    h.update(fs.readFileSync(file));
    h.update("\0");
  }
  return h.digest("hex");
}

/** Returns true when it built, false when dist was already current. */
export function buildIfStale(opts: { log?: (line: string) => void } = {}): boolean {
  const log = opts.log ?? ((l: string) => console.log(l));
  const hash = sourceHash();
  const current = fs.existsSync(path.join(DIST, "index.html")) && fs.existsSync(STAMP);
  if (current && fs.readFileSync(STAMP, "utf8").trim() === hash) {
    log("web: dist is up to date");
    return false;
  }
  log("web: building web/dist …");
  // A child process with NODE_ENV=production: inside a test runner NODE_ENV is "test", which
  // would give React's development build.
  const pkg = createRequire(path.join(WEB_ROOT, "package.json")).resolve("vite/package.json");
  const vite = path.join(path.dirname(pkg), "bin", "vite.js");
  const res = spawnSync(process.execPath, [vite, "build", "--logLevel", "warn"], {
    cwd: WEB_ROOT,
    env: { ...process.env, NODE_ENV: "production" },
    stdio: ["ignore", "inherit", "inherit"],
  });
  if (res.status !== 0) throw new Error(`vite build exited with ${res.status ?? res.signal}`);
  fs.writeFileSync(STAMP, `${hash}\n`);
  log("web: built web/dist");
  return true;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    buildIfStale();
  } catch (err) {
    console.error(`web: build failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}
