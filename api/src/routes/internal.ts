// Routes only the api's own git hooks call, authenticated by a per-process secret.
// post-receive: turns a push into a submission and streams its run back into the push.
import { formatRunEvent, type RunResult } from "@bsod/contracts";
import { Hono } from "hono";
import { streamText } from "hono/streaming";
import { z } from "zod";
import type { AppEnv, Deps } from "../app-env.ts";
import type { Jam } from "../db/tables/jams.ts";
import { ApiError } from "../errors.ts";
import type { RepoStore } from "../git/repos.ts";
import { jsonBody } from "../http/json-body.ts";
import { policy } from "../http/route-policy.ts";
import { enrollment } from "../jams/jams.ts";
import { followRunEvents } from "../streams/run-events.ts";
import { jamClosed, overQuota, resolveCommands, treeTooBig, waitingSlotFree } from "../submissions/admission.ts";
import { abandonPushIntent, clearPushIntent, notePushIntent, recordPush } from "../submissions/pushes.ts";
import { trackStages } from "../tracks/stages.ts";

const ZERO = /^0+$/;
const GRADED_REF = "refs/heads/main";

const HookBody = z.object({
  hook: z.string(),
  userId: z.string(),
  jamId: z.string(),
  /** Where the pusher reached the server (PUBLIC_URL or the push's Host), for the links. */
  publicUrl: z.string().url().optional(),
  /** `git push -o …`: "nocolor" gives plain output. */
  pushOptions: z.array(z.string().max(200)).max(32).default([]),
  updates: z
    .array(
      z.object({
        old: z.string(),
        new: z.string(),
        ref: z.string(),
        files: z.number().int().optional(),
        bytes: z.number().int().optional(),
        /** The hook stopped counting past a limit: files and bytes are lower bounds. */
        partial: z.boolean().optional(),
        /** The commit's bsod.yml, when it has one (read by the hook from git's quarantine). */
        manifest: z
          .string()
          .max(64 * 1024)
          .optional(),
      }),
    )
    .max(100),
  /** Pre-receive: bytes on disk of every object a ref reaches once the push is applied. */
  storedBytes: z.number().int().optional(),
});

export function internalRoutes(repos: RepoStore) {
  const app = new Hono<AppEnv>();
  // Runs before any ref moves: a refusal here leaves the repository exactly as it was.
  app.post("/git/pre-receive", policy({ access: "hook" }), async (c) => {
    const deps = c.var.deps;
    const body = HookBody.parse(await jsonBody(c));
    const jam = await deps.db.selectFrom("jams").selectAll().where("id", "=", body.jamId).executeTakeFirst();
    const refuse = (reason: string) => c.text(`bsod: push refused: ${reason}\n`, 403);
    if (!jam) return refuse("this repository is not part of a jam");
    const closed = jamClosed(jam);
    if (closed) return refuse(closed.message);
    const enr = await enrollment(deps.db, jam.id, body.userId);
    if (!enr) return refuse("this repository is not enrolled in the jam");
    const moves = body.updates.filter((u) => !ZERO.test(u.new));
    for (const u of moves) {
      const tooBig = treeTooBig(deps, u.ref, u);
      if (tooBig) return refuse(tooBig.message);
    }
    if (moves.length > 0) {
      const full = overQuota(deps, body.storedBytes);
      if (full) return refuse(full.message);
    }
    for (const u of moves) {
      if (u.ref !== GRADED_REF) continue;
      try {
        resolveCommands(deps, jam, enr.language, u.manifest);
      } catch (err) {
        if (err instanceof ApiError) return refuse(err.message);
        throw err;
      }
      const full = await waitingSlotFree(deps, body.userId);
      if (full) return refuse(full.message);
    }
    // Written before git moves the ref: if the api dies before post-receive records the push,
    // the reconciler records it from the repository.
    for (const u of body.updates) {
      if (u.ref === GRADED_REF && !ZERO.test(u.new))
        await notePushIntent(c.var.deps, jam.id, body.userId, u.new, u.ref);
    }
    return c.text("");
  });

  app.post("/git/post-receive", policy({ access: "hook" }), async (c) => {
    const deps = c.var.deps;
    const body = HookBody.parse(await jsonBody(c));
    return streamText(c, async (out) => {
      const say = (line: string) => out.write(`${line}\n`);
      for (const u of body.updates) {
        if (ZERO.test(u.new)) continue;
        if (u.ref !== GRADED_REF) {
          await say(`bsod: ${u.ref.replace("refs/heads/", "")} saved; only pushes to main are graded`);
          continue;
        }
        const view = { base: body.publicUrl ?? deps.publicUrl(), color: !body.pushOptions.includes("nocolor") };
        let done = false;
        try {
          done = await gradePush(
            deps,
            repos,
            body.userId,
            body.jamId,
            u.new,
            u.ref,
            say,
            c.req.raw.signal,
            view,
            c.var.requestId,
          );
        } finally {
          // A push git accepted that could not be recorded (the database is away) keeps its
          // intent: the reconciler records it once the database is back.
          if (done) await clearPushIntent(deps, body.jamId, body.userId, u.new);
          else abandonPushIntent(deps, body.jamId, body.userId, u.new);
        }
      }
    });
  });
  return app;
}

