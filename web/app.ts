import compression from "compression";
import express, { type Express, type Router } from "express";
import type { Database } from "./db/database.js";
import { healthRoutes } from "./health/health-checks.js";
import { errorHandler } from "./http/errors.js";
import { frontendRoutes } from "./http/frontend.js";
import { requestDeadline } from "./http/request-deadline.js";
import { requestLog } from "./http/request-log.js";
import { shopifySession } from "./http/shopify-session.js";
import { storableJsonBody, storableUrl } from "./http/storable-text.js";
import type { Logger } from "./logging/logger.js";
import { verifyAppProxy } from "./proxy/verify-app-proxy.js";
import type { Keyring } from "./security/encryption.js";
import { createShopify, type ShopifyApp } from "./shopify/create-shopify.js";
import { shopRoutes } from "./shops/shop-api.js";
import { markInstalled } from "./shops/shop-repository.js";
import { appUninstalled } from "./webhooks/app-uninstalled.js";
import { scopesUpdate } from "./webhooks/scopes-update.js";
import { complianceRoutes } from "./compliance/privacy-requests-api.js";
import { homeApi } from "./home/home-api.js";
import { consentApi } from "./consent/consent-api.js";
import { leakApi } from "./leaks/leak-api.js";
import { trackerChoicesApi } from "./leaks/tracker-choices-api.js";
import { helpApi } from "./help/help-api.js";
import { webVitalsApi } from "./field-data/web-vitals.js";
import { receiptsCsv } from "./consent/receipts-csv.js";
import { settingsApi } from "./settings/settings-api.js";
import { recordComplianceRequest } from "./compliance/record-request.js";
import { receiptRoutes } from "./consent/receipt-endpoint.js";
import type { ReceiptRateLimiter } from "./consent/receipt-rate-limit.js";
import { receiveWebhook } from "./webhooks/receive-webhook.js";
import type { Mailer } from "./mail/mailer.js";
import type { ShopperNotifier } from "./privacy-centre/request-types.js";
import type { PrivacyRequestLimits } from "./privacy-centre/request-limits.js";
import { privacyRoutes } from "./privacy-centre/privacy-routes.js";
import { shopperNotices } from "./privacy-centre/shopper-notices.js";
import { merchantPrivacyApi } from "./privacy-centre/merchant-api.js";

export interface AppContext {
  apiKey: string;
  apiSecret: string;
  appUrl: string;
  scopes: string[];
  db: Database;
  keyring: Keyring;
  logger: Logger;
  /** Local mode (web/local/index.ts, loaded only without credentials). Undefined in production. */
  local?: LocalMode;
  selfUrl: () => string;
  isShuttingDown: () => boolean;
  /** Tells the job worker that work was enqueued. */
  onEnqueued: () => void;
  receiptLimiter: ReceiptRateLimiter;
  /** Express `trust proxy`: how many proxies (Shopify's app proxy, a load balancer) are in front. */
  trustProxyHops: number;
  /** No request waits longer than this for its answer (503 then). */
  requestTimeoutMs: number;
  /** Where merchants write for help (SUPPORT_EMAIL), for the Help page. */
  supportEmail?: string;
  /** E-mail to shoppers (SMTP, or local mode's outbox). */
  mailer: Mailer;
  /** The privacy centre's request limits, per network and per e-mail address. */
  privacyLimits: PrivacyRequestLimits;
}

/** What local mode (web/local/index.ts) gives the app: credentials, a demo shop and Shopify's part. */
export interface LocalMode {
  shop: string;
  apiKey: string;
  apiSecret: string;
  encryptionKey: Buffer;
  /** /local/* (admin, storefront, webhooks) and the storefront's app proxy, /apps/consent/*. */
  router(selfUrl: () => string): Router;
  /** Every e-mail lands in local mode's outbox (/local/mail). */
  mailer: Mailer;
  /** Once listening: installs the demo shop the way Shopify's managed install does. */
  install(shopify: ShopifyApp, db: Database): Promise<void>;
  close?(): void;
}

