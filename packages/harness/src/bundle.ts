// Host-side: bundles a track's stage tests and the harness runtime into one ESM file for the
// sandbox's Node 18. The result is content-addressed (sha256 of the code).

import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { LoadedTrack } from "@bsod/contracts";
import { build, type Message, type Plugin } from "esbuild";
import { type TrackIssue, TrackValidationError } from "./track-errors.ts";

export interface HarnessBundle {
  code: string;
  /** sha256 of `code`, hex. */
  hash: string;
}

const SRC = dirname(fileURLToPath(import.meta.url));

/** Resolves @bsod/harness[/sub] to this package's sources, wherever the track lives. */
const harnessAlias: Plugin = {
  name: "bsod-harness-alias",
  setup(b) {
    b.onResolve({ filter: /^@bsod\/harness(\/[a-z-]+)?$/ }, (args) => {
      const sub = args.path.slice("@bsod/harness".length).replace(/^\//, "");
      const file = join(SRC, sub ? `${sub}.ts` : "index.ts");
      if (!existsSync(file) || sub === "loader" || sub === "bundle") {
        return { errors: [{ text: `"${args.path}" cannot be used in a stage test` }] };
      }
      return { path: file };
    });
  },
};

function readFixtures(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const root = join(dir, "fixtures");
  if (!existsSync(root)) return out;
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(root, p).split(sep).join("/")] = readFileSync(p).toString("base64");
    }
  };
  walk(root);
  return out;
}

function entrySource(track: LoadedTrack): string {
  const imports = track.stages.map((s, i) => `import stage${i} from ${JSON.stringify(join(s.dir, "test.ts"))};`);
  const entries = track.stages.map((s, i) => {
    const entry: Record<string, unknown> = { slug: s.slug, title: s.title, fixtures: readFixtures(s.dir) };
    if (s.metric) entry.metric = s.metric;
    return `  { ...${JSON.stringify(entry)}, stage: stage${i} },`;
  });
  return [
    `import { runHarness } from ${JSON.stringify(join(SRC, "runtime.ts"))};`,
    ...imports,
    "await runHarness([",
    ...entries,
    "]);",
    "",
  ].join("\n");
}

function toIssues(messages: Message[], fallbackFile: string): TrackIssue[] {
  return messages.map((m) => ({
    file: m.location?.file ?? fallbackFile,
    line: m.location?.line ?? 1,
    message: `cannot bundle the harness: ${m.text}`,
  }));
}

/** Bundles every stage's test.ts with the runtime into one self-running ESM file (Node 18). */
export async function bundleTrack(loaded: LoadedTrack): Promise<HarnessBundle> {
  const dir = resolve(loaded.dir);
  const track: LoadedTrack = { ...loaded, dir, stages: loaded.stages.map((s) => ({ ...s, dir: resolve(s.dir) })) };
  const workingDir = dirname(dir);
  let code: string;
  try {
    const result = await build({
      stdin: { contents: entrySource(track), resolveDir: track.dir, sourcefile: "bsod-harness-entry.ts", loader: "ts" },
      absWorkingDir: workingDir,
      bundle: true,
      write: false,
      format: "esm",
      platform: "node",
      target: "node18",
      plugins: [harnessAlias],
      logLevel: "silent",
      legalComments: "none",
      charset: "utf8",
      // Smaller to parse on every run (the sandbox's Node has no code cache); identifiers are
      // kept, so a harness crash still names its functions in the worker's log.
      minifyWhitespace: true,
      minifySyntax: true,
      banner: {
        js: '// bsod harness bundle: run as `node harness.mjs` with one HarnessConfig line on stdin.\nimport { createRequire as __bsodRequire } from "node:module"; const require = __bsodRequire(import.meta.url);',
      },
    });
    const out = result.outputFiles[0];
    if (!out) throw new Error("esbuild produced no output");
    code = out.text;
  } catch (e) {
    const failure = e as { errors?: Message[] };
    if (Array.isArray(failure.errors) && failure.errors.length > 0) {
      throw new TrackValidationError(
        toIssues(failure.errors, join(track.dir, "track.yaml")).map((i) => ({
          ...i,
          file: isAbsolute(i.file) ? i.file : join(workingDir, i.file),
        })),
      );
    }
    throw e;
  }
  return { code, hash: createHash("sha256").update(code).digest("hex") };
}
