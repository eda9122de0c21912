// Entry point: `npm start`. Reads the environment, boots the app, shuts down gracefully on SIGTERM.
import { ConfigError, readEnv } from "./config/env.js";
import { createLogger } from "./logging/logger.js";
import { startApp } from "./server.js";

let env;
try {
  env = readEnv();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`${error.message}\n\nSee the configuration table in README.md.`);
  process.exit(1);
}

const logger = createLogger(env.logLevel);

// Last resort: an error nothing handled leaves the process in an unknown state. Log it and exit
// non-zero so the supervisor starts a fresh one, rather than limping on.
for (const event of ["uncaughtException", "unhandledRejection"] as const) {
  process.on(event, (error) => {
    logger.fatal({ err: error, event }, "unhandled error; exiting for the supervisor to restart the app");
    process.exit(1);
  });
}

try {
  const app = await startApp(env, { logger });
  // The database can never serve again in this process (SQLite's thread ended): exit for the supervisor.
  app.db.onFailure((error) => {
    logger.fatal({ err: error }, "the database can no longer serve in this process; exiting for the supervisor to restart the app");
    process.exit(1);
  });
  let stopping = false;
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal }, "shutting down: no new connections, finishing in-flight requests");
      // Belt and braces: close() is bounded by SHUTDOWN_TIMEOUT_MS; this catches a bug in that bound.
      setTimeout(() => {
        logger.error("shutdown overran SHUTDOWN_TIMEOUT_MS; exiting");
        process.exit(1);
      }, env.shutdownTimeoutMs + 1_000).unref();
      app.close().then(
        () => {
          logger.info("shutdown complete");
          process.exit(0);
        },
        (error) => {
          logger.error({ err: error }, "shutdown failed");
          process.exit(1);
        },
      );
    });
  }
} catch (error) {
  logger.fatal({ err: error }, "could not start");
  process.exit(1);
}
