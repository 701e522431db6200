// Every organizer action lands in the audit log — who, what, when — which organizers (and only
// they) read through the api; on SQLite and on Postgres.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASE_KINDS } from "../databases.ts";
import { type InProcessApi, inProcessApi } from "../in-process.ts";

describe.each(DATABASE_KINDS)("the audit log on %s", (kind) => {
  let api: InProcessApi;
  let admin: string;
  let alice: string;
  const call = async (method: string, route: string, token: string, body?: unknown) => {
    const res = await api.fetch(`/api/v1${route}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  const tokenOf = async (username: string, password: string, signup = false) => {
    const res = await api.fetch(`/api/v1/auth/${signup ? "signup" : "login"}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username, password, token: { name: "test" } }),
    });
    return ((await res.json()) as { token: { secret: string } }).token.secret;
  };

  beforeAll(async () => {
    api = await inProcessApi({ kind });
    const password = fs.readFileSync(path.join(api.dataDir, "organizer-password"), "utf8").trim();
    admin = await tokenOf("admin", password);
    alice = await tokenOf("alice", "correct horse battery", true);
  });
  afterAll(async () => api?.stop());

  it("records who did what to which jam, and when, newest first", async () => {
    const before = Date.now();
    const now = Date.now();
    const created = await call("POST", "/admin/jams", admin, {
      slug: "night-jam",
      track: "hello",
      title: "Night jam",
      startsAt: now - 2 * 3600_000,
      freezeAt: now - 3600_000,
      endsAt: now + 3600_000,
    });
    expect(created.status).toBe(201);
    expect((await call("PATCH", "/admin/jams/night-jam", admin, { title: "Night Jam" })).status).toBe(200);
    expect((await call("POST", "/admin/jams/night-jam/publish", admin)).status).toBe(200);
    expect((await call("POST", "/admin/jams/night-jam/pause", admin)).status).toBe(200);
    expect((await call("POST", "/admin/jams/night-jam/resume", admin)).status).toBe(200);
    expect((await call("POST", "/admin/jams/night-jam/reveal", admin)).status).toBe(200);
    expect((await call("POST", "/admin/jams/night-jam/rejudge", admin, { stage: "hello-world" })).status).toBe(202);
    expect((await call("POST", "/admin/jams/night-jam/announcements", admin, { body: "pizza's here" })).status).toBe(
      201,
    );
    expect((await call("POST", "/jams/night-jam/enroll", alice, { language: "python" })).status).toBe(201);
    expect((await call("POST", "/admin/jams/night-jam/participants/alice/hide", admin, { hidden: true })).status).toBe(
      200,
    );
    expect((await call("POST", "/admin/users/alice/role", admin, { role: "organizer" })).status).toBe(200);

    const { status, body } = await call("GET", "/admin/audit", admin);
    expect(status).toBe(200);
    const entries = body.entries as Array<{
      at: number;
      actor: { username: string };
      action: string;
      jam: string | null;
      target: string | null;
      details: Record<string, unknown>;
    }>;
    expect(entries.map((e) => e.action)).toEqual([
      "user.role",
      "participant.hide",
      "announcement.create",
      "jam.rejudge",
      "jam.reveal",
      "jam.resume",
      "jam.pause",
      "jam.publish",
      "jam.update",
      "jam.create",
    ]);
    for (const e of entries) {
      expect(e.actor.username).toBe("admin");
      expect(e.at).toBeGreaterThanOrEqual(before);
      expect(e.at).toBeLessThanOrEqual(Date.now());
    }
    const by = (action: string) => entries.find((e) => e.action === action)!;
    expect(by("jam.update")).toMatchObject({ jam: "night-jam", details: { changed: { title: "Night Jam" } } });
    expect(by("jam.rejudge")).toMatchObject({ target: "hello-world", details: { requeued: 0 } });
    expect(by("announcement.create").details.body).toBe("pizza's here");
    expect(by("participant.hide")).toMatchObject({ jam: "night-jam", target: "alice" });
    expect(by("user.role")).toMatchObject({
      jam: null,
      target: "alice",
      details: { from: "participant", to: "organizer" },
    });

    const ofJam = await call("GET", "/admin/audit?jam=night-jam&limit=3", admin);
    expect(ofJam.body.entries.map((e: { action: string }) => e.action)).toEqual([
      "participant.hide",
      "announcement.create",
      "jam.rejudge",
    ]);
  });

  it("is for organizers only, and refuses what it cannot record", async () => {
    const bob = await tokenOf("bob", "correct horse battery", true);
    expect((await call("GET", "/admin/audit", bob)).status).toBe(403);
    expect((await call("POST", "/admin/users/bob/role", bob, { role: "organizer" })).status).toBe(403);
    expect((await call("POST", "/admin/users/nobody/role", admin, { role: "organizer" })).status).toBe(404);
    const self = await call("POST", "/admin/users/admin/role", admin, { role: "participant" });
    expect(self.status).toBe(409);
    const entries = (await call("GET", "/admin/audit", admin)).body.entries as Array<{ target: string | null }>;
    expect(entries.some((e) => e.target === "bob" || e.target === "nobody" || e.target === "admin")).toBe(false);
  });
});
