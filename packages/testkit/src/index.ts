// Test support any workspace may use: where the repository is, the test Redis, and the real git
// CLI as a participant runs it. Knows nothing of the apps (the api's own stack is @bsod/api/testing).
export { type GitResult, git } from "./git.ts";
export { copyDir, REDIS_URL, ROOT } from "./paths.ts";
export { freePort, type RunResult, run } from "./process.ts";
export { until } from "./until.ts";
