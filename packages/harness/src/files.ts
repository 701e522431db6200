// File access in the program's directories. In the sandbox the harness is root without
// CAP_DAC_OVERRIDE and /work belongs to the program user, so it switches its effective ids
// to the program's for each synchronous file operation: it can then touch exactly what the
// program could, and a symlink the program planted cannot lead it anywhere else.
//
// In a vm (stock kernel) the program's files are the guest's: each operation is one round trip
// through guest-exec (synchronous, as the API is), run as the program user on this side.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, isAbsolute, join } from "node:path";
import type { GuestLink } from "./guest.ts";

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

/** Runs `sh -c script` with args in the guest; throws when the guest cannot be reached. */
function inGuest(guest: GuestLink, uid: number, script: string, args: string[], input?: string | Uint8Array): Buffer {
  const cmd = [guest.exec, "run", "--", "sh", "-c", script, "sh", ...args];
  const as =
    uid > 0
      ? ["setpriv", "--reuid", String(uid), "--regid", String(uid), "--clear-groups", "--inh-caps=-all", "--", ...cmd]
      : cmd;
  const r = spawnSync(as[0] as string, as.slice(1), {
    input: input ?? "",
    maxBuffer: 64 * 1024 * 1024,
    timeout: 10_000, // a guest that stopped answering must not hold the harness forever
    env: { PATH: "/usr/sbin:/usr/bin:/sbin:/bin" },
  });
  if (r.error) throw r.error;
  if (r.status !== 0) {
    const err = Object.assign(new Error(`in the guest: ${r.stderr.toString("utf8").trim() || `exit ${r.status}`}`), {
      code: r.status === 1 ? "ENOENT" : "EIO",
    });
    throw err;
  }
  return r.stdout;
}

export function makeTmpDir(workDir: string, slug: string, uid: number, guest?: GuestLink): string {
  const dir = join(workDir, ".bsod-tmp", slug);
  if (guest) inGuest(guest, uid, 'rm -rf "$1" && mkdir -p "$1"', [dir]);
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

export function createProgramFiles(tmpDir: string, uid: number, guest?: GuestLink): ProgramFiles {
  const resolve = (p: string) => (isAbsolute(p) ? p : join(tmpDir, p));
  if (guest) {
    return {
      write(path, data) {
        const full = resolve(path);
        inGuest(guest, uid, 'mkdir -p "$(dirname "$1")" && cat > "$1"', [full], data);
        return full;
      },
      read: (path) => inGuest(guest, uid, 'cat "$1" 2>/dev/null || exit 1', [resolve(path)]),
      readText: (path) => inGuest(guest, uid, 'cat "$1" 2>/dev/null || exit 1', [resolve(path)]).toString("utf8"),
      exists: (path) => {
        try {
          inGuest(guest, uid, 'test -e "$1" || exit 1', [resolve(path)]);
          return true;
        } catch {
          return false;
        }
      },
    };
  }
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
