// The database as Kysely sees it: one table type per file under tables/.
import type { Kysely, Transaction } from "kysely";
import type { AuditLogTable } from "./tables/audit-log.ts";
import type { AnnouncementsTable, EnrollmentsTable, JamsTable } from "./tables/jams.ts";
import type {
  JudgementsTable,
  PushIntentsTable,
  StageCompletionsTable,
  StageMetricsTable,
  SubmissionsTable,
} from "./tables/submissions.ts";
import type { TokensTable } from "./tables/tokens.ts";
import type { StagesTable, TracksTable } from "./tables/tracks.ts";
import type { UsersTable } from "./tables/users.ts";

export interface Database {
  users: UsersTable;
  tokens: TokensTable;
  tracks: TracksTable;
  stages: StagesTable;
  jams: JamsTable;
  enrollments: EnrollmentsTable;
  submissions: SubmissionsTable;
  push_intents: PushIntentsTable;
  stage_completions: StageCompletionsTable;
  judgements: JudgementsTable;
  stage_metrics: StageMetricsTable;
  announcements: AnnouncementsTable;
  audit_log: AuditLogTable;
}

export type Db = Kysely<Database>;
export type DbOrTx = Kysely<Database> | Transaction<Database>;
