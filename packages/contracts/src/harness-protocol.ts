// The protocol between the worker and the harness running inside the sandbox.
// The worker writes one HarnessConfig as JSON on the harness's stdin; the harness writes
// one HarnessMessage per line on its stdout and nothing else. With sidecar services the
// harness may also ask the worker to steer them (service.call), answered on its stdin.
import { z } from "zod";
import { Metric } from "./run-result.ts";
import { HarnessService, ServiceCall } from "./service-protocol.ts";
import { Verdict } from "./verdicts.ts";

export const HarnessConfig = z.object({
  stages: z.array(z.string()).min(1),
  /** Shell command that starts the participant's program from workDir. */
  run: z.string(),
  seed: z.string(),
  stageTimeoutMs: z.number().int().positive(),
  /** Bytes of program output captured per stage before the program is stopped. */
  outputBytes: z.number().int().positive(),
  workDir: z.string(),
  /** uid/gid the program runs as; the harness itself runs as root without capabilities. */
  programUid: z.number().int().positive(),
  /**
   * vm runs with the stock kernel: the program runs in the guest, reached through this client
   * (`<exec> run -- cmd…`, `<exec> reap`) and the agent's port on the container's loopback.
   */
  guest: z.object({ exec: z.string(), agentPort: z.number().int().positive() }).optional(),
  /**
   * The run's sidecar services (reachable on 127.0.0.1:<port> or by name). With them, the
   * harness's stdin stays open after this line: the worker's replies to its `service.call`s.
   */
  services: z.array(HarnessService).optional(),
});
export type HarnessConfig = z.infer<typeof HarnessConfig>;

export const HarnessMessage = z.discriminatedUnion("type", [
  z.object({ type: z.literal("stage.started"), slug: z.string(), title: z.string().optional() }),
  z.object({
    type: z.literal("stage.log"),
    slug: z.string(),
    source: z.enum(["harness", "program"]),
    line: z.string(),
  }),
  z.object({
    type: z.literal("stage.passed"),
    slug: z.string(),
    durationMs: z.number().int().nonnegative(),
    metric: Metric.optional(),
  }),
  z.object({
    type: z.literal("stage.failed"),
    slug: z.string(),
    status: Verdict,
    durationMs: z.number().int().nonnegative(),
    message: z.string(),
    hint: z.string().optional(),
  }),
  z.object({ type: z.literal("harness.done") }),
  ServiceCall,
]);
export type HarnessMessage = z.infer<typeof HarnessMessage>;

/** Where things live inside the sandbox. */
export const SANDBOX_PATHS = {
  work: "/work",
  harnessDir: "/bsod",
  harnessBundle: "/bsod/harness.mjs",
} as const;
export const PROGRAM_UID = 2000;
