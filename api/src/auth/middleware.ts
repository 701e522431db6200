// Who is asking: resolves the bearer token or the session cookie to a user. Routes say who may
// call them with policy() (http/route-policy.ts).
import type { MiddlewareHandler } from "hono";
import { deleteCookie, getCookie } from "hono/cookie";
import type { AppEnv } from "../app-env.ts";
import type { User } from "../db/tables/users.ts";
import { ApiError } from "../errors.ts";
import { userForToken } from "./tokens.ts";

export const SESSION_COOKIE = "bsod_session";

export const isOrganizer = (user: Pick<User, "role"> | undefined) => user?.role === "organizer";

/** The user behind a bearer token (CLI, scripts) or the session cookie (the web app). */
export function resolveUser(): MiddlewareHandler<AppEnv> {
  return async function resolveUserFromToken(c, next) {
    const header = c.req.header("authorization");
    if (header?.startsWith("Bearer ")) {
      const user = await userForToken(c.var.deps.db, header.slice("Bearer ".length).trim(), "api");
      if (!user) throw new ApiError({ code: "unauthorized", message: "invalid or revoked token" });
      c.set("user", user);
    } else {
      const session = getCookie(c, SESSION_COOKIE);
      if (session) {
        const user = await userForToken(c.var.deps.db, session, "api");
        if (user) c.set("user", user);
        else deleteCookie(c, SESSION_COOKIE, { path: "/" });
      }
    }
    await next();
  };
}
