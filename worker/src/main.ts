// Entry point: node --import tsx worker/src/main.ts
import { loadConfig } from "./config.ts";
import { createLogger } from "./log.ts";
import { GradingWorker } from "./worker.ts";

const config = loadConfig(process.env);
const logger = createLogger(config.logLevel, { worker: config.workerId });

process.on("unhandledRejection", (err) => logger.error({ err }, "unhandled rejection"));

const worker = await GradingWorker.start(config, logger).catch((err: Error) => {
  logger.fatal({ err }, "worker could not start");
  process.exit(1);
});

let stopping = false;
for (const sig of ["SIGTERM", "SIGINT"] as const) {
  process.on(sig, () => {
    if (stopping) {
      logger.warn({ signal: sig }, "second signal: exiting without draining");
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal: sig }, "shutting down");
    worker.close().then(
      () => process.exit(0),
      (err: Error) => {
        logger.error({ err }, "shutdown failed");
        process.exit(1);
      },
    );
  });
}
