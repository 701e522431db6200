// Structured logs for the worker (pino), one logger created from config and passed down.
import type { Logger } from "@bsod/grader";
import { pino } from "pino";

export function createLogger(level: string, bindings: Record<string, unknown> = {}): Logger {
  return pino({ level, base: { app: "bsod-worker", ...bindings } });
}
