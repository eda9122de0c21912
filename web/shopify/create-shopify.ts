import { shopifyApp } from "@shopify/shopify-app-express";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import type { Database } from "../db/database.js";
import type { Logger } from "../logging/logger.js";
import { scrub } from "../logging/logger.js";
import type { Keyring } from "../security/encryption.js";
import { API_VERSION, shopifyApi } from "./api.js";
import { EncryptedSessionStorage } from "./encrypted-session-storage.js";
import { isShopifyUnavailable, noteFailure, ShopifyUnavailableError } from "./library-failures.js";

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
  /** How long a token exchange or refresh waits for Shopify (default 10 s); then Shopify counts as unavailable. */
  shopifyTimeoutMs?: number;
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
  const shopify = shopifyApp({
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
        try {
          await options.onAuthenticated?.(session.shop);
        } catch (error) {
          noteFailure(error);
          throw error;
        }
        log.info({ shop: session.shop }, "shop authenticated by token exchange");
      },
    },
  });
  refuseTokensForNoShop(shopify.api);
  noteShopifyOutages(shopify.api, options.shopifyTimeoutMs ?? 10_000);
  return shopify;
}

type Api = ReturnType<typeof shopifyApp>["api"];

/**
 * A session token is Shopify's only when its `dest` is `https://<shop>.myshopify.com`: one correctly
 * signed but naming anything else is an invalid token (the library answers 401), not a shop to exchange
 * a token with (the library would fail on it with 500). Every caller of the library's decoder gets this.
 */
function refuseTokensForNoShop(api: Api): void {
  const decode = api.session.decodeSessionToken;
  api.session.decodeSessionToken = async (token, decodeOptions) => {
    const payload = await decode(token, decodeOptions);
    let shop: string | null = null;
    try {
      const dest = new URL(payload.dest);
      if (dest.protocol === "https:" && dest.pathname === "/" && !dest.search && !dest.port && !dest.username) shop = api.utils.sanitizeShop(dest.hostname);
    } catch {
      shop = null;
    }
    if (!shop) throw new shopifyApi.InvalidJwtError("Session token's dest is not a shop");
    return payload;
  };
}

/**
 * Token exchange and refresh give up on a Shopify that does not answer within `timeoutMs`, and note a
 * Shopify outage (library-failures.ts) before the library turns it into a bare 500.
 */
function noteShopifyOutages(api: Api, timeoutMs: number): void {
  const guard = async <T>(call: () => Promise<T>): Promise<T> => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(Object.assign(new Error(`Shopify gave no answer in ${timeoutMs} ms`), { name: "TimeoutError" })), timeoutMs);
    });
    try {
      return await Promise.race([call(), timeout]);
    } catch (error) {
      if (isShopifyUnavailable(error)) noteFailure(new ShopifyUnavailableError(error));
      throw error;
    } finally {
      clearTimeout(timer);
    }
  };
  const { tokenExchange, refreshToken } = api.auth;
  api.auth.tokenExchange = (params) => guard(() => tokenExchange(params));
  api.auth.refreshToken = (params) => guard(() => refreshToken(params));
}

export type ShopifyApp = ReturnType<typeof createShopify>;
