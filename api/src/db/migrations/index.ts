// Every migration, listed explicitly in order.
import type { Migration } from "kysely";
import * as initial from "./20261128120000-initial.ts";

export const migrations: Record<string, Migration> = {
  "20261128120000-initial": initial,
};
