// The one home of the rules that decide whether a run is accepted: the jam's phase and pause,
// the file and byte limits of a source tree, the languages the jam offers, the runs a
// participant may have waiting and the bytes their sources may hold in Redis. The pre-receive
// hook, the post-receive push and `bsod test` all ask here, so a rule cannot hold on one path
// and be missed on another.
import { languageSpec, RepoManifest, redisKeys } from "@bsod/contracts";
import { PostgresAdapter, type Transaction } from "kysely";
import { parse as parseYaml } from "yaml";
import type { Deps } from "../app-env.ts";
import type { Database, DbOrTx } from "../db/schema.ts";
import type { Jam } from "../db/tables/jams.ts";
import { ApiError, type ApiErrorCode } from "../errors.ts";
import { phaseOf } from "../jams/schedule.ts";
import { redisMemory } from "./redis-memory.ts";

/** Files one source tree may hold. */
export const MAX_FILES = 5_000;

/** Share of Redis's maxmemory that source blobs may fill; the rest stays for queues and streams. */
const BLOB_SHARE_OF_REDIS = 0.6;

export interface Refusal {
  code: ApiErrorCode;
  message: string;
}

function refused(r: Refusal | undefined): void {
  if (r) throw new ApiError(r);
}

/** Why the jam takes no runs now (not started, finished, paused), or undefined when it does. */
export function jamClosed(jam: Jam, now = Date.now()): Refusal | undefined {
  const phase = phaseOf(jam, now);
  if (phase === "finished") {
    return {
      code: "conflict",
      message: `${jam.title} closed on ${new Date(jam.ends_at).toISOString()}; pushes are no longer accepted`,
    };
  }
  if (phase === "draft" || phase === "registration") {
    return {
      code: "conflict",
      message: `${jam.title} starts on ${new Date(jam.starts_at).toISOString()}; push again then`,
    };
  }
  if (jam.paused)
    return { code: "conflict", message: `${jam.title} is paused by the organizers; push again when it resumes` };
  return undefined;
}

/** Why a source tree is too big (`what` names it: a ref, "the upload"), or undefined. */
export function treeTooBig(
  deps: Pick<Deps, "config">,
  what: string,
  tree: { files?: number | undefined; bytes?: number | undefined; partial?: boolean | undefined },
): Refusal | undefined {
  const atLeast = tree.partial ? "more than " : "";
  if (tree.files === undefined || tree.bytes === undefined) {
    // Fail closed: a tree that could not be measured is not let through.
    return { code: "payload_too_large", message: `${what} could not be measured; it is refused` };
  }
  if (tree.files > MAX_FILES) {
    return {
      code: "payload_too_large",
      message: `${what} has ${atLeast}${tree.files} files; the limit is ${MAX_FILES}`,
    };
  }
  if (tree.bytes > deps.config.maxSourceBytes) {
    return {
      code: "payload_too_large",
      message: `${what} holds ${atLeast}${tree.bytes} bytes of files; the limit is ${deps.config.maxSourceBytes}`,
    };
  }
  return undefined;
}

/** Why a repository may not grow to `storedBytes` (its quota counts every ref), or undefined. */
export function overQuota(deps: Pick<Deps, "config">, storedBytes: number | undefined): Refusal | undefined {
  const quota = deps.config.repoQuotaBytes;
  if (storedBytes !== undefined && storedBytes <= quota) return undefined;
  return {
    code: "payload_too_large",
    message:
      storedBytes === undefined
        ? "the repository's size could not be measured; the push is refused"
        : `the repository would hold ${storedBytes} bytes over all its branches; the quota is ${quota}; delete branches you no longer need (git push origin --delete <branch>)`,
  };
}

export interface Commands {
  language: string;
  image: string;
  build: string | null;
  run: string;
}

/**
 * Build and run commands from bsod.yml over the language defaults, in a language the jam offers;
 * a clear refusal when the file is invalid or names a language the jam does not offer.
 */
