// Every route of the app declares who may call it (policy() beside the route), and the app keeps
// to it: each route is called as anonymous, participant A, participant B, a hidden participant,
// an organizer and A's git-only token, and allowed or refused as its policy says. A route that
// declares nothing fails here.

import fs from "node:fs";
import path from "node:path";
import { newId } from "@bsod/contracts";
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { declaredRoutes, policy, type RoutePolicy } from "../../src/http/route-policy.ts";
import { type InProcessApi, inProcessApi } from "../in-process.ts";
import { countedSubmission } from "../results.ts";

type Who = "anonymous" | "git" | "B" | "hidden" | "organizer" | "A";
/** A last: its own calls (revoking its spare token) may change what it owns. */
const EVERYONE: Who[] = ["anonymous", "git", "B", "hidden", "organizer", "A"];

let api: InProcessApi;
const creds = {} as Record<Who, Record<string, string>>;
let aSubmission: string;
let aSpareToken: string;

async function tokenFor(username: string, password: string, signup: boolean): Promise<string> {
  const res = await api.fetch(`/api/v1/auth/${signup ? "signup" : "login"}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password, token: { name: "policy test" } }),
  });
  if (!res.ok) throw new Error(`${username}: ${await res.text()}`);
  return ((await res.json()) as { token: { secret: string } }).token.secret;
}

async function post(route: string, token: string, body: unknown) {
  const res = await api.fetch(`/api/v1${route}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${route}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<any>;
}

beforeAll(async () => {
  api = await inProcessApi();
  const password = fs.readFileSync(path.join(api.dataDir, "organizer-password"), "utf8").trim();
  const org = await tokenFor("admin", password, false);
  const tokens: Record<string, string> = { organizer: org };
  for (const who of ["alice", "bob", "hilda"]) tokens[who] = await tokenFor(who, "correct horse battery", true);
  let gitToken = "";
  for (const [who, t] of Object.entries(tokens)) {
    const enrolled = await post("/jams/hello-demo/enroll", t, { language: "python" });
    if (who === "alice") gitToken = enrolled.gitToken.secret;
  }
  await post("/admin/jams/hello-demo/participants/hilda/hide", org, { hidden: true });
  aSpareToken = (await post("/auth/tokens", tokens.alice!, { name: "spare" })).token.id;
  const alice = await api.deps.db
    .selectFrom("users")
    .select("id")
    .where("username", "=", "alice")
    .executeTakeFirstOrThrow();
  const jam = await api.deps.db
    .selectFrom("jams")
    .select("id")
    .where("slug", "=", "hello-demo")
    .executeTakeFirstOrThrow();
  aSubmission = newId("sub");
  await api.deps.db
    .insertInto("submissions")
    .values(countedSubmission(jam.id, alice.id, Date.now(), ["hello-world"], aSubmission))
    .execute();
  const bearer = (t: string) => ({ authorization: `Bearer ${t}` });
  creds.anonymous = {};
  creds.A = bearer(tokens.alice!);
  creds.B = bearer(tokens.bob!);
  creds.hidden = bearer(tokens.hilda!);
  creds.organizer = bearer(org);
  // A git token is sent the way git sends it; on the api it is a bearer token like any other.
  creds.git = { authorization: `Basic ${Buffer.from(`alice:${gitToken}`).toString("base64")}`, "x-bearer": gitToken };
});
afterAll(async () => api?.stop());

/** A concrete URL for a route pattern: A's things wherever the path names one. */
function urlFor(pattern: string): string {
  const filled = pattern
    .replace(":slug", "hello-demo")
    .replace(":stage", "hello-world")
    .replace(":username", "alice")
    .replace(":user", "alice")
    .replace(":repo", "hello-demo.git")
    .replace(":id", pattern.startsWith("/api/v1/auth/tokens") ? aSpareToken : aSubmission);
  if (filled.startsWith("/git/alice/hello-demo.git/"))
    return filled.replace(/\*$/, "info/refs?service=git-upload-pack");
  return filled.replace(/\*$/, "no-such-page");
}

/** Whether the policy lets `who` through. */
function allowed(p: RoutePolicy, who: Who, url: string): boolean {
  if (p.access === "hook") return false; // only the api's own hooks hold the secret
  if (p.access === "git") return who === "git";
  if (who === "git" && url.startsWith("/api/v1/")) return false; // a git-only token is no api token
  if (p.access === "user" && (who === "anonymous" || who === "git")) return false;
  if (p.access === "organizer" && who !== "organizer") return false;
  if (p.resource === "owner") return who === "A";
  if (p.resource === "owner-or-organizer") return who === "A" || who === "organizer";
  return true;
}

async function call(method: string, url: string, who: Who): Promise<number> {
  const { "x-bearer": gitBearer, ...headers } = creds[who];
  const h: Record<string, string> = { ...headers };
  if (who === "git" && url.startsWith("/api/v1/")) h.authorization = `Bearer ${gitBearer}`;
  const write = method !== "GET" && method !== "HEAD";
  if (write) h["content-type"] = "application/json";
  const res = await api.fetch(url, { method, headers: h, body: write ? "{}" : undefined });
  await res.body?.cancel(); // event streams and backups: the status is all we need
  return res.status;
}

describe("the route policy", () => {
  it("is declared by every route in the table", () => {
    const routes = declaredRoutes(api.app);
    expect(routes.length).toBeGreaterThan(40);
    expect(routes.filter((r) => !r.policy).map((r) => `${r.method} ${r.path}`)).toEqual([]);
  });

  it("finds a route that declares none", () => {
    const app = new Hono();
    app.use(async function middleware(_c, next) {
      await next();
    });
    app.get("/declared", policy({ access: "anyone" }), (c) => c.text("ok"));
    app.post("/forgotten", (c) => c.text("oops"));
    const missing = declaredRoutes(app).filter((r) => !r.policy);
    expect(missing.map((r) => `${r.method} ${r.path}`)).toEqual(["POST /forgotten"]);
  });

  it("is what every route does for each kind of caller", async () => {
    const wrong: string[] = [];
    let calls = 0;
    for (const route of declaredRoutes(api.app)) {
      const method = route.method === "ALL" ? "GET" : route.method;
      const url = urlFor(route.path);
      for (const who of EVERYONE) {
        const status = await call(method, url, who);
        calls++;
        const denied = status === 401 || status === 403 || (route.policy?.resource !== undefined && status === 404);
        const expected = allowed(route.policy!, who, url);
        if (expected === denied) {
          wrong.push(`${method} ${route.path} as ${who}: ${status}, expected ${expected ? "allowed" : "refused"}`);
        }
        if (status >= 500) wrong.push(`${method} ${route.path} as ${who}: ${status}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(calls).toBeGreaterThan(240);
  });
});
