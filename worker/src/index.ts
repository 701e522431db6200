// The worker as a library: grade one submission in a sandbox without BullMQ or Redis
// (the CLI verifies tracks with it). The service entry point is main.ts.
export { type GradingOptions, runGrading } from "./grading/run-grading.ts";
export { silentLogger } from "./log.ts";
export { createDocker } from "./sandbox/docker-client.ts";
export { SandboxPool, type SandboxProvider } from "./sandbox/pool.ts";
