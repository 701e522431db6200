// Structured logs for the worker (pino), one logger created from config and passed down.
import { pino } from "pino";

export type Logger = pino.Logger;

export function createLogger(level: string, bindings: Record<string, unknown> = {}): Logger {
  return pino({ level, base: { app: "bsod-worker", ...bindings } });
}

/** A logger that drops everything (tests, the CLI when it does not want worker logs). */
export const silentLogger: Logger = pino({ level: "silent" });
