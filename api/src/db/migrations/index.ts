// Every migration, listed explicitly in order.
import type { Migration } from "kysely";
import * as initial from "./20261128120000-initial.ts";
import * as tokenExpiry from "./20261203130000-token-expiry.ts";
import * as pushIntents from "./20261203140000-push-intents.ts";
import * as auditLog from "./20261203150000-audit-log.ts";

export const migrations: Record<string, Migration> = {
  "20261128120000-initial": initial,
  "20261203130000-token-expiry": tokenExpiry,
  "20261203140000-push-intents": pushIntents,
  "20261203150000-audit-log": auditLog,
};
