// The harness inside a real runner container, as the worker runs it: the program runs as
// uid 2000 without capabilities, cannot touch the harness, is cleaned up between stages,
// and memory / time limits end up as the right verdicts.

import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { LoadedTrack } from "@bsod/contracts";
import { beforeAll, describe, expect, it } from "vitest";
import { bundleTrack } from "../src/bundle.ts";
import { runInSandbox } from "../src/verify.ts";

const dir = join(dirname(fileURLToPath(import.meta.url)), "sandbox-track");
const track: LoadedTrack = {
  manifest: { slug: "sandbox", title: "Sandbox", summary: "SDK sandbox checks", languages: ["python"] },
  dir,
  stages: readdirSync(join(dir, "stages"))
    .sort()
    .map((name, i) => ({
      slug: name.slice(3),
      title: name,
      difficulty: "easy" as const,
      points: 0,
      dir: join(dir, "stages", name),
      readme: "",
      position: i + 1,
    })),
};

let code = "";
beforeAll(async () => {
  code = (await bundleTrack(track)).code;
});

function sandbox(stages: string[], limits: { memoryMb?: number; stageTimeoutMs?: number } = {}) {
  return runInSandbox({
    image: "bsod/runner-python:latest",
    sourceDir: join(dir, "program"),
    harnessCode: code,
    build: null,
    run: "python3 -u main.py",
    stages,
    limits: { memoryMb: 256, ...limits },
  });
}

const verdicts = (messages: Awaited<ReturnType<typeof sandbox>>["messages"]) =>
  messages.flatMap((m) =>
    m.type === "stage.passed" ? [[m.slug, "passed"]] : m.type === "stage.failed" ? [[m.slug, m.status, m.message]] : [],
  );

describe("the harness in a runner container", () => {
  it("isolates the program, cleans up between stages, and reports an OOM kill as memory_limit", async () => {
    const r = await sandbox(["files", "isolation", "daemon", "reaped", "memory"]);
    expect(r.junk).toEqual([]);
    expect(verdicts(r.messages)).toEqual([
      ["files", "passed"],
      ["isolation", "passed"],
      ["daemon", "passed"],
      ["reaped", "passed"],
      [
        "memory",
        "memory_limit",
        "your program (run with arguments hog) ran out of memory and was killed by the kernel",
      ],
    ]);
    expect(r.messages.at(-1)).toEqual({ type: "harness.done" });
  });

  it("kills a hanging program and its children at the stage timeout", async () => {
    const r = await sandbox(["timeout"], { stageTimeoutMs: 1500 });
    expect(verdicts(r.messages)).toEqual([
      [
        "timeout",
        "timeout",
        "the stage did not finish within 1.5 s: your program (run with arguments hang) was still running",
      ],
    ]);
    expect(r.messages.at(-1)).toEqual({ type: "harness.done" });
  });
});
