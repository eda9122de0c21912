import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { readEnv } from "../../web/config/env.js";
import { createFakeShopify, type FakeShopify } from "../../web/local/fake-shopify/fake-shopify.js";
import { routeShopifyCallsTo } from "../../web/local/fake-shopify/route-shopify-calls.js";
import { mintSessionToken } from "../../web/local/session-token.js";
import { signProxyQuery } from "../../web/local/storefront/local-proxy.js";
import { signedDelivery } from "../../web/local/webhook-delivery.js";
import { createLogger } from "../../web/logging/logger.js";
import { startApp, type RunningApp } from "../../web/server.js";
import { afterAll, beforeAll } from "vitest";
import type { Provider } from "../../web/db/database.js";
import { createTestDatabase, type TestDatabase } from "./databases.js";
import { LogCapture } from "./log-capture.js";

export const API_KEY = "test-api-key";
export const API_SECRET = "test-api-secret-0123456789abcdef";
export const ENCRYPTION_KEY = "a".repeat(64);
export const SHOP = "test-shop.myshopify.com";
export const OTHER_SHOP = "other-shop.myshopify.com";

export interface TestApp extends RunningApp {
  fake: FakeShopify;
  logs: LogCapture;
  sessionToken(shop?: string, options?: { secret?: string }): Promise<string>;
  /** GET/POST /api/... as the embedded admin would, with a fresh session token. */
  api(pathname: string, init?: RequestInit & { shop?: string }): Promise<Response>;
  /** Delivers a webhook signed with the app secret, like Shopify. */
  webhook(topic: string, payload: unknown, options?: { shop?: string; webhookId?: string; eventId?: string }): Promise<Response>;
  /** A shopper's choice, through the app proxy (signed like Shopify's) as the banner sends it. */
  receipt(body: Record<string, unknown>, options?: { shop?: string; customer?: string; ip?: string }): Promise<Response>;
}

/**
 * Boots the real app (real HTTP port, real database) with test credentials. Shopify's endpoints are
 * answered by the local fake through the library's fetch hook.
 */
export async function startTestApp(database: TestDatabase, env: Record<string, string> = {}): Promise<TestApp> {
  const logs = new LogCapture();
  const config = readEnv({
    SHOPIFY_API_KEY: API_KEY,
    SHOPIFY_API_SECRET: API_SECRET,
    SHOPIFY_APP_URL: "https://consent-app.example.test",
    DATABASE_URL: database.url,
    ENCRYPTION_KEY,
    PORT: "0",
    LOG_LEVEL: "debug",
    APP_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "consent-data-")),
    ...env,
  });
  const fake = createFakeShopify({ apiKey: API_KEY, apiSecret: API_SECRET, scopes: config.scopes });
  const undo = routeShopifyCallsTo(fake);
  // The level asked for (tests: debug, above; benches: warn, as in their LOG_LEVEL), captured in memory.
  const running = await startApp(config, { logger: createLogger(config.logLevel, logs), host: "127.0.0.1" });
  const sessionToken = (shop = SHOP, options: { secret?: string } = {}) => mintSessionToken({ apiKey: API_KEY, apiSecret: options.secret ?? API_SECRET, shop });
  return {
    ...running,
    fake,
    logs,
    sessionToken,
    async api(pathname, init = {}) {
      const token = await sessionToken(init.shop ?? SHOP);
      return fetch(`${running.url}${pathname}`, {
        ...init,
        headers: {
          authorization: `Bearer ${token}`,
          accept: "application/json",
          ...(init.body ? { "content-type": "application/json" } : {}),
          ...init.headers,
        },
      });
    },
    webhook(topic, payload, options = {}) {
      const delivery = signedDelivery(topic, options.shop ?? SHOP, payload, API_SECRET, options);
      return fetch(`${running.url}/api/webhooks`, { method: "POST", headers: delivery.headers, body: delivery.body });
    },
    receipt(body, options = {}) {
      const query = new URLSearchParams({
        shop: options.shop ?? SHOP,
        logged_in_customer_id: options.customer ?? "",
        path_prefix: "/apps/consent",
        timestamp: String(Math.floor(Date.now() / 1000)),
      });
      return fetch(`${running.url}/proxy/receipts?${signProxyQuery(query, API_SECRET)}`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-for": options.ip ?? "203.0.113.1" },
        body: JSON.stringify(body),
      });
    },
    async close() {
      await running.close();
      undo();
    },
  };
}

/**
 * One test app per describe block: a fresh database of `provider` and the app on it, started before the
 * block's tests and closed after them. Read `.app` and `.database` inside the tests.
 */
export function useTestApp(provider: Provider, env: Record<string, string> = {}) {
  const context = {} as { app: TestApp; database: TestDatabase };
  beforeAll(async () => {
    context.database = await createTestDatabase(provider);
    context.app = await startTestApp(context.database, env);
  });
  afterAll(async () => {
    await context.app?.close();
    await context.database?.drop();
  });
  return context;
}
