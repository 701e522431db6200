// The hello track end to end: its harness bundle runs in the real runner images through the
// grading engine the worker uses; the reference solutions pass every stage and the starters fail
// stage 1 with the message a newcomer needs.
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { type RepoCheck, verifyTrack } from "@bsod/cli/verify";
import { loadTrack } from "@bsod/harness/loader";
import { beforeAll, describe, expect, it } from "vitest";

const track = loadTrack(dirname(fileURLToPath(import.meta.url)));
let checks: RepoCheck[] = [];

beforeAll(async () => {
  checks = await verifyTrack(track);
}, 300_000);

describe("hello track in the sandbox", () => {
  it("has the stages hello-world then echo", () => {
    expect(track.stages.map((s) => s.slug)).toEqual(["hello-world", "echo"]);
  });

  for (const language of ["python", "c"]) {
    it(`the ${language} solution passes every stage`, () => {
      const check = checks.find((c) => c.kind === "solution" && c.language === language);
      expect(check ? check.problem : "missing run").toBe(null);
      expect(check?.result.stages.map((s) => [s.slug, s.status])).toEqual([
        ["hello-world", "passed"],
        ["echo", "passed"],
      ]);
    });

    it(`the ${language} starter builds and fails stage 1 with a helpful message`, () => {
      const check = checks.find((c) => c.kind === "starter" && c.language === language);
      expect(check ? check.problem : "missing run").toBe(null);
      expect(check?.result.stages).toEqual([
        expect.objectContaining({
          slug: "hello-world",
          status: "failed",
          message: "your program printed nothing on stdout",
        }),
      ]);
    });
  }
});
