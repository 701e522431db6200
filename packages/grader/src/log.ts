// The grading engine logs through a pino logger its caller passes in (the worker's, or none).
import { pino } from "pino";

export type Logger = pino.Logger;

/** A logger that drops everything (tests, the CLI when it does not want grading logs). */
export const silentLogger: Logger = pino({ level: "silent" });
