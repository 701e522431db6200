// A login for a username that does not exist costs what a wrong password for a real account
// costs: one argon2id verification. Counted, not timed: the real verify runs, wrapped.
import { verify } from "@node-rs/argon2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkPassword, createUser } from "../../src/auth/users.ts";
import { createTestDatabase, type TestDatabase } from "../databases.ts";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase("sqlite");
  await createUser(t.db, { username: "alice", password: "correct horse battery" });
});
afterAll(async () => t?.drop());

function counted() {
  const hashes: string[] = [];
  const check = (hash: string, password: string) => {
    hashes.push(hash);
    return verify(hash, password);
  };
  return { check, hashes };
}

describe("login timing", () => {
  it("verifies an argon2id hash for an unknown username as for a known one", async () => {
    const unknown = counted();
    expect(await checkPassword(t.db, "nobody", "correct horse battery", unknown.check)).toBeUndefined();
    const known = counted();
    expect(await checkPassword(t.db, "alice", "wrong password", known.check)).toBeUndefined();
    expect(unknown.hashes).toHaveLength(1);
    expect(known.hashes).toHaveLength(1);
    expect(unknown.hashes[0]).toMatch(/^\$argon2id\$/);
    // the same cost parameters as a real account's hash
    const params = (h: string) => h.split("$").slice(1, 4).join("$");
    expect(params(unknown.hashes[0]!)).toBe(params(known.hashes[0]!));
  });

  it("still accepts the right password", async () => {
    expect((await checkPassword(t.db, "alice", "correct horse battery"))?.username).toBe("alice");
  });
});
