// Accounts and tokens. Signing up or logging in in a browser starts a session: an HttpOnly cookie
// holding an api-only token that expires (SESSION_TTL_MS) and is replaced at every login; the JSON
// answer carries no secret. A client that asks for a token (`token: {name}` — the CLI, scripts)
// gets a personal access token in the answer instead, and no cookie. Tokens are listed, made and
// revoked under /auth/tokens.
import { type Context, Hono } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { z } from "zod";
import type { AppEnv } from "../app-env.ts";
import { clientAddress } from "../auth/client-address.ts";
import { SESSION_COOKIE } from "../auth/middleware.ts";
import {
  DEFAULT_TOKEN_DAYS,
  daysMs,
  type IssuedToken,
  issueSession,
  issueToken,
  MAX_TOKEN_DAYS,
  revokeSecret,
  revokeToken,
  SESSION_TTL_MS,
  tokenView,
} from "../auth/tokens.ts";
import { checkPassword, createUser, publicUser } from "../auth/users.ts";
import type { User } from "../db/tables/users.ts";
import { ApiError } from "../errors.ts";
import { jsonBody } from "../http/json-body.ts";
import { policy } from "../http/route-policy.ts";

const TokenRequest = z.object({
  name: z.string().trim().min(1).max(80),
  scopes: z
    .array(z.enum(["api", "git"]))
    .min(1)
    .default(["api"]),
  expiresInDays: z.number().int().min(1).max(MAX_TOKEN_DAYS).default(DEFAULT_TOKEN_DAYS),
});
type TokenRequest = z.infer<typeof TokenRequest>;

const SignUp = z.object({
  username: z.string(),
  password: z.string(),
  displayName: z.string().max(80).optional(),
  token: TokenRequest.optional(),
});
const LogIn = z.object({
  username: z.string(),
  password: z.string(),
  token: TokenRequest.optional(),
  /** The older way for a client to ask for a token: an api token of this name. */
  tokenName: z.string().trim().min(1).max(80).optional(),
});

function setSession(c: Context<AppEnv>, token: string) {
  setCookie(c, SESSION_COOKIE, token, {
    path: "/",
    httpOnly: true,
    sameSite: "Lax",
    // Behind a TLS proxy the request reaches us as http: what users type is PUBLIC_URL.
    secure: c.var.deps.config.publicUrl?.startsWith("https:") ?? false,
    maxAge: Math.floor(SESSION_TTL_MS / 1000),
  });
}

const tokenAnswer = (t: IssuedToken) => ({ id: t.id, secret: t.token, expiresAt: t.expiresAt });

const personalToken = (c: Context<AppEnv>, user: User, req: TokenRequest) =>
  issueToken(c.var.deps.db, user.id, { name: req.name, scopes: req.scopes, ttlMs: daysMs(req.expiresInDays) });

/** A browser's new session, replacing the one it had (a session id never survives a login). */
async function startSession(c: Context<AppEnv>, user: User): Promise<void> {
  const previous = getCookie(c, SESSION_COOKIE);
  if (previous) await revokeSecret(c.var.deps.db, previous);
  setSession(c, (await issueSession(c.var.deps.db, user.id)).token);
}

export function authRoutes() {
  const app = new Hono<AppEnv>();

  const postSignupPolicy = policy({
    access: "anyone",
    schema: SignUp,
    summary: "Create an account (and a session, or a token)",
  });
  app.post("/signup", postSignupPolicy, async (c) => {
    const body = SignUp.parse(await jsonBody(c));
    await c.var.deps.throttle.signup(clientAddress(c));
    const user = await createUser(c.var.deps.db, body);
    if (body.token) {
      const t = await personalToken(c, user, body.token);
      return c.json({ user: publicUser(user), token: tokenAnswer(t) }, 201);
    }
    await startSession(c, user);
    return c.json({ user: publicUser(user) }, 201);
  });

  const postLoginPolicy = policy({
    access: "anyone",
    schema: LogIn,
    summary: "Sign in (a session cookie, or a token)",
  });
  app.post("/login", postLoginPolicy, async (c) => {
    const body = LogIn.parse(await jsonBody(c));
    const { throttle } = c.var.deps;
    const address = clientAddress(c);
    await throttle.attemptLogin(body.username, address);
    const user = await checkPassword(c.var.deps.db, body.username, body.password);
    if (!user) throw new ApiError({ code: "unauthorized", message: "wrong username or password" });
    await throttle.loginSucceeded(body.username, address);
    const wanted = body.token ?? (body.tokenName ? TokenRequest.parse({ name: body.tokenName }) : undefined);
    if (wanted) return c.json({ user: publicUser(user), token: tokenAnswer(await personalToken(c, user, wanted)) });
    await startSession(c, user);
    return c.json({ user: publicUser(user) });
  });

  app.post("/logout", policy({ access: "anyone", body: "none", summary: "End the browser session" }), async (c) => {
    const session = getCookie(c, SESSION_COOKIE);
    if (session) await revokeSecret(c.var.deps.db, session);
    deleteCookie(c, SESSION_COOKIE, { path: "/" });
    return c.body(null, 204);
  });

  const getMePolicy = policy({ access: "user", summary: "The signed-in user" });
  app.get("/me", getMePolicy, (c) => c.json({ user: publicUser(c.var.user!) }));

  app.get("/tokens", policy({ access: "user", summary: "Your tokens" }), async (c) => {
    const rows = await c.var.deps.db
      .selectFrom("tokens")
      .select(["id", "name", "kind", "scopes", "created_at", "last_used_at", "revoked_at", "expires_at"])
      .where("user_id", "=", c.var.user!.id)
      .orderBy("created_at", "desc")
      .execute();
    const now = Date.now();
    return c.json({ tokens: rows.map((r) => tokenView(r, now)) });
  });

  // A new personal access token for the signed-in user (e.g. a git-only token for pushes).
  const postTokensPolicy = policy({ access: "user", schema: TokenRequest, summary: "Make a personal access token" });
  app.post("/tokens", postTokensPolicy, async (c) => {
    const req = TokenRequest.parse(await jsonBody(c));
    const t = await personalToken(c, c.var.user!, req);
    return c.json({ token: tokenAnswer(t) }, 201);
  });

  const deleteTokensPolicy = policy({ access: "user", resource: "owner", body: "none", summary: "Revoke a token" });
  app.delete("/tokens/:id", deleteTokensPolicy, async (c) => {
    const ok = await revokeToken(c.var.deps.db, c.var.user!.id, c.req.param("id"));
    if (!ok) throw new ApiError({ code: "not_found", message: "no such active token" });
    return c.body(null, 204);
  });
  return app;
}
