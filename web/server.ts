import http from "node:http";
import type { AddressInfo } from "node:net";
import { createApp } from "./app.js";
import type { Env } from "./config/env.js";
import { openDatabase, type Database } from "./db/database.js";
import { migrate } from "./db/migrate.js";
import { connectRedis, redisReady } from "./db/redis.js";
import { receiptRateLimiter } from "./consent/receipt-rate-limit.js";
import type { LocalMode } from "./app.js";
import { createLogger, type Logger } from "./logging/logger.js";
import { createKeyring } from "./security/encryption.js";
import type { ShopifyApp } from "./shopify/create-shopify.js";
import { complianceJobKinds } from "./compliance/compliance-jobs.js";
import { clearExpiredIdentities } from "./compliance/customer-identity.js";
import { purgeExpiredExports } from "./compliance/export-expiry.js";
import { purgePastRetention } from "./data-inventory/housekeeping.js";
import { startWorker, type Worker } from "./jobs/worker.js";
import { SETTINGS_SYNC_JOB, settingsSyncJob } from "./settings/storefront-sync.js";
import { TRACKERS_SYNC_JOB, trackersSyncJob } from "./leaks/store-trackers.js";
import { RETENTION_JOB, retentionJob, scheduleRetention } from "./consent/retention.js";
import { CONSENT_REGIONS_CHECK_JOB, consentRegionsCheckJob, scheduleConsentRegionsCheck } from "./settings/consent-regions-check.js";
import { mailerFor } from "./mail/mailer.js";
import { shopperJobKinds } from "./privacy-centre/jobs/shopper-jobs.js";
import { privacyRequestLimits } from "./privacy-centre/request-limits.js";
import { purgeUnconfirmedRequests } from "./privacy-centre/shopper-requests.js";

export interface RunningApp {
  url: string;
  server: http.Server;
  db: Database;
  shopify: ShopifyApp;
  logger: Logger;
  /** Local mode only (web/local/index.ts): the demo shop, its routes and the stand-in of Shopify. */
  local?: LocalMode;
  /** The job worker of this process (undefined with WORKER_ENABLED=false). */
  worker?: Worker;
  close(): Promise<void>;
}

/**
 * Boots the app: migrations, database, Shopify, HTTP. Without Shopify credentials it runs in local
 * mode: generated secrets under data/, a local stand-in for Shopify, and a demo shop with a session.
 */
