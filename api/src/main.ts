// Entry point of the api process: `node --import tsx api/src/main.ts`.
import { pino } from "pino";
import { type ApiConfig, ConfigError, loadConfig } from "./config.ts";
import { startApi } from "./server.ts";

async function main() {
  let config: ApiConfig;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`bsod api: ${err.message}`);
      process.exit(2);
    }
    throw err;
  }
  const logger = pino({ level: config.logLevel });
  const api = await startApi(config, logger);
  logger.info({ url: api.url }, "api listening");
  logger.info({ organizer: api.demo.username, jam: api.demo.jamSlug }, "ready");
  const stop = async (signal: string) => {
    logger.info({ signal }, "stopping");
    await api.close();
    process.exit(0);
  };
  process.once("SIGTERM", () => void stop("SIGTERM"));
  process.once("SIGINT", () => void stop("SIGINT"));
}

main().catch((err: Error) => {
  console.error(`bsod api: ${err.message}`);
  process.exit(1);
});
