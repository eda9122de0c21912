import { shopifyApp } from "@shopify/shopify-app-express";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import type { Database } from "../db/database.js";
import type { Logger } from "../logging/logger.js";
import { scrub } from "../logging/logger.js";
import type { Keyring } from "../security/encryption.js";
import { API_VERSION, shopifyApi } from "./api.js";
import { EncryptedSessionStorage } from "./encrypted-session-storage.js";

export interface ShopifyOptions {
  apiKey: string;
  apiSecret: string;
  appUrl: string;
  scopes: string[];
  db: Database;
  keyring: Keyring;
  logger: Logger;
  /** Called once a shop has authenticated by token exchange (a first install or a reinstall). */
  onAuthenticated?: (shop: string) => Promise<void>;
}

const { LogSeverity } = shopifyApi;
const PINO_TO_SHOPIFY: Record<string, number> = {
  trace: LogSeverity.Debug,
  debug: LogSeverity.Debug,
  info: LogSeverity.Info,
  warn: LogSeverity.Warning,
};

/**
 * The Shopify app object: embedded, Shopify-managed install with token exchange, expiring offline
 * tokens (mandatory for apps created after 2026-04-01), sessions in our database with tokens encrypted.
 */
export function createShopify(options: ShopifyOptions) {
  const { db, logger } = options;
  const url = new URL(options.appUrl);
  const log = logger.child({ component: "shopify" });
  return shopifyApp({
    api: {
      apiKey: options.apiKey,
      apiSecretKey: options.apiSecret,
      scopes: options.scopes,
      hostName: url.host,
      hostScheme: url.protocol === "http:" ? "http" : "https",
      apiVersion: API_VERSION,
      isEmbeddedApp: true,
      logger: {
        level: PINO_TO_SHOPIFY[logger.level] ?? LogSeverity.Error,
        timestamps: false,
        log: async (severity, message) => {
          const text = scrub(message);
          if (severity === LogSeverity.Error) log.error(text);
          else if (severity === LogSeverity.Warning) log.warn(text);
          else if (severity === LogSeverity.Info) log.info(text);
          else log.debug(text);
        },
      },
    },
    auth: { path: "/api/auth", callbackPath: "/api/auth/callback" },
    webhooks: { path: "/api/webhooks" },
    sessionStorage: new EncryptedSessionStorage(new PrismaSessionStorage(db.prisma), options.keyring, logger),
    useOnlineTokens: false,
    future: { tokenExchange: true, expiringOfflineAccessTokens: true },
    hooks: {
      afterAuth: async ({ session }) => {
        await options.onAuthenticated?.(session.shop);
        log.info({ shop: session.shop }, "shop authenticated by token exchange");
      },
    },
  });
}

export type ShopifyApp = ReturnType<typeof createShopify>;
