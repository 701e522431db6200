// Who may call a route and what body it takes, declared beside the route:
//   app.post("/:slug/enroll", policy({ access: "user", schema: Enroll, summary: "Join a jam" }), handler)
// The middleware enforces the access rule; limitBodies() reads the body rule; the OpenAPI document
// (/api/openapi.json) is made from the same declarations; the route-policy test walks the route
// table and fails on any route that declares none.
import type { MiddlewareHandler } from "hono";
import type { ZodType } from "zod";
import type { AppEnv } from "../app-env.ts";
import { secretMatches } from "../auth/secret.ts";
import type { ApiConfig } from "../config.ts";
import { ApiError } from "../errors.ts";

/** The default body limit: JSON requests are small. */
export const JSON_BODY_BYTES = 64 * 1024;

export interface RoutePolicy {
  /**
   * - anyone: no sign-in needed (a token, if sent, must still be valid for the api);
   * - user: a signed-in user (api token or browser session);
   * - organizer: a signed-in organizer;
   * - hook: the api's own git hooks (the per-process secret);
   * - git: git smart HTTP, Basic auth with a token carrying the git scope (checked by the route).
   */
  access: "anyone" | "user" | "organizer" | "hook" | "git";
  /**
   * The path names something that belongs to one user; anyone else is answered 404, as if it did
   * not exist. "owner": only that user (a token); "owner-or-organizer": organizers too (a submission).
   */
  resource?: "owner" | "owner-or-organizer";
  /**
   * - none: the route reads no body (one is still limited to JSON_BODY_BYTES);
   * - json (default): a JSON body of at most JSON_BODY_BYTES;
   * - bytes: a raw body (of media type `type`) of at most maxBytes(config), counted as it arrives;
   * - stream: the route streams the body itself and enforces its own limit (git pushes).
   */
  body?: "none" | "json" | "stream" | { maxBytes: (config: ApiConfig) => number; type?: string };
  /** What the route does, in one line: the operation's summary in the API reference (/api/docs). */
  summary?: string;
  /** The zod schema the route parses its JSON body with: the request body in the API reference. */
  schema?: ZodType;
  /** The zod schema the route parses its query string with: the query parameters in the reference. */
  query?: ZodType;
}

const POLICY = Symbol("bsod.route-policy");

export type PolicyHandler = MiddlewareHandler<AppEnv> & { [POLICY]: RoutePolicy };

/** The policy a handler in the route table carries, if it is a policy() middleware. */
export function policyOf(handler: unknown): RoutePolicy | undefined {
  return typeof handler === "function" ? (handler as Partial<PolicyHandler>)[POLICY] : undefined;
}

/** The most bytes a route's body may have, or null when the route counts its body itself. */
export function bodyLimitOf(p: RoutePolicy | undefined, config: ApiConfig): number | null {
  const body = p?.body ?? "json";
  if (body === "stream") return null;
  if (body === "none" || body === "json") return JSON_BODY_BYTES;
  return body.maxBytes(config);
}

export function policy(p: RoutePolicy): PolicyHandler {
  const handler: MiddlewareHandler<AppEnv> = async function checkAccess(c, next) {
    switch (p.access) {
      case "user":
        if (!c.var.user)
          throw new ApiError({ code: "unauthorized", message: "sign in first: send 'Authorization: Bearer <token>'" });
        break;
      case "organizer":
        if (!c.var.user) throw new ApiError({ code: "unauthorized", message: "sign in first" });
        if (c.var.user.role !== "organizer")
          throw new ApiError({ code: "forbidden", message: "only organizers may do this" });
        break;
      case "hook":
        if (!secretMatches(c.req.header("x-bsod-hook-secret"), c.var.deps.hookSecret))
          throw new ApiError({ code: "forbidden", message: "internal route" });
        break;
      case "anyone":
      case "git":
        break;
    }
    await next();
  };
  return Object.assign(handler, { [POLICY]: p });
}

export interface DeclaredRoute {
  method: string;
  path: string;
  policy: RoutePolicy | undefined;
}

/**
 * Every endpoint in an app's route table with the policy it declares (undefined: none). An
 * endpoint is a method + path with a handler (one argument); entries that are only middleware
 * (`app.use`, two arguments) are not endpoints.
 */
export function declaredRoutes(app: {
  routes: Array<{ method: string; path: string; handler: unknown }>;
}): DeclaredRoute[] {
  const groups = new Map<string, DeclaredRoute & { endpoint: boolean }>();
  for (const r of app.routes) {
    const key = `${r.method} ${r.path}`;
    const g = groups.get(key) ?? { method: r.method, path: r.path, policy: undefined, endpoint: false };
    g.policy ??= policyOf(r.handler);
    if (typeof r.handler === "function" && r.handler.length < 2) g.endpoint = true;
    groups.set(key, g);
  }
  return [...groups.values()].filter((g) => g.endpoint).map(({ method, path, policy }) => ({ method, path, policy }));
}
