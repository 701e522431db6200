// How git can run this same bsod command again (as its credential helper), from any directory.
import fs from "node:fs";
import { fileURLToPath } from "node:url";

/** The bsod executable: packages/cli/bin/bsod, seen from src/ or from the dist/ bundle. */
export function bsodExecutable(env = process.env): string {
  if (env.BSOD_BIN) return env.BSOD_BIN;
  const p = fileURLToPath(new URL("../bin/bsod", import.meta.url));
  if (fs.existsSync(p)) return p;
  return "bsod"; // installed on PATH some other way
}

/** A credential.helper value that runs `bsod credential`; quoted for the shell git runs it with. */
export function credentialHelper(env = process.env): string {
  const exe = bsodExecutable(env);
  return `!'${exe.replaceAll("'", "'\\''")}' credential`;
}
