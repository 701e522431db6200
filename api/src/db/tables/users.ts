import type { Insertable, Selectable } from "kysely";

export interface UsersTable {
  id: string;
  username: string;
  display_name: string;
  password_hash: string | null;
  role: "participant" | "organizer";
  created_at: number;
}
export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
