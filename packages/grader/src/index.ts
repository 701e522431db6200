// The grading engine: sandbox runtimes, the warm pool, and the build/harness steps that grade
// one submission. Used by the worker service and by `bsod challenges verify`; knows nothing of
// BullMQ, Redis or the database.
export { type GradingOptions, runGrading } from "./grading/run-grading.ts";
export { type LocalGradeResult, LocalGrader, type RepoCommands, tarOf } from "./local-grader.ts";
export { type Logger, silentLogger } from "./log.ts";
export { LABEL, type SandboxLabels } from "./sandbox/container-spec.ts";
export { createDocker } from "./sandbox/docker-client.ts";
export { ensureHostsFile, HOSTS_VOLUME } from "./sandbox/hosts-file.ts";
export { SandboxPool, type SandboxProvider } from "./sandbox/pool.ts";
export { Sandbox } from "./sandbox/sandbox.ts";
export { SandboxError } from "./sandbox/sandbox-error.ts";
export { type AccelChoice, probeKvm } from "./sandbox/vm-probe.ts";
export { RunServices, ServiceNotReadyError } from "./services/run-services.ts";
