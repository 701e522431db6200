// Schemas of the files that make a track: track.yaml, stages/<nn>-<slug>/stage.yaml, and the
// participant's bsod.yml. Parsing with line numbers lives with the loaders; these are the shapes.
import { z } from "zod";
import { LimitsOverride } from "./limits.ts";
import { SandboxRuntime, sandboxIssue, VmOptions } from "./sandbox.ts";
import { ServiceDecls } from "./services.ts";

export const Slug = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "must be lowercase letters, digits and single dashes, like 'respond-to-ping'")
  .max(64);

function checkSandbox(m: { sandbox?: SandboxRuntime | undefined; vm?: VmOptions | undefined }, ctx: z.RefinementCtx) {
  const issue = sandboxIssue(m);
  if (issue) ctx.addIssue({ code: "custom", path: ["vm"], message: issue });
}

export const ScoringMode = z.enum(["stages", "points", "metric"]);

export const TrackManifest = z
  .strictObject({
    slug: Slug,
    title: z.string().min(1).max(120),
    summary: z.string().min(1).max(500),
    languages: z.array(z.string()).min(1),
    /** Languages with a reference solution in solutions/<language>/ (default: every language). */
    solutions: z.array(z.string()).min(1).optional(),
    limits: LimitsOverride.optional(),
    /** The sandbox runtime of every stage (default container); `vm` gives each run a machine. */
    sandbox: SandboxRuntime.optional(),
    vm: VmOptions.optional(),
    /** Sidecar services every run of the track gets (see services.ts). */
    services: ServiceDecls.optional(),
    scoring: z.strictObject({ mode: ScoringMode.default("stages") }).optional(),
  })
  .superRefine(checkSandbox);
export type TrackManifest = z.infer<typeof TrackManifest>;

export const StageMetricSpec = z.strictObject({
  name: z.string().min(1),
  unit: z.string().min(1),
  better: z.enum(["lower", "higher"]),
});

export const StageManifest = z
  .strictObject({
    /** Optional: the folder (NN-<slug>) names the stage; when given it must match. */
    slug: Slug.optional(),
    title: z.string().min(1).max(120),
    difficulty: z.enum(["very-easy", "easy", "medium", "hard"]).default("easy"),
    points: z.number().int().min(0).max(10_000).default(100),
    limits: LimitsOverride.optional(),
    metric: StageMetricSpec.optional(),
    /** `vm` runs the whole run (every stage of it) in a machine of its own. */
    sandbox: SandboxRuntime.optional(),
    vm: VmOptions.optional(),
    /** Sidecar services a run that includes this stage gets, beside the track's. */
    services: ServiceDecls.optional(),
  })
  .superRefine(checkSandbox);
export type StageManifest = z.infer<typeof StageManifest>;

/** A participant repo's bsod.yml. */
export const RepoManifest = z.strictObject({
  language: z.string().min(1),
  build: z.string().min(1).nullable().optional(),
  run: z.string().min(1).optional(),
});
export type RepoManifest = z.infer<typeof RepoManifest>;

/** A track as the api stores it: manifest plus its ordered stages (README text included). */
export interface LoadedTrack {
  manifest: TrackManifest;
  dir: string;
  /** The slug is always known here: stage.yaml's, or else the folder's. */
  stages: Array<StageManifest & { slug: string; dir: string; readme: string; position: number }>;
}
