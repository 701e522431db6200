// Host-side: loads tracks from disk (track.yaml, stages/NN-<slug>/, starters/, solutions/)
// and validates them, collecting every problem as `file:line: message`.

import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { LANGUAGES, type LoadedTrack, RepoManifest, StageManifest, TrackManifest } from "@bsod/contracts";
import { type TrackIssue, TrackValidationError } from "./track-errors.ts";
import { lineOf, parseYaml, validate, type YamlFile } from "./yaml-file.ts";

export { formatIssue, type TrackIssue, TrackValidationError } from "./track-errors.ts";

export interface LoadOptions {
  /** Languages a track may declare; default: the contracts' LANGUAGES. */
  languages?: readonly string[];
}

const STAGE_DIR = /^(\d{2,})-(.+)$/;

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function readYaml(file: string, issues: TrackIssue[], missing: string): YamlFile | undefined {
  if (!existsSync(file)) {
    issues.push({ file, line: 1, message: missing });
    return undefined;
  }
  return parseYaml(file, readFileSync(file, "utf8"), issues);
}

function checkRepoDir(
  trackDir: string,
  kind: "starters" | "solutions",
  language: string,
  languageLine: { file: string; line: number },
  issues: TrackIssue[],
): void {
  const dir = join(trackDir, kind, language);
  if (!isDir(dir)) {
    const what = kind === "starters" ? "starter" : "reference solution";
    issues.push({ ...languageLine, message: `no ${what} for ${language}: add ${kind}/${language}/ (with a bsod.yml)` });
    return;
  }
  const file = join(dir, "bsod.yml");
  const y = readYaml(file, issues, `missing bsod.yml (it says "language: ${language}")`);
  if (!y) return;
  const manifest = validate(y, RepoManifest, issues);
  if (manifest && manifest.language !== language) {
    issues.push({
      file,
      line: lineOf(y, ["language"]),
      message: `language is "${manifest.language}" but this folder is ${kind}/${language}`,
    });
  }
}