async function gradePush(
  deps: Deps,
  repos: RepoStore,
  userId: string,
  jamId: string,
  sha: string,
  ref: string,
  say: (line: string) => Promise<unknown>,
  signal: AbortSignal,
  view: { base: string; color: boolean },
  requestId: string,
): Promise<boolean> {
  const user = await deps.db.selectFrom("users").selectAll().where("id", "=", userId).executeTakeFirst();
  const jam = await deps.db.selectFrom("jams").selectAll().where("id", "=", jamId).executeTakeFirst();
  const enr = user && jam ? await enrollment(deps.db, jam.id, user.id) : undefined;
  if (!user || !jam || !enr) {
    await say("bsod: this repository is not enrolled in a jam; nothing was graded");
    return true;
  }
  const closed = jamClosed(jam);
  if (closed) {
    await say(`bsod: not graded: ${closed.message}`);
    return true;
  }
  let subId: string;
  try {
    const sub = await recordPush(deps, repos, { user, jam, language: enr.language, sha, ref, requestId });
    subId = sub.id;
  } catch (err) {
    if (err instanceof ApiError) {
      await say(`bsod: not graded: ${err.message}`);
      return true;
    }
    deps.logger.error({ err }, "accepting a push failed");
    await say("bsod: your push is saved; the grading server will grade it as soon as it can");
    return false;
  }
  const runUrl = `${view.base}/runs/${subId}`;
  await say(`bsod: grading ${sha.slice(0, 7)} (${subId}) — live at ${runUrl}`);

  const timeout = AbortSignal.timeout(Math.max(deps.config.pushWaitMs, 1));
  const both = AbortSignal.any([signal, timeout]);
  let finished = false;
  let lastStatus: RunResult | undefined;
  for await (const ev of followRunEvents(deps.runs, subId, { signal: both })) {
    for (const line of formatRunEvent(ev, { color: view.color })) await say(line);
    if (ev.type === "run.finished") {
      finished = true;
      lastStatus = ev.result;
    }
  }
  if (finished) {
    for (const line of await whatNext(deps, jam, user.id, lastStatus, view.base)) await say(line);
    await say(`bsod: details at ${runUrl}`);
  } else await say(`bsod: still grading; follow it with \`bsod logs --follow ${subId}\` or at ${runUrl}`);
  return true;
}

/** After a run: where to go next (the next stage to read, or the failing stage to fix). */
async function whatNext(
  deps: Deps,
  jam: Jam,
  userId: string,
  result: RunResult | undefined,
  base: string,
): Promise<string[]> {
  const stages = await trackStages(deps.db, jam.track_slug);
  const stageUrl = (slug: string) => `${base}/jams/${jam.slug}/stages/${slug}`;
  const failed = result?.stages.find((s) => s.status !== "passed");
  if (failed) {
    const st = stages.find((s) => s.slug === failed.slug);
    return [
      `bsod: fix stage ${st?.position ?? "?"} (${st?.title ?? failed.slug}): read it with \`bsod next\` or at ${stageUrl(failed.slug)}`,
    ];
  }
  const done = new Set(
    (
      await deps.db
        .selectFrom("stage_completions")
        .select("stage_slug")
        .where("jam_id", "=", jam.id)
        .where("user_id", "=", userId)
        .execute()
    ).map((r) => r.stage_slug),
  );
  const next = stages.find((s) => !done.has(s.slug) && !result?.stages.some((r) => r.slug === s.slug));
  if (!next) return [`bsod: every stage of ${jam.title} passed — well done`];
  return [`bsod: next: stage ${next.position}, ${next.title} — \`bsod next\` or ${stageUrl(next.slug)}`];
}
