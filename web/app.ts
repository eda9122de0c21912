import express, { type Express } from "express";
import type { Database } from "./db/database.js";
import { healthRoutes } from "./health/routes.js";
import { errorHandler } from "./http/errors.js";
import { frontendRoutes } from "./http/frontend.js";
import { outageAs503 } from "./http/outage-as-503.js";
import { requestLog } from "./http/request-log.js";
import { localRoutes } from "./local/routes.js";
import type { Logger } from "./logging/logger.js";
import { verifyAppProxy } from "./proxy/verify-app-proxy.js";
import type { Keyring } from "./security/encryption.js";
import { createShopify, type ShopifyApp } from "./shopify/create-shopify.js";
import { shopRoutes } from "./shops/routes.js";
import { appUninstalled } from "./webhooks/app-uninstalled.js";
import { complianceRoutes } from "./compliance/routes.js";
import { recordComplianceRequest } from "./compliance/record-request.js";
import { receiptRoutes, type ReceiptLimits } from "./consent/routes.js";
import { localProxy } from "./local/storefront/local-proxy.js";
import { storefrontRoutes } from "./local/storefront/routes.js";
import { receiveWebhook } from "./webhooks/receive-webhook.js";

export interface AppContext {
  apiKey: string;
  apiSecret: string;
  appUrl: string;
  scopes: string[];
  db: Database;
  keyring: Keyring;
  logger: Logger;
  /** Local mode: the demo shop served by /local/*. Undefined with real Shopify credentials. */
  localShop?: string;
  selfUrl: () => string;
  isShuttingDown: () => boolean;
  /** Tells the job worker that work was enqueued. */
  onEnqueued: () => void;
  receiptLimits: ReceiptLimits;
  /** Local mode: the demo shop's app-owned settings metafield, read by the local storefront. */
  localSettings?: () => unknown;
}

/**
 * The whole HTTP surface, in the order requests meet it. Where things land:
 *   /healthz, /readyz          health/          liveness and database readiness
 *   /api/webhooks              webhooks/        every Shopify webhook (HMAC first, before any JSON parser);
 *                              compliance/      GDPR topics recorded there, worked by jobs/ after the 200
 *   /proxy/*                   proxy/, consent/ storefront requests through Shopify's app proxy (signed):
 *                                               POST /proxy/receipts stores a consent receipt
 *   /api/*                     shops/, compliance/   the admin UI's API (session token → offline session)
 *   /local/*, /apps/consent/*  local/           local mode only: Shopify's part for a demo shop (admin,
 *                                               storefront with the real app embed, app proxy)
 *   /, /assets/*               http/frontend    the embedded admin UI (web/frontend)
 */
export function createApp(context: AppContext): { app: Express; shopify: ShopifyApp } {
  const { db, logger } = context;
  const shopify = createShopify(context);
  const app = express();
  app.disable("x-powered-by");
  app.use(requestLog(logger));

  app.use(healthRoutes(db, context.isShuttingDown));

  const compliance = recordComplianceRequest({ prisma: db.prisma, keyring: context.keyring, logger, onEnqueued: context.onEnqueued });
  const webhookHandlers = {
    "app/uninstalled": appUninstalled(db.prisma),
    "customers/data_request": compliance,
    "customers/redact": compliance,
    "shop/redact": compliance,
  };
  app.all(shopify.config.webhooks.path, ...receiveWebhook(shopify, webhookHandlers, logger));

  app.use("/proxy", verifyAppProxy(shopify), receiptRoutes(db.prisma, context.keyring, logger, context.receiptLimits));

  app.use(
    "/api",
    outageAs503(shopify.validateAuthenticatedSession(), db),
    express.json({ limit: "100kb" }),
    shopRoutes(shopify, db, logger),
    complianceRoutes(db.prisma, context.keyring),
  );

  if (context.localShop) {
    app.use("/local", localRoutes({ apiKey: context.apiKey, apiSecret: context.apiSecret, shop: context.localShop, selfUrl: context.selfUrl }));
    app.use("/local", storefrontRoutes({ shop: context.localShop, savedSettings: context.localSettings }));
    app.use("/apps/consent", localProxy({ apiSecret: context.apiSecret, shop: context.localShop, selfUrl: context.selfUrl }));
  }

  app.use(frontendRoutes(shopify, { apiKey: context.apiKey, local: Boolean(context.localShop) }));

  app.use((_req, res) => {
    res.status(404).json({ error: "not found" });
  });
  app.use(errorHandler(logger));
  return { app, shopify };
}
