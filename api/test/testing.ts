// What the api offers other workspaces' tests and benches: the in-process stack (api + a real
// worker), test databases (SQLite and Postgres) and results applied without grading.

// The domain functions benches and other apps' tests drive directly (no HTTP in between).
export type { EnrollmentsTable } from "../src/db/tables/jams.ts";
export type { StageCompletionsTable, Submission } from "../src/db/tables/submissions.ts";
export type { UsersTable } from "../src/db/tables/users.ts";
export { announce } from "../src/jams/admin.ts";
export { boardChanged } from "../src/streams/jam-events.ts";
export { appendRunEvent } from "../src/streams/run-events.ts";
export { createSubmission } from "../src/submissions/create.ts";
export { applyResult } from "../src/submissions/results.ts";
export * from "./databases.ts";
export * from "./results.ts";
export * from "./stack.ts";
