// The repository root and the services tests share (each test still uses its own prefix).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(fileURLToPath(new URL("../../..", import.meta.url)));
export const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

export function copyDir(from: string, to: string) {
  fs.cpSync(from, to, { recursive: true });
}