/**
 * The whole HTTP surface, in the order requests meet it. Where things land:
 *   /healthz, /readyz          health/          liveness and database readiness
 *   /api/webhooks              webhooks/        every Shopify webhook (HMAC first, before any JSON parser);
 *                              compliance/      GDPR topics recorded there, worked by jobs/ after the 200
 *   /proxy/*                   proxy/, consent/ storefront requests through Shopify's app proxy (signed):
 *                              privacy-centre/  POST /proxy/receipts stores a consent receipt, POST /proxy/breakage
 *                                               counts trackers that failed after release; /proxy/privacy*
 *                                               is the shoppers' privacy centre (Liquid pages in the theme)
 *   /api/*                     shops/, compliance/   the admin UI's API (session token → offline session)
 *   /local/*, /apps/consent/*  local/           local mode only: Shopify's part for a demo shop (admin,
 *                                               storefront with the real app embed, app proxy)
 *   /, /assets/*               http/frontend    the embedded admin UI (web/frontend)
 */
export function createApp(context: AppContext): { app: Express; shopify: ShopifyApp; notifier: ShopperNotifier } {
  const { db, logger } = context;
  // A token exchange gives up on Shopify before the request's own deadline, so the answer names Shopify.
  const shopifyTimeoutMs = Math.round((context.requestTimeoutMs * 2) / 3);
  const shopify = createShopify({ ...context, shopifyTimeoutMs, onAuthenticated: (shop) => markInstalled(db.prisma, shop) });
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", context.trustProxyHops);
  app.use(requestLog(logger));
  app.use(requestDeadline(context.requestTimeoutMs));
  // No path or query text that a database column cannot hold gets past this (404 / 400).
  app.use(storableUrl());

  app.use(healthRoutes(db, context.isShuttingDown));

  const compliance = recordComplianceRequest({ driver: db.driver, keyring: context.keyring, logger, onEnqueued: context.onEnqueued });
  const webhookHandlers = new Map([
    ["app/uninstalled", appUninstalled(db.prisma)],
    ["app/scopes_update", scopesUpdate(db.prisma)],
    ["customers/data_request", compliance],
    ["customers/redact", compliance],
    ["shop/redact", compliance],
  ]);
  app.all(shopify.config.webhooks.path, ...receiveWebhook(shopify, webhookHandlers, logger));

  const notifier = shopperNotices({ prisma: db.prisma, keyring: context.keyring, shopify, mailer: context.mailer, logger });
  app.use(
    "/proxy",
    verifyAppProxy(shopify),
    receiptRoutes(db.driver, context.keyring, logger, context.receiptLimiter),
    privacyRoutes({
      prisma: db.prisma,
      keyring: context.keyring,
      shopify,
      mailer: context.mailer,
      notifier,
      limits: context.privacyLimits,
      logger,
      onEnqueued: context.onEnqueued,
      // Local mode's storefront is this server; a real one is the shop's primary domain, asked of Shopify.
      storefrontHost: context.local ? () => new URL(context.selfUrl()).host : undefined,
    }),
  );

  // The CSV download is authorised by its signed link (a browser download carries no session token).
  app.use(receiptsCsv({ prisma: db.prisma, driver: db.driver, keyring: context.keyring, logger }));
  app.use(
    "/api",
    compression(),
    shopifySession(shopify, db, logger),
    express.json({ limit: "100kb" }),
    storableJsonBody(),
    shopRoutes(shopify, db, logger),
    merchantPrivacyApi({ prisma: db.prisma, keyring: context.keyring, shopify, notifier, onEnqueued: context.onEnqueued }),
    complianceRoutes(db.prisma, context.keyring),
    settingsApi({ prisma: db.prisma, shopify, logger, onEnqueued: context.onEnqueued }),
    homeApi({ prisma: db.prisma, shopify }),
    consentApi({ prisma: db.prisma, driver: db.driver, keyring: context.keyring }),
    leakApi({ prisma: db.prisma }),
    trackerChoicesApi({ prisma: db.prisma, shopify, logger, onEnqueued: context.onEnqueued }),
    helpApi({ supportEmail: context.supportEmail }),
    webVitalsApi(logger),
  );

  if (context.local) app.use(context.local.router(context.selfUrl));

  app.use(frontendRoutes(shopify, { apiKey: context.apiKey, local: Boolean(context.local) }));

  app.use((_req, res) => {
    res.status(404).json({ error: "not found" });
  });
  app.use(errorHandler(logger));
  return { app, shopify, notifier };
}
