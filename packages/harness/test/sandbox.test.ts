// The harness inside a real runner container, as the worker runs it: the program runs as
// uid 2000 without capabilities, cannot touch the harness, is cleaned up between stages,
// and memory / time limits end up as the right verdicts.

import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { DEFAULT_LIMITS, type LoadedTrack } from "@bsod/contracts";
import { LocalGrader } from "@bsod/grader";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleTrack } from "../src/bundle.ts";

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
const grader = new LocalGrader();
beforeAll(async () => {
  code = (await bundleTrack(track)).code;
});
afterAll(() => grader.close());

/** Grades the sample program with the grading engine and sandbox the worker uses. */
function sandbox(stages: string[], limits: { memoryMb?: number; stageTimeoutMs?: number } = {}) {
  return grader.grade({
    dir: join(dir, "program"),
    commands: { language: "python", image: "bsod/runner-python:latest", build: null, run: "python3 -u main.py" },
    harness: code,
    stages,
    limits: { ...DEFAULT_LIMITS, memoryMb: 256, ...limits },
  });
}

const verdicts = (r: Awaited<ReturnType<typeof sandbox>>) =>
  r.result.stages.map((s) => (s.status === "passed" ? [s.slug, "passed"] : [s.slug, s.status, s.message]));

describe("the harness in a runner container", () => {
  it("isolates the program, cleans up between stages, and reports an OOM kill as memory_limit", async () => {
    const r = await sandbox(["files", "isolation", "daemon", "reaped", "memory"]);
    expect(verdicts(r)).toEqual([
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
    expect(r.events.filter((e) => e.type === "stage.failed" && e.status === "internal_error")).toEqual([]);
  });

  it("kills a hanging program and its children at the stage timeout", async () => {
    const r = await sandbox(["timeout"], { stageTimeoutMs: 1500 });
    expect(verdicts(r)).toEqual([
      [
        "timeout",
        "timeout",
        "the stage did not finish within 1.5 s: your program (run with arguments hang) was still running",
      ],
    ]);
    expect(r.events.filter((e) => e.type === "stage.failed" && e.status === "internal_error")).toEqual([]);
  });
});
