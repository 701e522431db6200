// Accounts and tokens: sign up, log in (a new token), list and revoke tokens, who am I.
import { type Context, Hono } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { z } from "zod";
import type { AppEnv } from "../app-env.ts";
import { clientAddress } from "../auth/client-address.ts";
import { SESSION_COOKIE } from "../auth/middleware.ts";
import { hashToken, issueToken, revokeToken } from "../auth/tokens.ts";
import { checkPassword, createUser, publicUser } from "../auth/users.ts";
import { ApiError } from "../errors.ts";
import { jsonBody } from "../http/json-body.ts";
import { policy } from "../http/route-policy.ts";

const SignUp = z.object({
  username: z.string(),
  password: z.string(),
  displayName: z.string().max(80).optional(),
});
const LogIn = z.object({ username: z.string(), password: z.string(), tokenName: z.string().max(80).optional() });
const SESSION_MAX_AGE_S = 30 * 24 * 3600;

/** Browsers get the token as an HttpOnly cookie as well; scripts use the returned secret. */
function setSession(c: Context<AppEnv>, token: string) {
  setCookie(c, SESSION_COOKIE, token, {
    path: "/",
    httpOnly: true,
    sameSite: "Lax",
    // Behind a TLS proxy the request reaches us as http: what users type is PUBLIC_URL.
    secure: c.var.deps.config.publicUrl?.startsWith("https:") ?? false,
    maxAge: SESSION_MAX_AGE_S,
  });
}

export function authRoutes() {
  const app = new Hono<AppEnv>();

  app.post("/signup", policy({ access: "anyone" }), async (c) => {
    const body = SignUp.parse(await jsonBody(c));
    await c.var.deps.throttle.signup(clientAddress(c));
    const user = await createUser(c.var.deps.db, body);
    const { id, token } = await issueToken(c.var.deps.db, user.id, "signup");
    setSession(c, token);
    return c.json({ user: publicUser(user), token: { id, secret: token } }, 201);
  });

  app.post("/login", policy({ access: "anyone" }), async (c) => {
    const body = LogIn.parse(await jsonBody(c));
    const { throttle } = c.var.deps;
    const address = clientAddress(c);
    await throttle.attemptLogin(body.username, address);
    const user = await checkPassword(c.var.deps.db, body.username, body.password);
    if (!user) throw new ApiError({ code: "unauthorized", message: "wrong username or password" });
    await throttle.loginSucceeded(body.username, address);
    const { id, token } = await issueToken(c.var.deps.db, user.id, body.tokenName ?? "login");
    setSession(c, token);
    return c.json({ user: publicUser(user), token: { id, secret: token } });
  });

  app.post("/logout", policy({ access: "anyone", body: "none" }), async (c) => {
    const session = getCookie(c, SESSION_COOKIE);
    if (session) {
      await c.var.deps.db
        .updateTable("tokens")
        .set({ revoked_at: Date.now() })
        .where("token_hash", "=", hashToken(session))
        .execute();
    }
    deleteCookie(c, SESSION_COOKIE, { path: "/" });
    return c.body(null, 204);
  });

  app.get("/me", policy({ access: "user" }), (c) => c.json({ user: publicUser(c.var.user!) }));

  app.get("/tokens", policy({ access: "user" }), async (c) => {
    const rows = await c.var.deps.db
      .selectFrom("tokens")
      .select(["id", "name", "scopes", "created_at", "last_used_at", "revoked_at"])
      .where("user_id", "=", c.var.user!.id)
      .orderBy("created_at", "desc")
      .execute();
    return c.json({ tokens: rows });
  });

  app.delete("/tokens/:id", policy({ access: "user", resource: "own", body: "none" }), async (c) => {
    const ok = await revokeToken(c.var.deps.db, c.var.user!.id, c.req.param("id"));
    if (!ok) throw new ApiError({ code: "not_found", message: "no such active token" });
    return c.body(null, 204);
  });
  return app;
}
