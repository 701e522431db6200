// The unix-asm track end to end in the real asm runner image: the reference solution passes
// both stages, the starter fails stage 1 with a helpful message, and the golden log of the
// libc-linked sample holds (verifyTrack compares it).
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

describe("unix-asm track in the sandbox", () => {
  it("has the stages cat then wc", () => {
    expect(track.stages.map((s) => s.slug)).toEqual(["cat", "wc"]);
  });

  it("the asm solution passes every stage", () => {
    const check = checks.find((c) => c.kind === "solution" && c.language === "asm");
    expect(check ? check.problem : "missing run").toBe(null);
    expect(check?.result.stages.map((s) => [s.slug, s.status])).toEqual([
      ["cat", "passed"],
      ["wc", "passed"],
    ]);
  });

  it("the asm starter fails stage 1 because it prints nothing", () => {
    const check = checks.find((c) => c.kind === "starter" && c.language === "asm");
    expect(check ? check.problem : "missing run").toBe(null);
    expect(check?.result.stages[0]?.status).toBe("failed");
    expect(check?.result.stages[0]?.message).toContain("your program printed nothing on stdout");
  });

  it("a binary linked with gcc is refused, naming libc", () => {
    const check = checks.find((c) => c.kind === "sample" && c.name === "linked-with-libc");
    expect(check ? check.problem : "missing run").toBe(null);
    expect(check?.result.stages[0]?.message).toBe(
      "your binary is dynamically linked against libc.so.6: use raw syscalls, link with ld",
    );
  });
});
