// How a harness steers the run's sidecar services without any access to the engine: it writes a
// `service.call` line among its HarnessMessages; the worker does it (docker exec, pause…) and
// answers with one ServiceReply line on the harness's stdin, matched by id.
import { z } from "zod";

/** A service as the harness sees it: its name (also its host name) and its port on loopback. */
export const HarnessService = z.object({ name: z.string(), port: z.number().int().min(1).max(65_535) });
export type HarnessService = z.infer<typeof HarnessService>;

export const ServiceOp = z.enum(["stop", "start", "pause", "resume", "exec", "state"]);
export type ServiceOp = z.infer<typeof ServiceOp>;

export const ServiceCall = z.object({
  type: z.literal("service.call"),
  id: z.number().int().nonnegative(),
  service: z.string().min(1).max(64),
  op: ServiceOp,
  /** exec: the command, run in the service's container as its user (psql …, redis-cli …). */
  argv: z.array(z.string().max(65_536)).min(1).max(256).optional(),
  /** exec: text for the command's stdin. */
  stdin: z
    .string()
    .max(1024 * 1024)
    .optional(),
  /** exec: how long it may take (default and maximum: 30 s). */
  timeoutMs: z.number().int().min(1).max(30_000).optional(),
});
export type ServiceCall = z.infer<typeof ServiceCall>;

export type ServiceState = "running" | "stopped" | "paused" | "gone";

export interface ServiceExecResult {
  /** null: it did not finish within its time. */
  code: number | null;
  stdout: string;
  stderr: string;
}

export type ServiceReply =
  | { id: number; ok: true; state?: ServiceState; exec?: ServiceExecResult }
  | { id: number; ok: false; error: string };
