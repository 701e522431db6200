// Accepting a submission: write the row, ship the source to Redis, then enqueue the job.
// The row is written first, so a crash before the enqueue is repaired by reconcile(), never lost.
import {
  type GradeJob,
  jobIds,
  type Limits,
  newId,
  redisKeys,
  runMachine,
  runServices,
  type ServiceSpec,
  sandboxLimits,
  VM_RUNNER_IMAGE,
  type VmSpec,
} from "@bsod/contracts";
import type { Deps } from "../app-env.ts";
import type { Jam } from "../db/tables/jams.ts";
import { runnerOf, type Submission, stagesOf, submissionColumns } from "../db/tables/submissions.ts";
import { ApiError } from "../errors.ts";
import { unlockedCount } from "../jams/schedule.ts";
import { appendRunEvent } from "../streams/run-events.ts";
import { trackStages } from "../tracks/stages.ts";
import { admitRun, resolveCommands } from "./admission.ts";
import { gradePriority } from "./fairness.ts";
import { SOURCE_TTL_S } from "./source.ts";

export interface SubmissionInput {
  jam: Jam;
  userId: string;
  language: string;
  commitSha: string;
  ref: string;
  source: Buffer;
  /** The repo's bsod.yml, if any. */
  manifest: string | undefined;
  counted: boolean;
  /** The request that accepted it: logged, and carried to the worker in the job. */
  requestId?: string;
}

/** The machine of a run of these stages (vm runtime), or undefined for a container. */
function jobMachine(deps: Deps, trackSlug: string, stages: string[]): VmSpec | undefined {
  const entry = deps.tracks.get(trackSlug);
  if (!entry) return undefined;
  return runMachine(
    entry.track.manifest,
    entry.track.stages.filter((s) => stages.includes(s.slug)),
  );
}

/** The sidecar services of a run of these stages (the track's and those stages'). */
function jobServices(deps: Deps, trackSlug: string, stages: string[]): ServiceSpec[] {
  const entry = deps.tracks.get(trackSlug);
  if (!entry) return [];
  return runServices(
    entry.track.manifest,
    entry.track.stages.filter((s) => stages.includes(s.slug)),
  );
}

function jobLimits(deps: Deps, trackSlug: string): Limits {
  const entry = deps.tracks.get(trackSlug);
  return sandboxLimits(
    entry?.track.manifest.limits,
    (entry?.track.stages ?? []).map((s) => s.limits),
  );
}

/** Every stage unlocked so far, in order: earlier stages are re-run so regressions count. */
export async function stagesToRun(deps: Deps, jam: Jam): Promise<string[]> {
  const rows = await trackStages(deps.db, jam.track_slug);
  return rows.slice(0, unlockedCount(jam, rows.length)).map((r) => r.slug);
}

export async function createSubmission(deps: Deps, input: SubmissionInput): Promise<Submission> {
  if (input.source.length > deps.config.maxSourceBytes) {
    throw new ApiError({
      code: "payload_too_large",
      message: `source is ${input.source.length} bytes; the limit is ${deps.config.maxSourceBytes}`,
    });
  }
  const commands = resolveCommands(deps, input.jam, input.language, input.manifest);
  const stages = await stagesToRun(deps, input.jam);
  if (stages.length === 0) throw new ApiError({ code: "conflict", message: "this jam has no stages unlocked yet" });

  const sub: Submission = {
    id: newId("sub"),
    jam_id: input.jam.id,
    user_id: input.userId,
    commit_sha: input.commitSha,
    ref: input.ref,
    language: commands.language,
    runner: submissionColumns.runner.encode({ image: commands.image, build: commands.build, run: commands.run }),
    status: "queued",
    stages: submissionColumns.stages.encode(stages),
    counted: input.counted ? 1 : 0,
    attempt: 1,
    judged_attempt: 0,
    result: null,
    failed_stage: null,
    created_at: Date.now(),
    finished_at: null,
  };
  const ahead = await admitRun(deps, input.userId, input.source.length, async (tx) => {
    await tx.insertInto("submissions").values(sub).execute();
    // Stored before the participant's lock is released, so the next admission counts its bytes.
    await deps.redis.set(redisKeys.sourceBlob(sub.id), input.source, "EX", SOURCE_TTL_S);
  });
  await enqueueGrading(deps, sub, input.jam, ahead, input.requestId);
  deps.logger.info(
    { submission: sub.id, requestId: input.requestId, user: sub.user_id, jam: input.jam.slug, commit: sub.commit_sha },
    "submission accepted",
  );
  return sub;
}

/** `ahead`: the participant's runs already waiting, when the caller has just counted them. */
export async function enqueueGrading(
  deps: Deps,
  sub: Submission,
  jam: Jam,
  ahead?: number,
  requestId?: string,
): Promise<void> {
  const commands = runnerOf(sub);
  const stages = stagesOf(sub);
  const vm = jobMachine(deps, jam.track_slug, stages);
  const services = jobServices(deps, jam.track_slug, stages);
  const job: GradeJob = {
    version: 1,
    submissionId: sub.id,
    attempt: sub.attempt,
    image: vm ? VM_RUNNER_IMAGE : commands.image,
    source: redisKeys.sourceBlob(sub.id),
    harness: await deps.tracks.ensureHarnessBlob(jam.track_slug),
    stages,
    limits: jobLimits(deps, jam.track_slug),
    build: commands.build,
    run: commands.run,
    seed: `${sub.id}`,
    ...(requestId ? { requestId } : {}),
    ...(vm ? { vm } : {}),
    ...(services.length ? { services } : {}),
  };
  await appendRunEvent(deps.redis, sub.id, { type: "run.queued", stages: job.stages });
  await deps.gradeQueue.add("grade", job, {
    jobId: jobIds.grade(sub.id, sub.attempt),
    priority: await gradePriority(deps.db, sub, ahead),
    attempts: 3,
    backoff: { type: "exponential", delay: 2_000 },
    removeOnComplete: { age: 24 * 3600, count: 10_000 },
    removeOnFail: { age: 7 * 24 * 3600 },
  });
}
