// Local mode's one entry point. web/server.ts loads it with a dynamic import, and only when no Shopify
// credentials are set: production code imports nothing from web/local/, so a host's
// `npm ci --omit=dev` (without local mode's devDependencies: liquidjs, graphql) starts fine.
import path from "node:path";
import { Router } from "express";
import type { LocalMode } from "../app.js";
import type { Env } from "../config/env.js";
import type { Logger } from "../logging/logger.js";
import type { Mailer } from "../mail/mailer.js";
import { shopifyApi } from "../shopify/api.js";
import { markInstalled } from "../shops/shop-repository.js";
import { sendCustomersRedact } from "./fake-shopify/erasure-webhook.js";
import { createFakeShopify, type FakeShopify } from "./fake-shopify/fake-shopify.js";
import { routeShopifyCallsTo } from "./fake-shopify/route-shopify-calls.js";
import { DEMO_SHOP, loadOrCreateLocalSecrets } from "./local-secrets.js";
import { localRoutes } from "./local-admin-routes.js";
import { createMailOutbox, type OutboxMessage } from "./mail-outbox.js";
import { mintSessionToken } from "./session-token.js";
import { localProxy } from "./storefront/local-proxy.js";
import { liquidInTheme, storefrontRoutes, THEME_EXAMPLES } from "./storefront/storefront-routes.js";

export interface LocalRuntime extends LocalMode {
  /** The stand-in Shopify answering the app's Admin API calls. */
  fake: FakeShopify;
  /** Where the app's e-mail goes in local mode (shown at /local/mail). */
  outbox: { mailer: Mailer; messages(): OutboxMessage[] };
}

/**
 * Generated secrets under data/, the local stand-in of Shopify (answering the library's calls through
 * its fetch hook), and the routes that play Shopify's part for the demo shop.
 */
export function startLocalMode(env: Env, logger: Logger): LocalRuntime {
  const secrets = loadOrCreateLocalSecrets(env.dataDir);
  const { apiKey, apiSecret } = secrets;
  logger.warn(
    `LOCAL MODE: SHOPIFY_API_KEY/SHOPIFY_API_SECRET are not set. Serving the demo shop ${DEMO_SHOP} against a local stand-in of Shopify; secrets are kept in ${path.join(env.dataDir, "local-secrets.json")}. Open /local/ to look around.`,
  );
  let appUrl: (() => string) | undefined;
  // Shopify erases a customer after its waiting period (LOCAL_ERASURE_DELAY_MS here) and sends customers/redact.
  const fake = createFakeShopify({
    apiKey,
    apiSecret,
    scopes: env.scopes,
    statePath: path.join(env.dataDir, "local-shopify.json"),
    erasureDelayMs: env.localErasureDelayMs,
    onErasure: sendCustomersRedact({ apiSecret, appUrl: () => appUrl?.() ?? "", logger }),
  });
  const undoRouting = routeShopifyCallsTo(fake);
  const outbox = createMailOutbox({ statePath: path.join(env.dataDir, "local-mail.json") });
  const savedSettings = () => {
    const field = fake.metafieldsOf(DEMO_SHOP).find((m) => m.namespace === "consent_banner" && m.key === "settings");
    return field ? JSON.parse(field.value) : undefined;
  };
  const storeTrackers = () => {
    const field = fake.metafieldsOf(DEMO_SHOP).find((m) => m.namespace === "consent_banner" && m.key === "trackers");
    return field ? JSON.parse(field.value) : undefined;
  };

  return {
    shop: DEMO_SHOP,
    apiKey,
    apiSecret,
    encryptionKey: Buffer.from(secrets.encryptionKey, "base64"),
    fake,
    outbox: { mailer: outbox.mailer, messages: outbox.messages },
    mailer: outbox.mailer,
    router(selfUrl) {
      appUrl = selfUrl;
      const router = Router();
      router.use("/local", localRoutes({ apiKey, apiSecret, shop: DEMO_SHOP, selfUrl, fake }));
      const themeDirs = [path.join(env.dataDir, "theme"), THEME_EXAMPLES];
      router.use("/local", storefrontRoutes({ shop: DEMO_SHOP, savedSettings, storeTrackers, themeDirs }));
      router.use("/local", outbox.routes());
      router.use(
        "/apps/consent",
        localProxy({ apiSecret, shop: DEMO_SHOP, selfUrl, theme: liquidInTheme({ shop: DEMO_SHOP, savedSettings, storeTrackers, themeDirs }) }),
      );
      return router;
    },
    // The demo shop's install, done the way Shopify's managed install does it: a token exchange.
    async install(shopify, db) {
      const storage = shopify.config.sessionStorage;
      const existing = await storage.loadSession(shopify.api.session.getOfflineId(DEMO_SHOP));
      if (!existing?.isActive(undefined)) {
        const { session } = await shopify.api.auth.tokenExchange({
          shop: DEMO_SHOP,
          sessionToken: await mintSessionToken({ apiKey, apiSecret, shop: DEMO_SHOP }),
          requestedTokenType: shopifyApi.RequestedTokenType.OfflineAccessToken,
          expiring: true,
        });
        await storage.storeSession(session);
      }
      await markInstalled(db.prisma, DEMO_SHOP);
    },
    close() {
      fake.close();
      undoRouting();
    },
  };
}
