// `npm start`'s launcher stops with one clear line when a prerequisite is missing.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(fileURLToPath(new URL("../..", import.meta.url)));

function serve(
  env: Record<string, string | undefined>,
): Promise<{ code: number | null; stderr: string; stdout: string }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bsod-serve-"));
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts/serve.ts")], {
      cwd: ROOT,
      env: { ...process.env, REDIS_URL: undefined, DOCKER_HOST: undefined, DATA_DIR: dataDir, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    let stdout = "";
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.on("close", (code) => {
      fs.rmSync(dataDir, { recursive: true, force: true });
      resolve({ code, stderr, stdout });
    });
  });
}

describe("launcher prerequisites", () => {
  it("says so in one line when no Docker engine is reachable", async () => {
    const res = await serve({ DOCKER_HOST: "unix:///nonexistent/docker.sock" });
    expect(res.code).toBe(1);
    expect(res.stderr.trim().split("\n")).toEqual([
      expect.stringMatching(/^bsod: no Docker engine is reachable: .*DOCKER_HOST/),
    ]);
  });

  it("says so in one line when redis-server is absent and REDIS_URL is not set", async () => {
    const res = await serve({ PATH: "/nonexistent" });
    expect(res.code).toBe(1);
    expect(res.stderr.trim().split("\n")).toEqual([
      expect.stringMatching(
        /^bsod: redis-server is not installed and REDIS_URL is not set: .*apt-get install redis-server/,
      ),
    ]);
  });
});