export function resolveCommands(
  deps: Pick<Deps, "tracks">,
  jam: Jam,
  language: string,
  manifestText: string | undefined,
): Commands {
  let manifest: RepoManifest = { language };
  if (manifestText !== undefined) {
    let raw: unknown;
    try {
      raw = parseYaml(manifestText);
    } catch (err) {
      throw new ApiError({
        code: "bad_request",
        message: `bsod.yml is not valid YAML: ${(err as Error).message.split("\n")[0]}`,
      });
    }
    const parsed = RepoManifest.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ApiError({
        code: "bad_request",
        message: `bsod.yml: ${issue?.path.join(".") || "file"}: ${issue?.message}`,
      });
    }
    manifest = parsed.data;
  }
  const spec = languageSpec(manifest.language);
  const offered = deps.tracks.get(jam.track_slug)?.track.manifest.languages ?? [];
  if (!spec || !offered.includes(spec.id)) {
    throw new ApiError({
      code: "bad_request",
      message: `bsod.yml: language '${manifest.language}' is not offered in ${jam.title}; use one of: ${offered.join(", ")}`,
    });
  }
  return {
    language: spec.id,
    image: spec.image,
    build: manifest.build === undefined ? spec.build : manifest.build,
    run: manifest.run ?? spec.run,
  };
}

/** The participant's runs still waiting for a verdict (any jam), other than `except`. */
export async function waitingRuns(db: DbOrTx, userId: string, except?: string): Promise<number> {
  let q = db
    .selectFrom("submissions")
    .select(db.fn.countAll<number>().as("n"))
    .where("user_id", "=", userId)
    .where("status", "in", ["queued", "running"]);
  if (except) q = q.where("id", "!=", except);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

export function tooManyWaiting(limit: number): string {
  return `${limit} of your runs are still waiting to be graded (the limit); push again when one has finished`;
}

/** A quick look, without holding anything: does the participant have a waiting slot left? */
export async function waitingSlotFree(deps: Pick<Deps, "db" | "config">, userId: string): Promise<Refusal | undefined> {
  if ((await waitingRuns(deps.db, userId)) < deps.config.maxWaitingRuns) return undefined;
  return { code: "too_many_requests", message: tooManyWaiting(deps.config.maxWaitingRuns) };
}

/** Why the source cannot be stored now (participant's budget, or Redis nearly full), or undefined. */
async function blobRoom(
  deps: Pick<Deps, "db" | "redis" | "config">,
  tx: DbOrTx,
  userId: string,
  bytes: number,
): Promise<Refusal | undefined> {
  const waiting = await tx
    .selectFrom("submissions")
    .select("id")
    .where("user_id", "=", userId)
    .where("status", "in", ["queued", "running"])
    .execute();
  let held = 0;
  for (const w of waiting) held += await deps.redis.strlen(redisKeys.sourceBlob(w.id));
  const budget = deps.config.maxQueuedSourceBytes;
  if (held + bytes > budget) {
    return {
      code: "too_many_requests",
      message: `your waiting runs hold ${held} bytes of source and this one ${bytes}; the limit is ${budget} per participant; push again when one has finished`,
    };
  }
  const mem = await redisMemory(deps.redis);
  if (mem.maxBytes > 0 && mem.usedBytes + bytes > mem.maxBytes * BLOB_SHARE_OF_REDIS) {
    return {
      code: "unavailable",
      message: "the grading queue is full right now; push again in a few minutes",
    };
  }
  return undefined;
}

/**
 * Admits one run atomically: under a lock on the participant, counts their waiting runs and the
 * bytes their sources hold, refuses past a limit, and otherwise calls `insert` (which writes the
 * submission row) before the lock is released — so concurrent requests cannot race past a limit.
 * Returns how many of the participant's runs were already waiting.
 */
export async function admitRun(
  deps: Pick<Deps, "db" | "redis" | "config">,
  userId: string,
  sourceBytes: number,
  insert: (tx: Transaction<Database>) => Promise<void>,
): Promise<number> {
  return deps.db.transaction().execute(async (tx) => {
    // SQLite runs one transaction at a time already; Postgres needs the participant's row locked.
    if (tx.getExecutor().adapter instanceof PostgresAdapter) {
      await tx.selectFrom("users").select("id").where("id", "=", userId).forUpdate().execute();
    }
    const ahead = await waitingRuns(tx, userId);
    if (ahead >= deps.config.maxWaitingRuns) {
      throw new ApiError({ code: "too_many_requests", message: tooManyWaiting(deps.config.maxWaitingRuns) });
    }
    refused(await blobRoom(deps, tx, userId, sourceBytes));
    await insert(tx);
    return ahead;
  });
}

/** Throws the refusal, if any: for callers that answer with an ApiError. */
export function assertNot(r: Refusal | undefined): void {
  refused(r);
}
