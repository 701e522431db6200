import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { bundleTrack } from "./bundle.ts";
import { loadTrack, TrackValidationError } from "./loader.ts";

const hello = join(dirname(fileURLToPath(import.meta.url)), "../../../challenges/hello");

function runBundle(file: string, config: object): Promise<Array<Record<string, unknown>>> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [file], { stdio: ["pipe", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stdin.end(`${JSON.stringify(config)}\n`);
    child.on("close", () =>
      resolve(
        out
          .split("\n")
          .filter(Boolean)
          .map((l) => JSON.parse(l)),
      ),
    );
  });
}

describe("bundleTrack", () => {
  it("makes one self-running ESM file, content-addressed and reproducible", async () => {
    const track = loadTrack(hello);
    const a = await bundleTrack(track);
    const b = await bundleTrack(track);
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(b).toEqual(a);
    expect(a.code).not.toMatch(/^import .* from "(@bsod|yaml|esbuild|zod)/m);

    // Run it on the host against the C solution, compiled here.
    const dir = mkdtempSync(join(tmpdir(), "bsod-bundle-"));
    const file = join(dir, "harness.mjs");
    writeFileSync(file, a.code);
    const gcc = spawnSync("gcc", ["-O2", "-o", join(dir, "app"), join(hello, "solutions/c/main.c")]);
    expect(gcc.status).toBe(0);
    const messages = await runBundle(file, {
      stages: ["hello-world", "echo"],
      run: join(dir, "app"),
      seed: "bundle-test",
      stageTimeoutMs: 10_000,
      outputBytes: 1 << 20,
      workDir: dir,
    });
    expect(messages.filter((m) => String(m.type).match(/passed|failed/)).map((m) => [m.slug, m.type])).toEqual([
      ["hello-world", "stage.passed"],
      ["echo", "stage.passed"],
    ]);
    expect(messages.at(-1)).toEqual({ type: "harness.done" });
  });

  it("reports a test.ts that does not compile at its file and line", async () => {
    const track = loadTrack(hello);
    const dir = mkdtempSync(join(tmpdir(), "bsod-bundle-bad-"));
    mkdirSync(join(dir, "s"));
    writeFileSync(
      join(dir, "s/test.ts"),
      'import { defineStage } from "@bsod/harness";\n\nexport default defineStage({ slug: "x", run( });\n',
    );
    const broken = { ...track, stages: [{ ...track.stages[0]!, dir: join(dir, "s") }] };
    const err = await bundleTrack(broken).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TrackValidationError);
    expect((err as TrackValidationError).issues[0]).toMatchObject({ file: join(dir, "s/test.ts"), line: 3 });
  });
});
