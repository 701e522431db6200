// The OpenAPI 3.1 document of the api, made from the route table: each endpoint's method and path,
// and from its policy() who may call it (the security requirement), its one-line summary, and the
// zod schemas it parses its body and query string with. Served at /api/openapi.json.
import { createRequire } from "node:module";
import { z } from "zod";
import { SESSION_COOKIE } from "../auth/middleware.ts";
import type { ApiConfig } from "../config.ts";
import { ERROR_STATUS } from "../errors.ts";
import { type DeclaredRoute, declaredRoutes, type RoutePolicy } from "./route-policy.ts";

const { version } = createRequire(import.meta.url)("../../package.json") as { version: string };

type JsonSchema = Record<string, unknown>;
type Operation = Record<string, unknown>;
export interface OpenApiDocument {
  openapi: string;
  info: Record<string, unknown>;
  paths: Record<string, Record<string, Operation>>;
  components: Record<string, unknown>;
  tags: Array<{ name: string; description: string }>;
}

/** The shape of every error answer (errors.ts). */
const ErrorEnvelope = z.object({
  error: z.object({
    code: z.enum(Object.keys(ERROR_STATUS) as [string, ...string[]]),
    message: z.string().describe("what is wrong, naming the field or thing at fault"),
    requestId: z.string().describe("also sent as X-Request-Id, and in the api's log lines"),
  }),
});

const TAGS = [
  { name: "auth", description: "Accounts, sessions and tokens" },
  { name: "jams", description: "Jams, leaderboards, stages, runs and live events" },
  { name: "submissions", description: "One submission and its events" },
  { name: "admin", description: "Organizer actions (organizers only)" },
  { name: "service", description: "Health, readiness, metrics and this reference" },
];

/**
 * Routes the reference leaves out: the git hooks' internal routes (the api's own hooks hold the
 * secret) and catch-alls (`*`: git smart HTTP, the web app, the not-found answers).
 */
export function documented(r: DeclaredRoute): boolean {
  return r.policy?.access !== "hook" && !r.path.includes("*");
}

/** `/jams/:slug/stages/:stage` → `/jams/{slug}/stages/{stage}`, and the parameter names. */
export function openApiPath(path: string): { path: string; params: string[] } {
  const params: string[] = [];
  const converted = path.replace(/:(\w+)(\{[^}]*\})?\??/g, (_m, name: string) => {
    params.push(name);
    return `{${name}}`;
  });
  return { path: converted, params };
}

function tagOf(path: string): string {
  const m = /^\/api\/v1\/(\w+)/.exec(path);
  return m && TAGS.some((t) => t.name === m[1]) ? m[1]! : "service";
}

function jsonSchema(schema: z.ZodType): JsonSchema {
  // Input side: a field with a default may be left out by the caller.
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonSchema;
  return rest;
}

const SIGNED_IN = [{ bearerToken: [] }, { session: [] }];

function security(p: RoutePolicy): { security: unknown[]; note: string } {
  switch (p.access) {
    case "user":
      return { security: SIGNED_IN, note: "Signed-in users." };
    case "organizer":
      return { security: SIGNED_IN, note: "Organizers only." };
    case "git":
    case "hook":
      // Not in the document (see documented()): git smart HTTP and the hooks authenticate themselves.
      return { security: [], note: `Access: ${p.access}.` };
    case "anyone":
      // Sign-in optional: organizers see more on some (drafts, the live board).
      return { security: [{}, ...SIGNED_IN], note: "Anyone; sign-in optional." };
  }
}

function operation(route: DeclaredRoute, params: string[], config: ApiConfig): Operation {
  const p = route.policy ?? { access: "anyone" };
  const { security: requirement, note: who } = security(p);
  const note =
    p.resource === "owner"
      ? `${who} Only its owner: anyone else is answered 404.`
      : p.resource === "owner-or-organizer"
        ? `${who} Only its owner and organizers: anyone else is answered 404.`
        : who;
  const parameters: unknown[] = params.map((name) => ({
    name,
    in: "path",
    required: true,
    schema: { type: "string" },
  }));
  if (p.query) {
    const q = jsonSchema(p.query);
    const required = new Set((q.required as string[] | undefined) ?? []);
    for (const [name, schema] of Object.entries((q.properties as Record<string, JsonSchema>) ?? {})) {
      parameters.push({ name, in: "query", required: required.has(name), schema });
    }
  }
  const op: Operation = {
    operationId: `${route.method.toLowerCase()}${openApiPath(route.path)
      .path.replace(/[{}]/g, "")
      .split(/[^\w]+/)
      .filter(Boolean)
      .map((w) => w[0]!.toUpperCase() + w.slice(1))
      .join("")}`,
    tags: [tagOf(route.path)],
    summary: p.summary ?? `${route.method} ${route.path}`,
    description: note,
    security: requirement,
    "x-bsod-access": p.access,
    responses: {
      "2XX": { description: "Success" },
      default: {
        description: "An error: the status follows the code (400 names the field at fault)",
        content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
      },
    },
  };
  if (parameters.length) op.parameters = parameters;
  const body = p.body ?? "json";
  if (p.schema) {
    op.requestBody = { required: true, content: { "application/json": { schema: jsonSchema(p.schema) } } };
  } else if (typeof body === "object") {
    const max = body.maxBytes(config);
    op.requestBody = {
      required: true,
      description: `At most ${max} bytes (413 past it)`,
      // A file to upload, as Swagger UI understands it.
      content: { [body.type ?? "application/octet-stream"]: { schema: { type: "string", format: "binary" } } },
    };
  }
  return op;
}

export function openApiDocument(
  app: { routes: Array<{ method: string; path: string; handler: unknown }> },
  config: ApiConfig,
): OpenApiDocument {
  const paths: OpenApiDocument["paths"] = {};
  for (const route of declaredRoutes(app).filter(documented)) {
    const { path, params } = openApiPath(route.path);
    const methods = route.method === "ALL" ? ["get"] : [route.method.toLowerCase()];
    for (const method of methods) {
      paths[path] ??= {};
      paths[path][method] = operation(route, params, config);
    }
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "bsod API",
      version,
      description:
        "The REST API of a bsod deployment. Sign in with `Authorization: Bearer <token>` (an api token: " +
        "`bsod login`, or POST /api/v1/auth/login with `token: {name}`), or with the browser's session cookie.",
    },
    tags: TAGS,
    paths,
    components: {
      schemas: { Error: jsonSchema(ErrorEnvelope) },
      securitySchemes: {
        bearerToken: { type: "http", scheme: "bearer", description: "An api token" },
        session: { type: "apiKey", in: "cookie", name: SESSION_COOKIE, description: "A browser session" },
      },
    },
  };
}
