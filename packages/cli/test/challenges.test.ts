// `bsod challenges validate | verify | new` as an organizer uses them: every bundled track
// validates and verifies in the real sandbox; broken tracks are reported as file:line; a
// scaffolded track validates and verifies; a wrong solution is caught.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ROOT, run } from "@bsod/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const BSOD = path.join(ROOT, "packages/cli/bin/bsod");
let tmp: string;

const bsod = (args: string[], cwd = ROOT) => run(BSOD, args, { cwd, env: { NO_COLOR: "1" } });

const bundled = fs
  .readdirSync(path.join(ROOT, "challenges"))
  .filter((name) => fs.existsSync(path.join(ROOT, "challenges", name, "track.yaml")));

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bsod-challenges-"));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("bsod challenges", () => {
  it("validates every bundled track", async () => {
    const res = await bsod(["challenges", "validate", "challenges"]);
    expect(res.code, res.err).toBe(0);
    expect(res.out).toMatch(new RegExp(`✓ ${bundled.length} tracks?, \\d+ stages: valid`));
  });

  for (const track of bundled) {
    it(`verifies ${track}: starters fail stage 1, solutions pass every stage, in the real sandbox`, async () => {
      const res = await bsod(["challenges", "verify", track]);
      expect(res.code, res.out + res.err).toBe(0);
      expect(res.out).toMatch(/^repository\s+build\s+/m);
      expect(res.out).toMatch(/✓ all \d+ behaved as expected/);
    }, 900_000);
  }

  it("reports each broken file as file:line: message and exits non-zero", async () => {
    const root = path.join(tmp, "broken");
    expect((await bsod(["challenges", "new", "demo", "--root", root])).code).toBe(0);
    expect((await bsod(["challenges", "new", "demo", "second", "--root", root])).code).toBe(0);
    const track = path.join(root, "demo");
    fs.writeFileSync(
      path.join(track, "track.yaml"),
      fs.readFileSync(path.join(track, "track.yaml"), "utf8").replace("  - python\n", "  - python\n  - cobol\n"),
    );
    fs.rmSync(path.join(track, "stages/01-first-stage/README.md"));
    fs.writeFileSync(path.join(track, "stages/02-second/stage.yaml"), "slug: first-stage\ntitle: Second\n");
    const res = await bsod(["challenges", "validate", track]);
    expect(res.code).toBe(1);
    const lines = res.err.trim().split("\n");
    expect(lines.at(-1)).toMatch(/^bsod: \d+ problems found$/);
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/track\.yaml:6: unknown language "cobol"/),
        expect.stringMatching(/stages\/01-first-stage\/README\.md:\d+: .*README/i),
        expect.stringMatching(/stages\/02-second\/stage\.yaml:1: .*first-stage.*(folder|02-second)/),
      ]),
    );
    expect(lines.some((l) => /duplicate|twice|already/i.test(l))).toBe(true);
  });

  it("reports every problem in one run, a test.ts that does not type-check included", async () => {
    const root = path.join(tmp, "many");
    expect((await bsod(["challenges", "new", "demo", "--root", root])).code).toBe(0);
    expect((await bsod(["challenges", "new", "demo", "second", "--root", root])).code).toBe(0);
    const track = path.join(root, "demo");
    fs.appendFileSync(path.join(track, "track.yaml"), "colour: blue\n");
    const stage1 = path.join(track, "stages/01-first-stage/stage.yaml");
    fs.writeFileSync(stage1, fs.readFileSync(stage1, "utf8").replace("points: 100", "points: lots"));
    fs.rmSync(path.join(track, "stages/02-second/README.md"));
    const test2 = path.join(track, "stages/02-second/test.ts");
    fs.writeFileSync(test2, fs.readFileSync(test2, "utf8").replace("log.step(", "log.stp("));
    fs.writeFileSync(path.join(track, "solutions/python/bsod.yml"), "language: c\n");
    const res = await bsod(["challenges", "validate", track]);
    expect(res.code).toBe(1);
    const lines = res.err.trim().split("\n");
    expect(lines.at(-1)).toBe("bsod: 5 problems found");
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/track\.yaml:\d+: unknown field "colour"/),
        expect.stringMatching(/stages\/01-first-stage\/stage\.yaml:3: points: /),
        expect.stringMatching(/stages\/02-second\/README\.md:1: missing README\.md/),
        expect.stringMatching(
          /stages\/02-second\/test\.ts:\d+: Property 'stp' does not exist on type 'Log'\. Did you mean 'step'\?/,
        ),
        expect.stringMatching(/solutions\/python\/bsod\.yml:1: language is "c" but this folder is solutions\/python/),
      ]),
    );
  });

  it("renames the scaffold's first stage with one edit: its folder", async () => {
    const root = path.join(tmp, "renamed");
    expect((await bsod(["challenges", "new", "greet", "--root", root])).code).toBe(0);
    const stages = path.join(root, "greet/stages");
    fs.renameSync(path.join(stages, "01-first-stage"), path.join(stages, "01-say-ok"));
    const valid = await bsod(["challenges", "validate", path.join(root, "greet")]);
    expect(valid.code, valid.err).toBe(0);
    const ok = await bsod(["challenges", "verify", path.join(root, "greet")]);
    expect(ok.code, ok.out + ok.err).toBe(0);
    expect(ok.out).toMatch(/^repository\s+build\s+say-ok\s+expected/m);
  });

  it("scaffolds a track that validates and verifies, and a new stage that the old solution fails", async () => {
    const root = path.join(tmp, "fresh");
    const made = await bsod(["challenges", "new", "warmup", "--root", root]);
    expect(made.code, made.err).toBe(0);
    expect((await bsod(["challenges", "validate", path.join(root, "warmup")])).code).toBe(0);
    const ok = await bsod(["challenges", "verify", path.join(root, "warmup")]);
    expect(ok.code, ok.out + ok.err).toBe(0);
    expect(ok.out).toMatch(/starter python .*✗ failed.*fails stage 1\s+✓/);
    expect(ok.out).toMatch(/solution python .*✓ passed.*passes all\s+✓/);

    expect((await bsod(["challenges", "new", "warmup", "second-stage", "--root", root])).code).toBe(0);
    expect(fs.existsSync(path.join(root, "warmup/stages/02-second-stage/test.ts"))).toBe(true);
    expect((await bsod(["challenges", "validate", path.join(root, "warmup")])).code).toBe(0);
    const wrong = fs.mkdtempSync(path.join(tmp, "attempt-"));
    fs.writeFileSync(path.join(wrong, "bsod.yml"), "language: python\n");
    fs.writeFileSync(path.join(wrong, "main.py"), 'print("OK")\n');
    const res = await bsod(["challenges", "verify", path.join(root, "warmup"), "--solution", wrong]);
    expect(res.code).toBe(1);
    expect(res.out).toMatch(/given python .*✗ failed/);
    expect(res.out).toMatch(/expected "ok\\n"|ok\\n/);
    expect(res.err).toMatch(/^bsod: 1 of 1 did not behave as expected$/m);
  });

  it("scaffolds vm tracks (stock kernel in C, own kernel in assembly) that validate and verify in a machine of their own", async () => {
    const root = path.join(tmp, "vm");
    for (const kernel of ["stock", "own"]) {
      const made = await bsod([
        "challenges",
        "new",
        `os-${kernel}`,
        "--root",
        root,
        "--sandbox",
        "vm",
        "--kernel",
        kernel,
      ]);
      expect(made.code, made.err).toBe(0);
      expect(fs.readFileSync(path.join(root, `os-${kernel}/track.yaml`), "utf8")).toMatch(
        new RegExp(`sandbox: vm[^\\n]*\\nvm:\\n${kernel === "own" ? "  kernel: own" : "  memoryMb: 256"}`),
      );
      const ok = await bsod(["challenges", "verify", path.join(root, `os-${kernel}`)]);
      expect(ok.code, ok.out + ok.err).toBe(0);
      expect(ok.out).toMatch(/starter \w+ .*✗ failed.*fails stage 1\s+✓/);
      expect(ok.out).toMatch(/solution \w+ .*✓ passed.*passes all\s+✓/);
    }
    const bad = await bsod(["challenges", "new", "os-bad", "--root", root, "--kernel", "own"]);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/--kernel needs --sandbox vm/);
  });

  it("catches a changed message through a sample's golden log, and --update-golden rewrites it", async () => {
    const track = path.join(tmp, "hello-copy");
    fs.cpSync(path.join(ROOT, "challenges/hello"), track, { recursive: true });
    const stage = path.join(track, "stages/01-hello-world/test.ts");
    fs.writeFileSync(
      stage,
      fs.readFileSync(stage, "utf8").replace('"the newline at the end is missing"', '"no newline"'),
    );
    const res = await bsod(["challenges", "verify", track, "--language", "c"]);
    expect(res.code).toBe(1);
    expect(res.out).toMatch(/sample no-newline \(c\) .*✗/);
    expect(res.out).toContain(
      'its log differs from expected.log at line 6: expected "  the newline at the end is missing", got "  no newline"',
    );
    const updated = await bsod(["challenges", "verify", track, "--language", "c", "--update-golden"]);
    expect(updated.code, updated.out).toBe(0);
    expect(fs.readFileSync(path.join(track, "samples/no-newline/expected.log"), "utf8")).toContain("\n  no newline\n");
  });
});
