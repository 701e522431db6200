// The OpenAPI document (/api/openapi.json) describes every route in the app's route table, from
// what each route declares in policy(): method and path, who may call it, the JSON body it parses.
// The reference page (/api/docs) and its assets are served by the api itself, under its CSP.
import fs from "node:fs";
import path from "node:path";
import { Validator } from "@seriousme/openapi-schema-validator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openApiPath } from "../../src/http/openapi.ts";
import { declaredRoutes } from "../../src/http/route-policy.ts";
import { type InProcessApi, inProcessApi } from "../in-process.ts";

interface Operation {
  summary?: string;
  security?: Array<Record<string, string[]>>;
  parameters?: Array<{ name: string; in: string; required?: boolean }>;
  requestBody?: { content: Record<string, { schema: { type?: string; properties?: object; required?: string[] } }> };
}
interface Doc {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
}

let api: InProcessApi;
let doc: Doc;

beforeAll(async () => {
  api = await inProcessApi();
  const res = await api.fetch("/api/openapi.json");
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  doc = (await res.json()) as Doc;
});
afterAll(async () => api?.stop());

const opOf = (method: string, path: string) => doc.paths[openApiPath(path).path]?.[method.toLowerCase()];

describe("the OpenAPI document", () => {
  it("is OpenAPI 3.1 with the error envelope and the two ways to sign in", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.components.schemas.Error).toMatchObject({
      properties: { error: { properties: { code: { enum: expect.arrayContaining(["bad_request", "not_found"]) } } } },
    });
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(["bearerToken", "session"]);
  });

  it("is valid against the OpenAPI 3.1 schema", async () => {
    const validator = new Validator();
    const res = await validator.validate(structuredClone(doc) as unknown as Record<string, unknown>);
    expect(res.errors ?? []).toEqual([]);
    expect(res.valid).toBe(true);
    expect(validator.version).toBe("3.1");
  });

  it("lists every route of the route table with its method, leaving out only hooks and catch-alls", () => {
    const routes = declaredRoutes(api.app);
    const missing: string[] = [];
    const left: string[] = [];
    for (const r of routes) {
      if (r.policy?.access === "hook" || r.path.includes("*")) {
        left.push(`${r.method} ${r.path}`);
        continue;
      }
      if (!opOf(r.method, r.path)) missing.push(`${r.method} ${r.path}`);
    }
    expect(missing).toEqual([]);
    // Internal git-hook routes and catch-alls (git smart HTTP, the not-found answers, the web app).
    expect(left.sort()).toEqual(
      [
        "POST /internal/git/pre-receive",
        "POST /internal/git/post-receive",
        "ALL /git/:user/:repo/*",
        "ALL /api/v1/*",
        "ALL /api/*",
        "ALL /git/*",
        "GET /*",
      ].sort(),
    );
    const documented = Object.values(doc.paths).reduce((n, methods) => n + Object.keys(methods).length, 0);
    expect(documented).toBe(routes.length - left.length);
    expect(documented).toBeGreaterThan(40);
    // And the document lists nothing the app does not serve.
    expect(Object.keys(doc.paths)).toContain("/api/v1/jams/{slug}/enroll");
    expect(Object.keys(doc.paths).filter((p) => p.includes(":") || p.includes("*"))).toEqual([]);
  });

  it("gives each route a summary and declares its path parameters", () => {
    const wrong: string[] = [];
    for (const [path, methods] of Object.entries(doc.paths)) {
      const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      for (const [method, op] of Object.entries(methods)) {
        const declared = (op.parameters ?? []).filter((p) => p.in === "path").map((p) => p.name);
        if (declared.join() !== inPath.join()) wrong.push(`${method} ${path}: path parameters ${declared}`);
        if (!op.summary || op.summary.includes("/"))
          wrong.push(`${method} ${path}: no summary (add summary: "…" to its policy())`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("has a JSON request body schema for every route that takes JSON", () => {
    const takesJson = declaredRoutes(api.app).filter(
      (r) =>
        r.method !== "GET" &&
        r.policy?.access !== "hook" &&
        !r.path.includes("*") &&
        (r.policy?.body ?? "json") === "json",
    );
    expect(takesJson.length).toBeGreaterThanOrEqual(10);
    const without = takesJson.filter((r) => !opOf(r.method, r.path)?.requestBody?.content["application/json"]?.schema);
    // A route that takes JSON names the zod schema it parses with: policy({ ..., schema: Thing }).
    expect(without.map((r) => `${r.method} ${r.path}: no schema in its policy()`)).toEqual([]);

    // The schema is the one the route parses with: signing up needs a username and a password.
    const signup = opOf("POST", "/api/v1/auth/signup")!.requestBody!.content["application/json"]!.schema;
    expect(signup.type).toBe("object");
    expect(signup.required?.sort()).toEqual(["password", "username"]);
    expect(Object.keys(signup.properties ?? {})).toEqual(expect.arrayContaining(["displayName", "token"]));
    // A field with a default may be left out (the input side of the schema).
    const token = opOf("POST", "/api/v1/auth/tokens")!.requestBody!.content["application/json"]!.schema;
    expect(token.required).toEqual(["name"]);
    // A test run uploads a tarball, not JSON.
    const testRun = opOf("POST", "/api/v1/jams/:slug/test-runs")!.requestBody!.content;
    expect(Object.keys(testRun)).toEqual(["application/x-tar"]);
    // Routes that read no body declare none.
    expect(opOf("POST", "/api/v1/auth/logout")!.requestBody).toBeUndefined();
  });

  it("has the schema the route really parses with: an empty body is refused naming a required field", async () => {
    const password = fs.readFileSync(path.join(api.dataDir, "organizer-password"), "utf8").trim();
    const login = await api.fetch("/api/v1/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "admin", password, token: { name: "openapi test" } }),
    });
    const { token } = (await login.json()) as { token: { secret: string } };
    const checked: string[] = [];
    const wrong: string[] = [];
    for (const [template, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        const required = op.requestBody?.content["application/json"]?.schema.required ?? [];
        if (!required.length) continue;
        const url = template.replace("{slug}", "hello-demo").replace("{username}", "admin");
        const res = await api.fetch(url, {
          method: method.toUpperCase(),
          headers: { "content-type": "application/json", authorization: `Bearer ${token.secret}` },
          body: "{}",
        });
        const message = res.status === 400 ? ((await res.json()) as { error: { message: string } }).error.message : "";
        const field = message.split(/[.:]/)[0]!;
        if (!required.includes(field)) wrong.push(`${method} ${template}: ${res.status} ${message}`);
        checked.push(`${method} ${template}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(checked.length).toBeGreaterThanOrEqual(6);
  });

  it("declares the query parameters a route parses", () => {
    const board = opOf("GET", "/api/v1/jams/:slug/leaderboard")!;
    expect(board.parameters!.filter((p) => p.in === "query").map((p) => p.name)).toEqual(["offset", "limit", "view"]);
  });

  it("says who may call each route, as its policy does", () => {
    const wrong: string[] = [];
    for (const r of declaredRoutes(api.app)) {
      const op = opOf(r.method, r.path);
      if (!op) continue;
      const optional = op.security?.some((s) => Object.keys(s).length === 0) ?? false;
      const bearer = op.security?.some((s) => "bearerToken" in s) ?? false;
      const signedIn = r.policy?.access === "user" || r.policy?.access === "organizer";
      if (!bearer || optional === signedIn) wrong.push(`${r.method} ${r.path}: ${JSON.stringify(op.security)}`);
    }
    expect(wrong).toEqual([]);
    expect(opOf("POST", "/api/v1/admin/jams")).toMatchObject({ "x-bsod-access": "organizer" });
  });
});

describe("the reference page", () => {
  it("is served with its assets by the api itself, under a CSP that allows no other origin", async () => {
    const page = await api.fetch("/api/docs");
    expect(page.status).toBe(200);
    const html = await page.text();
    const csp = page.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/https?:|unsafe-eval/);
    expect(html).not.toMatch(/https?:\/\//);
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(assets).toEqual(expect.arrayContaining(["/api/docs/swagger-ui-bundle.js", "/api/docs/init.js"]));
    for (const asset of assets) {
      const res = await api.fetch(asset);
      expect(res.status, asset).toBe(200);
      expect((await res.arrayBuffer()).byteLength, asset).toBeGreaterThan(100);
    }
    const init = await (await api.fetch("/api/docs/init.js")).text();
    expect(init).toContain('"/api/openapi.json"');
  });

  it("answers an unknown asset with a JSON 404 naming it", async () => {
    const res = await api.fetch("/api/docs/package.json");
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain("package.json");
  });
});