function loadInto(dir: string, issues: TrackIssue[], options: LoadOptions): LoadedTrack | undefined {
  const known = options.languages ?? Object.keys(LANGUAGES);
  const trackFile = join(dir, "track.yaml");
  const before = issues.length;
  const ty = readYaml(trackFile, issues, "missing track.yaml");
  const manifest = ty ? validate(ty, TrackManifest, issues) : undefined;

  // Even when track.yaml has problems, check the languages it lists: every problem in one run.
  const raw = (ty?.data ?? {}) as { languages?: unknown; solutions?: unknown };
  const strings = (v: unknown) =>
    Array.isArray(v) && v.every((x) => typeof x === "string") ? (v as string[]) : undefined;
  const languages = manifest?.languages ?? strings(raw.languages);
  const solutions = manifest ? manifest.solutions : strings(raw.solutions);
  if (ty && languages) {
    languages.forEach((language, i) => {
      const at = { file: trackFile, line: lineOf(ty, ["languages", i]) };
      if (!known.includes(language)) {
        issues.push({ ...at, message: `unknown language "${language}" (known: ${known.join(", ")})` });
        return;
      }
      if (languages.indexOf(language) !== i) {
        issues.push({ ...at, message: `language "${language}" is listed twice` });
        return;
      }
      checkRepoDir(dir, "starters", language, at, issues);
      if (!solutions || solutions.includes(language)) {
        checkRepoDir(dir, "solutions", language, at, issues);
      }
    });
    solutions?.forEach((language, i) => {
      if (!languages.includes(language)) {
        issues.push({
          file: trackFile,
          line: lineOf(ty, ["solutions", i]),
          message: `solutions lists "${language}", which is not one of the track's languages`,
        });
      }
    });
  }

  const stagesDir = join(dir, "stages");
  const stages: LoadedTrack["stages"] = [];
  const folders = isDir(stagesDir)
    ? readdirSync(stagesDir)
        .filter((n) => !n.startsWith("."))
        .sort()
    : [];
  const bySlug = new Map<string, string>();
  const byNumber = new Map<string, string>();
  for (const name of folders) {
    const sdir = join(stagesDir, name);
    if (!isDir(sdir)) continue;
    const m = STAGE_DIR.exec(name);
    if (!m) {
      issues.push({
        file: sdir,
        line: 1,
        message: `stage folder "${name}" must be named NN-<slug>, like 01-hello-world`,
      });
      continue;
    }
    const [, number, folderSlug] = m as unknown as [string, string, string];
    const other = byNumber.get(number);
    if (other) issues.push({ file: sdir, line: 1, message: `two stages are numbered ${number}: ${other} and ${name}` });
    byNumber.set(number, name);
    const stageFile = join(sdir, "stage.yaml");
    const sy = readYaml(stageFile, issues, "missing stage.yaml");
    for (const f of ["README.md", "test.ts"]) {
      if (!existsSync(join(sdir, f))) {
        const why = f === "README.md" ? "what the participant reads" : "the stage's test, using @bsod/harness";
        issues.push({ file: join(sdir, f), line: 1, message: `missing ${f} (${why})` });
      }
    }
    const parsed = sy ? validate(sy, StageManifest, issues) : undefined;
    if (!sy || !parsed) continue;
    const sm = { ...parsed, slug: parsed.slug ?? folderSlug };
    if (sm.slug !== folderSlug) {
      issues.push({
        file: stageFile,
        line: lineOf(sy, ["slug"]),
        message: `slug "${sm.slug}" does not match its folder ${name} (expected "${folderSlug}")`,
      });
    }
    const dup = bySlug.get(sm.slug);
    if (dup) {
      issues.push({
        file: stageFile,
        line: lineOf(sy, ["slug"]),
        message: `duplicate stage slug "${sm.slug}" (also in ${dup})`,
      });
    }
    bySlug.set(sm.slug, stageFile);
    const readmeFile = join(sdir, "README.md");
    const readme = existsSync(readmeFile) ? readFileSync(readmeFile, "utf8") : "";
    stages.push({ ...sm, dir: sdir, readme, position: stages.length + 1 });
  }
  if (folders.length === 0) {
    issues.push({ file: trackFile, line: 1, message: "the track has no stages: add stages/01-<slug>/" });
  }
  if (issues.length > before || !manifest) return undefined;
  return { manifest, dir, stages };
}

/** Loads and validates one track folder; throws TrackValidationError listing every problem. */
export function loadTrack(dir: string, options: LoadOptions = {}): LoadedTrack {
  const issues: TrackIssue[] = [];
  const track = loadInto(dir, issues, options);
  if (!track || issues.length > 0) throw new TrackValidationError(issues);
  return track;
}

/**
 * Loads every track under rootDir (each folder with a track.yaml, or with a stages/ folder),
 * sorted by folder name; throws one TrackValidationError with the problems of all of them.
 */
export function loadTracks(rootDir: string, options: LoadOptions = {}): LoadedTrack[] {
  const issues: TrackIssue[] = [];
  const tracks: LoadedTrack[] = [];
  const seen = new Map<string, string>();
  for (const name of readdirSync(rootDir).sort()) {
    if (name.startsWith(".") || name === "node_modules") continue;
    const dir = join(rootDir, name);
    if (!isDir(dir) || !(existsSync(join(dir, "track.yaml")) || isDir(join(dir, "stages")))) continue;
    const track = loadInto(dir, issues, options);
    if (!track) continue;
    const other = seen.get(track.manifest.slug);
    if (other) {
      issues.push({
        file: join(dir, "track.yaml"),
        line: 1,
        message: `duplicate track slug "${track.manifest.slug}" (also ${basename(other)})`,
      });
    }
    seen.set(track.manifest.slug, dir);
    tracks.push(track);
  }
  if (issues.length > 0) throw new TrackValidationError(issues);
  return tracks;
}
