import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadTrack, loadTracks, TrackValidationError } from "./loader.ts";

type Files = Record<string, string | null>;

const VALID: Files = {
  "track.yaml": "slug: demo\ntitle: Demo\nsummary: A demo track.\nlanguages:\n  - python\n",
  "stages/01-first/stage.yaml": "slug: first\ntitle: First\n",
  "stages/01-first/README.md": "# First\n",
  "stages/01-first/test.ts": "export default {};\n",
  "stages/02-second/stage.yaml": "slug: second\ntitle: Second\npoints: 200\n",
  "stages/02-second/README.md": "# Second\n",
  "stages/02-second/test.ts": "export default {};\n",
  "starters/python/bsod.yml": "language: python\n",
  "solutions/python/bsod.yml": "language: python\n",
};

function writeTrack(changes: Files = {}, root = mkdtempSync(join(tmpdir(), "bsod-track-")), name = "demo"): string {
  const dir = join(root, name);
  for (const [path, text] of Object.entries({ ...VALID, ...changes })) {
    const full = join(dir, path);
    if (text === null) {
      rmSync(full, { recursive: true, force: true });
      continue;
    }
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, text);
  }
  return dir;
}

/** The `file:line: message` lines, with the track folder cut off the front. */
function problems(dir: string, load: () => unknown = () => loadTrack(dir)): string[] {
  try {
    load();
  } catch (e) {
    if (!(e instanceof TrackValidationError)) throw e;
    return e
      .format()
      .split("\n")
      .map((l) => l.replace(`${dir}/`, ""));
  }
  throw new Error("expected a TrackValidationError");
}

