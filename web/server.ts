import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { createApp } from "./app.js";
import type { Env } from "./config/env.js";
import { openDatabase, type Database } from "./db/database.js";
import { migrate } from "./db/migrate.js";
import { createFakeShopify, type FakeShopify } from "./local/fake-shopify/fake-shopify.js";
import { routeShopifyCallsTo } from "./local/fake-shopify/route-shopify-calls.js";
import { DEMO_SHOP, loadOrCreateLocalSecrets } from "./local/local-secrets.js";
import { mintSessionToken } from "./local/session-token.js";
import { createLogger, type Logger } from "./logging/logger.js";
import { createKeyring } from "./security/encryption.js";
import { shopifyApi } from "./shopify/api.js";
import type { ShopifyApp } from "./shopify/create-shopify.js";
import { markInstalled } from "./shops/shop-repository.js";
import { complianceJobKinds, purgeExpiredExports } from "./compliance/job-kinds.js";
import { startWorker, type Worker } from "./jobs/worker.js";

export interface RunningApp {
  url: string;
  server: http.Server;
  db: Database;
  shopify: ShopifyApp;
  logger: Logger;
  /** Local mode only: the stand-in Shopify answering the app's Admin API calls. */
  fake?: FakeShopify;
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
  const local = env.mode === "local" ? loadOrCreateLocalSecrets(env.dataDir) : undefined;
  const apiKey = local?.apiKey ?? env.apiKey!;
  const apiSecret = local?.apiSecret ?? env.apiSecret!;
  const encryptionKey = env.encryptionKey ?? Buffer.from(local!.encryptionKey, "base64");
  if (local) {
    logger.warn(
      `LOCAL MODE: SHOPIFY_API_KEY/SHOPIFY_API_SECRET are not set. Serving the demo shop ${DEMO_SHOP} against a local stand-in of Shopify; secrets are kept in ${path.join(env.dataDir, "local-secrets.json")}. Open /local/ to look around.`,
    );
  }

  const applied = await migrate(env.databaseUrl);
  if (applied.length) logger.info({ migrations: applied }, "database migrated");
  const db = openDatabase(env.databaseUrl);
  await db.ping(10_000);
  const keyring = createKeyring(encryptionKey, env.previousEncryptionKeys);

  let fake: FakeShopify | undefined;
  if (local) {
    fake = createFakeShopify({ apiKey, apiSecret, scopes: env.scopes, statePath: path.join(env.dataDir, "local-shopify.json") });
    routeShopifyCallsTo(fake);
  }

  const worker = env.worker.enabled
    ? startWorker({
        prisma: db.prisma,
        kinds: complianceJobKinds(db.prisma, keyring, env.worker.batchSize),
        logger,
        pollMs: env.worker.pollMs,
        leaseMs: env.worker.leaseMs,
        batchPauseMs: env.worker.batchPauseMs,
        maintenance: async () => {
          await purgeExpiredExports(db.prisma);
        },
      })
    : undefined;

  let url = env.appUrl ?? "";
  let shuttingDown = false;
  const { app, shopify } = createApp({
    apiKey,
    apiSecret,
    appUrl: env.appUrl ?? `http://localhost:${env.port}`,
    scopes: env.scopes,
    db,
    keyring,
    logger,
    localShop: local ? DEMO_SHOP : undefined,
    selfUrl: () => url,
    isShuttingDown: () => shuttingDown,
    onEnqueued: () => worker?.wake(),
    receiptLimits: env.receiptLimits,
    localSettings: () => {
      const field = fake?.metafieldsOf(DEMO_SHOP).find((m) => m.namespace === "consent_banner" && m.key === "settings");
      return field ? JSON.parse(field.value) : undefined;
    },
  });

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

  if (local) await installDemoShop(shopify, db, { apiKey, apiSecret });
  logger.info({ port, database: db.provider, mode: env.mode, startupMs: Math.round(performance.now() - startedAt) }, "listening");
  if (local) logger.warn(`LOCAL MODE: open http://localhost:${port}/local/`);

  return {
    url,
    server,
    db,
    shopify,
    logger,
    fake,
    worker,
    async close() {
      shuttingDown = true;
      await Promise.all([closeServer(server, env.shutdownTimeoutMs), worker?.stop(env.shutdownTimeoutMs)]);
      await db.close();
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

/** The demo shop's install, done the way Shopify's managed install does it: a token exchange. */
async function installDemoShop(shopify: ShopifyApp, db: Database, credentials: { apiKey: string; apiSecret: string }) {
  const storage = shopify.config.sessionStorage;
  const existing = await storage.loadSession(shopify.api.session.getOfflineId(DEMO_SHOP));
  if (!existing?.isActive(undefined)) {
    const { session } = await shopify.api.auth.tokenExchange({
      shop: DEMO_SHOP,
      sessionToken: await mintSessionToken({ ...credentials, shop: DEMO_SHOP }),
      requestedTokenType: shopifyApi.RequestedTokenType.OfflineAccessToken,
      expiring: true,
    });
    await storage.storeSession(session);
  }
  await markInstalled(db.prisma, DEMO_SHOP);
}
