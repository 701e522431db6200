// The supervisor's source: supervisor.ts (a real file that tsc and Biome check) with its types
// stripped once, when this module loads, and passed to each container as `node -e`, so the
// runner images need nothing but their Node and pay no TypeScript at start.
import fs from "node:fs";
import { transformSync } from "esbuild";
import type { GuestBoot } from "./vm.ts";

export const SUPERVISOR_SOURCE = transformSync(fs.readFileSync(new URL("./supervisor.ts", import.meta.url), "utf8"), {
  loader: "ts",
  format: "cjs",
  target: "node18",
  platform: "node",
  legalComments: "none",
}).code;

/** The container command that starts the supervisor. */
export function supervisorCmd(uid: number, workDir: string, guest?: GuestBoot): string[] {
  return ["node", "-e", SUPERVISOR_SOURCE, String(uid), workDir, ...(guest ? [JSON.stringify(guest)] : [])];
}
