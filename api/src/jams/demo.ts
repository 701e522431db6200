// Seeds the first organizer account (always: a deployment needs one to sign in with) and, with
// BSOD_DEMO, an open demo jam, so a fresh start has something to play with.
import crypto from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { newId } from "@bsod/contracts";
import type { Deps } from "../app-env.ts";
import { createUser } from "../auth/users.ts";

export const DEMO_JAM_SLUG = "hello-demo";
const DAY = 24 * 3600 * 1000;

export async function seedDemo(
  deps: Deps,
  opts: { jam: boolean },
): Promise<{ username: string; password: string; jamSlug: string | null }> {
  const passwordFile = path.join(deps.config.dataDir, "organizer-password");
  let password = await fs
    .readFile(passwordFile, "utf8")
    .then((s) => s.trim())
    .catch(() => "");
  const admin = await deps.db.selectFrom("users").select("id").where("username", "=", "admin").executeTakeFirst();
  if (!admin) {
    password = crypto.randomBytes(12).toString("base64url");
    await createUser(deps.db, { username: "admin", password, displayName: "Organizer", role: "organizer" });
    await fs.mkdir(deps.config.dataDir, { recursive: true });
    await fs.writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
  }
  let jamSlug: string | null = null;
  if (opts.jam && deps.tracks.get("hello")) {
    jamSlug = DEMO_JAM_SLUG;
    const now = Date.now();
    await deps.db
      .insertInto("jams")
      .values({
        id: newId("jam"),
        slug: DEMO_JAM_SLUG,
        track_slug: "hello",
        title: "Hello, BSOD — demo jam",
        description: "A two-stage warm-up to try the whole loop: push, watch the run, climb the board.",
        state: "published",
        paused: 0,
        registration_opens_at: null,
        starts_at: now - DAY,
        ends_at: now + 365 * DAY,
        freeze_at: null,
        revealed_at: null,
        late_registration: 1,
        unlock: JSON.stringify({ mode: "all" }),
        scoring_mode: "stages",
        scoring_options: "{}",
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) => oc.column("slug").doNothing())
      .execute();
  }
  return { username: "admin", password: password || "(see organizer-password in the data dir)", jamSlug };
}
