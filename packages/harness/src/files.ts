// File access in the program's directories. In the sandbox the harness is root without
// CAP_DAC_OVERRIDE and /work belongs to the program user, so it switches its effective ids
// to the program's for each synchronous file operation: it can then touch exactly what the
// program could, and a symlink the program planted cannot lead it anywhere else.
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, isAbsolute, join } from "node:path";

export interface ProgramFiles {
  /** Writes a file (relative paths are inside tmpDir), readable by the program. */
  write(path: string, data: string | Uint8Array): string;
  read(path: string): Buffer;
  readText(path: string): string;
  exists(path: string): boolean;
}

export function asUser<T>(uid: number, fn: () => T): T {
  const canSwitch = uid > 0 && typeof process.geteuid === "function" && process.geteuid() === 0;
  if (!canSwitch) return fn();
  process.setegid?.(uid);
  process.seteuid?.(uid);
  try {
    return fn();
  } finally {
    process.seteuid?.(0);
    process.setegid?.(0);
  }
}

export function makeTmpDir(workDir: string, slug: string, uid: number): string {
  const dir = join(workDir, ".bsod-tmp", slug);
  asUser(uid, () => {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true, mode: 0o755 });
  });
  return dir;
}

export function removeTmpDir(dir: string, uid: number): void {
  try {
    asUser(uid, () => rmSync(dir, { recursive: true, force: true }));
  } catch {
    // the container goes away anyway
  }
}

export function createProgramFiles(tmpDir: string, uid: number): ProgramFiles {
  const resolve = (p: string) => (isAbsolute(p) ? p : join(tmpDir, p));
  return {
    write(path, data) {
      const full = resolve(path);
      asUser(uid, () => {
        mkdirSync(dirname(full), { recursive: true });
        writeFileSync(full, data, { mode: 0o644 });
      });
      return full;
    },
    read: (path) => asUser(uid, () => readFileSync(resolve(path))),
    readText: (path) => asUser(uid, () => readFileSync(resolve(path), "utf8")),
    exists: (path) =>
      asUser(uid, () => {
        try {
          statSync(resolve(path));
          return true;
        } catch {
          return false;
        }
      }),
  };
}