describe("loadTrack", () => {
  it("loads a valid track with its stages in order, defaults applied", () => {
    const dir = writeTrack();
    const track = loadTrack(dir);
    expect(track.manifest.slug).toBe("demo");
    expect(track.stages.map((s) => [s.slug, s.position, s.points, s.difficulty, s.readme])).toEqual([
      ["first", 1, 100, "easy", "# First\n"],
      ["second", 2, 200, "easy", "# Second\n"],
    ]);
    expect(track.stages[0]?.dir).toBe(join(dir, "stages/01-first"));
  });

  it("reports invalid YAML at its line", () => {
    const dir = writeTrack({ "track.yaml": "slug: demo\ntitle: Demo\nsummary: [unclosed\nlanguages: [python]\n" });
    expect(problems(dir)[0]).toMatch(/^track\.yaml:[34]: invalid YAML: /);
  });

  it("names the field of a schema error, at its line", () => {
    const dir = writeTrack({
      "track.yaml": "slug: demo\ntitle: 42\nlanguages:\n  - python\ncolour: blue\n",
      "stages/02-second/stage.yaml": "slug: second\ntitle: Second\nlimits:\n  memoryMb: 1\n",
    });
    expect(problems(dir)).toEqual([
      "track.yaml:2: title: Invalid input: expected string, received number",
      'track.yaml:1: missing required field "summary"',
      'track.yaml:5: unknown field "colour"',
      "stages/02-second/stage.yaml:4: limits.memoryMb: Too small: expected number to be >=32",
    ]);
  });

  it("reports a missing README.md or test.ts", () => {
    const dir = writeTrack({ "stages/02-second/README.md": null, "stages/01-first/test.ts": null });
    expect(problems(dir)).toEqual([
      "stages/01-first/test.ts:1: missing test.ts (the stage's test, using @bsod/harness)",
      "stages/02-second/README.md:1: missing README.md (what the participant reads)",
    ]);
  });

  it("reports a slug that does not match its folder, a bad folder name and a duplicate slug", () => {
    const dir = writeTrack({
      "stages/02-second/stage.yaml": "title: Second\nslug: sekond\n",
      "stages/3-third/stage.yaml": "slug: third\ntitle: Third\n",
      "stages/03-first/stage.yaml": "slug: first\ntitle: Again\n",
      "stages/03-first/README.md": "x",
      "stages/03-first/test.ts": "x",
      "stages/third/README.md": "x",
    });
    expect(problems(dir)).toEqual([
      'stages/02-second/stage.yaml:2: slug "sekond" does not match its folder 02-second (expected "second")',
      `stages/03-first/stage.yaml:1: duplicate stage slug "first" (also in ${dir}/stages/01-first/stage.yaml)`,
      'stages/3-third:1: stage folder "3-third" must be named NN-<slug>, like 01-hello-world',
      'stages/third:1: stage folder "third" must be named NN-<slug>, like 01-hello-world',
    ]);
  });

  it("reports an unknown language and missing starters or solutions at the language's line", () => {
    const dir = writeTrack({
      "track.yaml": "slug: demo\ntitle: Demo\nsummary: A demo.\nlanguages:\n  - python\n  - cobol\n  - c\n",
      "solutions/python": null,
    });
    expect(problems(dir)).toEqual([
      "track.yaml:5: no reference solution for python: add solutions/python/ (with a bsod.yml)",
      'track.yaml:6: unknown language "cobol" (known: python, c, cpp, node, go, rust, asm, zig)',
      "track.yaml:7: no starter for c: add starters/c/ (with a bsod.yml)",
      "track.yaml:7: no reference solution for c: add solutions/c/ (with a bsod.yml)",
    ]);
  });

  it("needs reference solutions only for the languages `solutions` names, when it names them", () => {
    const dir = writeTrack({
      "track.yaml":
        "slug: demo\ntitle: Demo\nsummary: A demo.\nlanguages: [python, c]\nsolutions:\n  - python\n  - go\n",
      "starters/c/bsod.yml": "language: c\n",
    });
    expect(problems(dir)).toEqual(['track.yaml:7: solutions lists "go", which is not one of the track\'s languages']);
    const ok = writeTrack({
      "track.yaml": "slug: demo\ntitle: Demo\nsummary: A demo.\nlanguages: [python, c]\nsolutions: [python]\n",
      "starters/c/bsod.yml": "language: c\n",
    });
    expect(loadTrack(ok).manifest.solutions).toEqual(["python"]);
  });

  it("checks each starter's bsod.yml", () => {
    const dir = writeTrack({ "starters/python/bsod.yml": "language: c\nrun: \n" });
    expect(problems(dir)).toEqual(["starters/python/bsod.yml:2: run: Invalid input: expected string, received null"]);
    const dir2 = writeTrack({ "starters/python/bsod.yml": "language: c\n" });
    expect(problems(dir2)).toEqual(['starters/python/bsod.yml:1: language is "c" but this folder is starters/python']);
  });

  it("accepts languages added by the caller", () => {
    const dir = writeTrack({
      "track.yaml": "slug: demo\ntitle: Demo\nsummary: A demo.\nlanguages: [cobol]\n",
      "starters/cobol/bsod.yml": "language: cobol\n",
      "solutions/cobol/bsod.yml": "language: cobol\n",
    });
    expect(loadTrack(dir, { languages: ["cobol"] }).manifest.languages).toEqual(["cobol"]);
  });
});

describe("loadTracks", () => {
  it("collects the problems of every track and duplicate track slugs", () => {
    const root = mkdtempSync(join(tmpdir(), "bsod-tracks-"));
    writeTrack({}, root, "a-demo");
    writeTrack({}, root, "b-demo");
    writeTrack({ "stages/01-first/README.md": null }, root, "c-broken");
    mkdirSync(join(root, "not-a-track"));
    expect(problems(root, () => loadTracks(root))).toEqual([
      'b-demo/track.yaml:1: duplicate track slug "demo" (also a-demo)',
      "c-broken/stages/01-first/README.md:1: missing README.md (what the participant reads)",
    ]);
  });

  it("loads the bundled tracks of this repository", () => {
    const tracks = loadTracks(join(dirname(new URL(import.meta.url).pathname), "../../../challenges"));
    expect(tracks.map((t) => t.manifest.slug)).toContain("hello");
  });
});
