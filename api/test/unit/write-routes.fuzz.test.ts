// Every write route, fed garbage with fast-check: malformed JSON, wrong types, oversize and
// chunked bodies, unicode oddities and path tricks. Each answer is a 4xx whose error names the
// problem — never a 500 — and the database is exactly as it was.
import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { declaredRoutes } from "../../src/http/route-policy.ts";
import { type InProcessApi, inProcessApi } from "../in-process.ts";

const MAX_SOURCE_BYTES = 100_000;
const RUNS = Number(process.env.FUZZ_RUNS ?? 40);

let api: InProcessApi;
let organizer: string;
let tokenId: string;

beforeAll(async () => {
  api = await inProcessApi({ env: { MAX_SOURCE_BYTES: String(MAX_SOURCE_BYTES), SIGNUPS_PER_HOUR: "100000" } });
  const password = fs.readFileSync(path.join(api.dataDir, "organizer-password"), "utf8").trim();
  const login = await api.fetch("/api/v1/auth/login", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: "admin", password, token: { name: "fuzz" } }),
  });
  const body = (await login.json()) as { token: { id: string; secret: string } };
  organizer = body.token.secret;
  tokenId = body.token.id;
  const enrolled = await api.fetch("/api/v1/jams/hello-demo/enroll", {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${organizer}` },
    body: JSON.stringify({ language: "python" }),
  });
  expect(enrolled.status).toBe(201);
});
afterAll(async () => api?.stop());

/** Every row of every table (tokens' last-used time aside: reading with a token refreshes it). */
async function snapshot(): Promise<string> {
  const tables = await sql<{ name: string }>`select name from sqlite_master where type = 'table' order by name`.execute(
    api.deps.db,
  );
  const out: Record<string, unknown[]> = {};
  for (const { name } of tables.rows) {
    const rows = await sql<Record<string, unknown>>`select * from ${sql.table(name)} order by rowid`.execute(
      api.deps.db,
    );
    out[name] = rows.rows.map((r) => (name === "tokens" ? { ...r, last_used_at: null } : r));
  }
  return JSON.stringify(out);
}

// ---- inputs ---------------------------------------------------------------------------------

/** Every body field any route reads, and the JSON types it accepts. */
const FIELDS: Record<string, string[]> = {
  username: ["string"],
  password: ["string"],
  displayName: ["string"],
  token: ["object"],
  tokenName: ["string"],
  language: ["string"],
  name: ["string"],
  scopes: ["array"],
  expiresInDays: ["number"],
  body: ["string"],
  stage: ["string"],
  hidden: ["boolean"],
  role: ["string"],
  slug: ["string"],
  track: ["string"],
  title: ["string"],
  description: ["string"],
  startsAt: ["number"],
  endsAt: ["number"],
  registrationOpensAt: ["number", "null"],
  freezeAt: ["number", "null"],
  lateRegistration: ["boolean"],
  unlock: ["object"],
  scoring: ["object"],
  hook: ["string"],
  userId: ["string"],
  jamId: ["string"],
  updates: ["array"],
};
/** Fields whose strings are checked against a pattern or a list, so no odd string is valid. */
const CHECKED_STRINGS = ["username", "language", "role", "stage", "slug", "track"];

const typeOf = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);
const anyJson = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
  fc.string(),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }),
);
/** A value of a type the field never takes. */
const wrongFor = (field: string) => anyJson.filter((v) => !FIELDS[field]!.includes(typeOf(v)));

const oddString = fc.oneof(
  fc.string({ unit: "binary", minLength: 1, maxLength: 40 }),
  fc.constantFrom(
    "\u0000",
    "\ud800",
    "\udfff\ud800",
    "\u202eevil",
    "\ufeffalice",
    "a\u0301\u0301\u0301",
    "💥".repeat(50),
    "Ａｄｍｉｎ",
    "admin\u200b",
    "\u0085\u2028\u2029",
  ),
);

/** An object in which every field any route reads is wrong: of another type, or an odd string. */
const wrongObject = fc.record(
  Object.fromEntries(
    Object.keys(FIELDS).map((f) => [f, CHECKED_STRINGS.includes(f) ? fc.oneof(wrongFor(f), oddString) : wrongFor(f)]),
  ),
);

const malformed = fc.oneof(
  // not blank: an empty body is a valid "{}" where every field has a default
  fc.string({ unit: "binary", minLength: 1 }).filter((s) => {
    if (s.trim() === "") return false;
    try {
      JSON.parse(s);
      return false;
    } catch {
      return true;
    }
  }),
  fc.constantFrom(
    '{"username": "alice", "password": ',
    "{'a': 1}",
    "[1, 2",
    '{"a":1}}',
    "\u0000{}",
    '{"a":"\\ud800"',
    "NaN",
  ),
);

type Body =
  | { kind: "json-text"; text: string }
  | { kind: "chunked"; text: string; cuts: number[] }
  | { kind: "oversize"; bytes: number; chunked: boolean };

const bodyCase: fc.Arbitrary<Body> = fc.oneof(
  malformed.map((text) => ({ kind: "json-text" as const, text })),
  anyJson.map((v) => ({ kind: "json-text" as const, text: JSON.stringify(v) })).filter((b) => !b.text.startsWith("{")),
  wrongObject.map((o) => ({ kind: "json-text" as const, text: JSON.stringify(o) })),
  fc
    .tuple(
      fc.oneof(
        malformed,
        wrongObject.map((o) => JSON.stringify(o)),
      ),
      fc.array(fc.nat(), { maxLength: 6 }),
    )
    .map(([text, cuts]) => ({ kind: "chunked" as const, text, cuts })),
  fc.record({ kind: fc.constant("oversize" as const), bytes: fc.integer({ min: 1, max: 3 }), chunked: fc.boolean() }),
);

const pathTrick = fc.oneof(
  fc.constantFrom(
    "..",
    "%2e%2e",
    "..%2f..%2fadmin",
    "hello-demo%00",
    "hello-demo%2f..",
    "%E0%A4%A",
    "%",
    "hello-demo;admin",
    "HELLO-DEMO",
    "hello-demo%20",
    "x".repeat(5000),
  ),
  // every byte percent-encoded (lone surrogates arrive as U+FFFD, as a client would send them)
  oddString.map((s) => [...Buffer.from(s, "utf8")].map((b) => `%${b.toString(16).padStart(2, "0")}`).join("")),
);

// ---- requests -------------------------------------------------------------------------------

function urlFor(pattern: string, trick?: string): string {
  const value = (name: string, normal: string) => (trick !== undefined ? trick : normal);
  return pattern
    .replace(":slug", () => value("slug", "hello-demo"))
    .replace(":username", () => value("username", "admin"))
    .replace(":id", () => value("id", tokenId))
    .replace(":stage", () => value("stage", "hello-world"));
}

function requestBody(
  b: Body,
  limit: number,
): { body: NonNullable<RequestInit["body"]>; headers: Record<string, string>; duplex?: "half" } {
  if (b.kind === "json-text") return { body: b.text, headers: {} };
  if (b.kind === "chunked") {
    const bytes = new TextEncoder().encode(b.text);
    const cuts = [...new Set(b.cuts.map((c) => c % (bytes.length + 1)))].sort((x, y) => x - y);
    const pieces: Uint8Array[] = [];
    let at = 0;
    for (const c of [...cuts, bytes.length]) {
      pieces.push(bytes.slice(at, c));
      at = c;
    }
    const stream = new ReadableStream<Uint8Array>({
      pull(ctl) {
        const next = pieces.shift();
        if (next) ctl.enqueue(next);
        else ctl.close();
      },
    });
    return { body: stream, headers: { "transfer-encoding": "chunked" }, duplex: "half" };
  }
  const size = limit + b.bytes * 1024;
  const filler = new Uint8Array(size).fill(0x20);
  if (!b.chunked) return { body: filler, headers: {} };
  let sent = false;
  const stream = new ReadableStream<Uint8Array>({
    pull(ctl) {
      if (sent) return ctl.close();
      sent = true;
      ctl.enqueue(filler);
    },
  });
  return { body: stream, headers: { "transfer-encoding": "chunked" }, duplex: "half" };
}

async function expectRefused(res: Response, what: string) {
  const text = await res.text();
  expect(res.status, `${what} → ${res.status} ${text.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
  expect(res.status, `${what} → ${res.status} ${text.slice(0, 200)}`).toBeLessThan(500);
  const error = (JSON.parse(text) as { error: { code: string; message: string } }).error;
  expect(error.message.length, what).toBeGreaterThan(3);
  expect(error.message).not.toBe("internal server error");
}

const writeRoutes = () =>
  declaredRoutes(api.app).filter(
    (r) => ["POST", "PATCH", "PUT", "DELETE"].includes(r.method) && r.policy && r.policy.access !== "git",
  );

describe("write routes under fuzzing", () => {
  it("covers every write route", () => {
    expect(writeRoutes().length).toBeGreaterThanOrEqual(18);
  });

  it("answers bad bodies with a 4xx naming the problem and leaves the database alone", async () => {
    const before = await snapshot();
    for (const route of writeRoutes()) {
      const reads = route.policy!.body === "json" || route.policy!.body === undefined;
      const raw = typeof route.policy!.body === "object";
      const limit = raw ? MAX_SOURCE_BYTES : 64 * 1024;
      // A route that reads no body does its work whatever is sent: only an oversize body is refused.
      const cases = reads || raw ? bodyCase : bodyCase.filter((b) => b.kind === "oversize");
      await fc.assert(
        fc.asyncProperty(cases, async (b) => {
          const { body, headers, duplex } = requestBody(b, limit);
          const res = await api.fetch(urlFor(route.path), {
            method: route.method,
            headers: {
              "content-type": raw ? "application/gzip" : "application/json",
              authorization: `Bearer ${organizer}`,
              "x-bsod-hook-secret": api.deps.hookSecret,
              ...headers,
            },
            body,
            ...(duplex ? { duplex } : {}),
          } as RequestInit);
          await expectRefused(res, `${route.method} ${route.path} with ${b.kind}`);
        }),
        { numRuns: RUNS },
      );
    }
    expect(await snapshot()).toBe(before);
  });

  it("answers path tricks with a 4xx and leaves the database alone", async () => {
    const before = await snapshot();
    const withParams = writeRoutes().filter((r) => r.path.includes("/:"));
    expect(withParams.length).toBeGreaterThan(8);
    for (const route of withParams) {
      await fc.assert(
        fc.asyncProperty(pathTrick, async (trick) => {
          const res = await api.fetch(urlFor(route.path, trick), {
            method: route.method,
            headers: { "content-type": "application/json", authorization: `Bearer ${organizer}` },
            body: "{}",
          });
          await expectRefused(res, `${route.method} ${urlFor(route.path, trick).slice(0, 120)}`);
        }),
        { numRuns: RUNS },
      );
    }
    expect(await snapshot()).toBe(before);
  });
});
