// Accounts: creation with an argon2id password hash, and password checks.
import { randomBytes } from "node:crypto";
import { newId } from "@bsod/contracts";
import { hash, verify } from "@node-rs/argon2";
import { z } from "zod";
import type { DbOrTx } from "../db/schema.ts";
import type { User } from "../db/tables/users.ts";
import { ApiError } from "../errors.ts";

export const Username = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9-]{1,38}$/,
    "must be 2-39 lowercase letters, digits or dashes, starting with a letter or digit",
  );
export const Password = z.string().min(8, "must be at least 8 characters").max(200);

export async function createUser(
  db: DbOrTx,
  input: { username: string; password: string; displayName?: string; role?: User["role"] },
): Promise<User> {
  const { username } = z.object({ username: Username, password: Password }).parse(input);
  const exists = await db.selectFrom("users").select("id").where("username", "=", username).executeTakeFirst();
  if (exists) throw new ApiError({ code: "conflict", message: `username '${username}' is taken` });
  const user: User = {
    id: newId("usr"),
    username,
    display_name: input.displayName?.trim() || username,
    password_hash: await hash(input.password),
    role: input.role ?? "participant",
    created_at: Date.now(),
  };
  await db.insertInto("users").values(user).execute();
  return user;
}

let dummyHash: Promise<string> | undefined;

/**
 * The user, if the password is theirs. An unknown username costs the same argon2 verification as
 * a known one (against a hash of nothing anyone knows), so the answer's timing does not tell
 * which usernames exist. `check` is argon2's verify; tests pass it wrapped, to count the calls.
 */
export async function checkPassword(
  db: DbOrTx,
  username: string,
  password: string,
  check: (hash: string, password: string) => Promise<boolean> = verify,
): Promise<User | undefined> {
  const user = await db.selectFrom("users").selectAll().where("username", "=", username).executeTakeFirst();
  if (!user?.password_hash) {
    dummyHash ??= hash(randomBytes(32).toString("base64url"));
    await check(await dummyHash, password);
    return undefined;
  }
  return (await check(user.password_hash, password)) ? user : undefined;
}

export function publicUser(user: Pick<User, "id" | "username" | "display_name" | "role">) {
  return { id: user.id, username: user.username, displayName: user.display_name, role: user.role };
}