export async function startApp(env: Env, options: { logger?: Logger; host?: string } = {}): Promise<RunningApp> {
  const startedAt = performance.now();
  const logger = options.logger ?? createLogger(env.logLevel);
  // Local mode is a development tool: loaded only without credentials, so production never imports it.
  const local: LocalMode | undefined = env.mode === "local" ? (await import("./local/index.js")).startLocalMode(env, logger) : undefined;
  const apiKey = local?.apiKey ?? env.apiKey!;
  const apiSecret = local?.apiSecret ?? env.apiSecret!;
  const encryptionKey = env.encryptionKey ?? local!.encryptionKey;

  const applied = await migrate(env.databaseUrl);
  if (applied.length) logger.info({ migrations: applied }, "database migrated");
  const db = openDatabase(env.databaseUrl, { logger, statementTimeoutMs: env.databaseTimeoutMs });
  // PostgreSQL: the job worker has its own small pool, so a busy worker never holds the connections
  // webhooks and receipts need (nor waits behind them). SQLite has one connection: the worker yields.
  const jobsDb =
    env.worker.enabled && db.provider === "postgresql"
      ? openDatabase(env.databaseUrl, { logger, statementTimeoutMs: env.databaseTimeoutMs, poolSize: 3, name: "worker" })
      : db;
  await db.ping(10_000);
  const keyring = createKeyring(encryptionKey, env.previousEncryptionKeys);
  const redis = env.redisUrl ? connectRedis(env.redisUrl, logger) : undefined;
  if (redis && !(await redisReady(redis))) logger.warn("redis not ready at start; receipt rate limits are per instance until it is");

  // Local mode sends every e-mail to its outbox unless SMTP is configured; production without SMTP sends none.
  const smtp = mailerFor(env.mail, logger);
  const mailer = local && !smtp.available ? local.mailer : smtp;

  let worker: Worker | undefined;
  let url = env.appUrl ?? "";
  let shuttingDown = false;
  const { app, shopify, notifier } = createApp({
    apiKey,
    apiSecret,
    appUrl: env.appUrl ?? `http://localhost:${env.port}`,
    scopes: env.scopes,
    db,
    keyring,
    logger,
    local,
    selfUrl: () => url,
    isShuttingDown: () => shuttingDown,
    onEnqueued: () => worker?.wake(),
    receiptLimiter: receiptRateLimiter(env.receiptLimits, redis),
    trustProxyHops: env.trustProxyHops,
    requestTimeoutMs: env.requestTimeoutMs,
    supportEmail: env.supportEmail,
    mailer,
    privacyLimits: privacyRequestLimits(redis),
  });

  worker = env.worker.enabled
    ? startWorker({
        prisma: jobsDb.prisma,
        kinds: {
          ...complianceJobKinds(jobsDb.prisma, keyring, env.worker.batchSize, notifier),
          ...shopperJobKinds({ prisma: jobsDb.prisma, keyring, shopify, notifier, batchSize: env.worker.batchSize }),
          [SETTINGS_SYNC_JOB]: settingsSyncJob(jobsDb.prisma, shopify),
          [RETENTION_JOB]: retentionJob(jobsDb.prisma, env.worker.batchSize),
          [CONSENT_REGIONS_CHECK_JOB]: consentRegionsCheckJob(shopify),
          [TRACKERS_SYNC_JOB]: trackersSyncJob(jobsDb.prisma, shopify),
        },
        logger,
        pollMs: env.worker.pollMs,
        leaseMs: env.worker.leaseMs,
        batchPauseMs: env.worker.batchPauseMs,
        yieldAfterBatches: db.provider === "sqlite",
        maintenance: async () => {
          await purgeExpiredExports(jobsDb.prisma);
          await purgePastRetention(jobsDb.prisma);
          await clearExpiredIdentities(jobsDb.prisma);
          await purgeUnconfirmedRequests(jobsDb.prisma);
          await scheduleRetention(jobsDb.prisma);
          await scheduleConsentRegionsCheck(jobsDb.prisma);
        },
      })
    : undefined;

  const server = http.createServer(app);
  // During shutdown, a keep-alive connection is closed as soon as its last response is sent.
  server.on("request", (_req, res: http.ServerResponse) =>
    res.on("finish", () => {
      if (shuttingDown) setImmediate(() => server.closeIdleConnections());
    }),
  );
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(env.port, options.host ?? "0.0.0.0", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  url = `http://127.0.0.1:${port}`;

  if (local) await local.install(shopify, db);
  logger.info({ port, database: db.provider, mode: env.mode, startupMs: Math.round(performance.now() - startedAt) }, "listening");
  if (local) logger.warn(`LOCAL MODE: open http://localhost:${port}/local/`);

  return {
    url,
    server,
    db,
    shopify,
    logger,
    local,
    worker,
    // Bounded by SHUTDOWN_TIMEOUT_MS even when the database does not answer: in-flight requests and the
    // job in hand get most of it, closing the database the rest.
    async close() {
      shuttingDown = true;
      const deadline = Date.now() + env.shutdownTimeoutMs;
      const drain = Math.round(env.shutdownTimeoutMs * 0.8);
      await Promise.all([closeServer(server, drain), worker?.stop(drain)]);
      await Promise.all([db.close(Math.max(100, deadline - Date.now())), jobsDb !== db ? jobsDb.close(Math.max(100, deadline - Date.now())) : undefined]);
      redis?.disconnect();
      smtp.close();
      local?.close?.();
    },
  };
}

/** Stops accepting, lets in-flight requests finish, then drops whatever is still open after the timeout. */
function closeServer(server: http.Server, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => server.closeAllConnections(), timeoutMs);
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    server.closeIdleConnections();
  });
}
