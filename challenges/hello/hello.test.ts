// The hello track end to end: its harness bundle runs in the real runner images the way the
// worker runs it; the reference solutions pass every stage and the starters fail stage 1.

import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import type { HarnessMessage } from "@bsod/contracts";
import { bundleTrack } from "@bsod/harness/bundle";
import { loadTrack } from "@bsod/harness/loader";
import { type RepoRun, verifyTrack } from "@bsod/harness/verify";
import { beforeAll, describe, expect, it } from "vitest";

const track = loadTrack(dirname(fileURLToPath(import.meta.url)));
let runs: RepoRun[] = [];

const finals = (messages: HarnessMessage[]) =>
  messages.filter((m) => m.type === "stage.passed" || m.type === "stage.failed");

beforeAll(async () => {
  const bundle = await bundleTrack(track);
  runs = await verifyTrack(track, bundle.code);
}, 300_000);

describe("hello track in the sandbox", () => {
  it("has the stages hello-world then echo", () => {
    expect(track.stages.map((s) => s.slug)).toEqual(["hello-world", "echo"]);
  });

  for (const language of ["python", "c"]) {
    it(`the ${language} solution passes every stage`, () => {
      const run = runs.find((r) => r.kind === "solutions" && r.language === language);
      expect(run ? run.problem : "missing run").toBe(null);
      expect(finals(run?.run.messages ?? []).map((m) => [m.slug, m.type])).toEqual([
        ["hello-world", "stage.passed"],
        ["echo", "stage.passed"],
      ]);
      expect(run?.run.junk).toEqual([]);
      expect(run?.run.messages.at(-1)).toEqual({ type: "harness.done" });
    });

    it(`the ${language} starter builds and fails stage 1 with a helpful message`, () => {
      const run = runs.find((r) => r.kind === "starters" && r.language === language);
      expect(run ? run.problem : "missing run").toBe(null);
      expect(finals(run?.run.messages ?? [])).toEqual([
        expect.objectContaining({
          type: "stage.failed",
          slug: "hello-world",
          status: "failed",
          message: "your program printed nothing on stdout",
        }),
      ]);
    });
  }
});
