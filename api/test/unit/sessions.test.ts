// Browser sessions live in a cookie only (never in a JSON answer), carry the api scope only,
// expire, and are replaced at each login; personal tokens expire, are listed and revoked, and a
// revoked token fails on the very next request.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SESSION_TTL_MS } from "../../src/auth/tokens.ts";
import { type InProcessApi, inProcessApi } from "../in-process.ts";

let api: InProcessApi;
beforeAll(async () => {
  api = await inProcessApi();
});
afterAll(async () => api?.stop());

const json = (body: unknown, headers: Record<string, string> = {}) => ({
  method: "POST",
  headers: { "content-type": "application/json", ...headers },
  body: JSON.stringify(body),
});

/** The bsod_session value a response set. */
function sessionOf(res: Response): string {
  const m = /bsod_session=([^;]*)/.exec(res.headers.get("set-cookie") ?? "");
  if (!m?.[1]) throw new Error(`no session cookie in ${res.headers.get("set-cookie")}`);
  return m[1];
}

const me = (headers: Record<string, string>) => api.fetch("/api/v1/auth/me", { headers });
const withCookie = (session: string) => ({ cookie: `bsod_session=${session}` });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const gitAuth = (token: string) => ({ authorization: `Basic ${Buffer.from(`x:${token}`).toString("base64")}` });

describe("browser sessions", () => {
  let session: string;

  it("are a cookie only: the sign-up answer carries no secret", async () => {
    const res = await api.fetch("/api/v1/auth/signup", json({ username: "alice", password: "correct horse battery" }));
    expect(res.status).toBe(201);
    const text = await res.text();
    session = sessionOf(res);
    expect(text).not.toContain(session);
    expect(text).not.toMatch(/bsod_pat_|secret/);
    expect(res.headers.get("set-cookie")).toMatch(new RegExp(`Max-Age=${SESSION_TTL_MS / 1000}`));
    expect((await me(withCookie(session))).status).toBe(200);
  });

  it("carry the api scope only: a session is no git password", async () => {
    await api.fetch("/api/v1/jams/hello-demo/enroll", json({ language: "python" }, withCookie(session)));
    const res = await api.fetch("/git/alice/hello-demo.git/info/refs?service=git-upload-pack", {
      headers: gitAuth(session),
    });
    expect(res.status).toBe(401);
  });

  it("are replaced at each login: the old session stops working", async () => {
    const res = await api.fetch(
      "/api/v1/auth/login",
      json({ username: "alice", password: "correct horse battery" }, withCookie(session)),
    );
    expect(res.status).toBe(200);
    expect(await res.text()).not.toMatch(/bsod_pat_|secret/);
    const fresh = sessionOf(res);
    expect(fresh).not.toBe(session);
    expect((await me(withCookie(session))).status).toBe(401);
    expect((await me(withCookie(fresh))).status).toBe(200);
    session = fresh;
  });

  it("expire", async () => {
    await api.deps.db
      .updateTable("tokens")
      .set({ expires_at: Date.now() - 1 })
      .where("kind", "=", "session")
      .execute();
    expect((await me(withCookie(session))).status).toBe(401);
  });
});

describe("personal tokens", () => {
  let cli: string;

  it("are what a client that asks for one gets (the CLI's login), api scope by default, expiring", async () => {
    const res = await api.fetch(
      "/api/v1/auth/login",
      json({ username: "alice", password: "correct horse battery", tokenName: "bsod cli" }),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("set-cookie")).toBeNull();
    const body = (await res.json()) as { token: { secret: string; expiresAt: number } };
    cli = body.token.secret;
    expect(body.token.expiresAt).toBeGreaterThan(Date.now() + 80 * 24 * 3600_000);
    expect((await me(bearer(cli))).status).toBe(200);
  });

  it("are listed without their secrets, with kind, scopes and expiry", async () => {
    const res = await api.fetch("/api/v1/auth/tokens", { headers: bearer(cli) });
    const text = await res.text();
    expect(text).not.toContain(cli);
    const { tokens } = JSON.parse(text) as { tokens: Array<Record<string, unknown>> };
    expect(tokens.find((t) => t.name === "bsod cli")).toMatchObject({
      kind: "personal",
      scopes: ["api"],
      active: true,
      revokedAt: null,
    });
    expect(tokens.filter((t) => t.kind === "session").every((t) => t.active === false)).toBe(true);
  });

  it("fail at once when revoked: the api and git refuse the very next request", async () => {
    const made = await api.fetch(
      "/api/v1/auth/tokens",
      json({ name: "git: hello-demo", scopes: ["git"], expiresInDays: 7 }, bearer(cli)),
    );
    expect(made.status).toBe(201);
    const git = ((await made.json()) as { token: { id: string; secret: string } }).token;
    const refs = () =>
      api.fetch("/git/alice/hello-demo.git/info/refs?service=git-upload-pack", { headers: gitAuth(git.secret) });
    expect((await refs()).status).toBe(200);
    expect((await me(bearer(git.secret))).status).toBe(401); // a git token is no api token

    const other = await api.fetch(
      "/api/v1/auth/login",
      json({ username: "alice", password: "correct horse battery", tokenName: "spare" }),
    );
    const spare = ((await other.json()) as { token: { id: string; secret: string } }).token;
    expect((await me(bearer(spare.secret))).status).toBe(200);

    for (const t of [git, spare]) {
      const del = await api.fetch(`/api/v1/auth/tokens/${t.id}`, { method: "DELETE", headers: bearer(cli) });
      expect(del.status).toBe(204);
    }
    expect((await refs()).status).toBe(401);
    expect((await me(bearer(spare.secret))).status).toBe(401);
    expect((await me(bearer(cli))).status).toBe(200);
  });

  it("cannot be revoked by someone else", async () => {
    const bob = await api.fetch(
      "/api/v1/auth/signup",
      json({ username: "bob", password: "correct horse battery", token: { name: "t" } }),
    );
    const bobToken = ((await bob.json()) as { token: { secret: string } }).token.secret;
    const mine = (await (await api.fetch("/api/v1/auth/tokens", { headers: bearer(cli) })).json()) as {
      tokens: Array<{ id: string; name: string }>;
    };
    const target = mine.tokens.find((t) => t.name === "bsod cli")!;
    const res = await api.fetch(`/api/v1/auth/tokens/${target.id}`, { method: "DELETE", headers: bearer(bobToken) });
    expect(res.status).toBe(404);
    expect((await me(bearer(cli))).status).toBe(200);
  });
});
