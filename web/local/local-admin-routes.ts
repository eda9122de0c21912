import compression from "compression";
import express, { Router } from "express";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { adminPage, indexPage, webhooksPage } from "./pages.js";
import type { FakeShopify } from "./fake-shopify/fake-shopify.js";
import { mintSessionToken } from "./session-token.js";
import { SAMPLE_TOPICS, deliverWebhook, samplePayload, signedDelivery, type SampleTopic } from "./webhook-delivery.js";

export interface LocalRoutesOptions {
  apiKey: string;
  apiSecret: string;
  shop: string;
  fake: FakeShopify;
  /** Where this server can reach itself (webhooks are posted over real HTTP, like Shopify's). */
  selfUrl: () => string;
}

const PUBLIC = path.join(path.dirname(fileURLToPath(import.meta.url)), "public");

/** /local/*: exists only in local mode. Pages that play Shopify's part for the demo shop. */
export function localRoutes(options: LocalRoutesOptions): Router {
  const router = Router();
  const { shop } = options;
  const host = Buffer.from(`admin.shopify.com/store/${shop.split(".")[0]}`).toString("base64url");

  router.get("/", (_req, res) => {
    res.type("html").send(indexPage(shop));
  });

  // ?path=/banner opens the app on that page (the admin keeps the app's path in its own URL, so a reload stays there).
  router.get("/admin", async (req, res) => {
    const idToken = await mintSessionToken({ apiKey: options.apiKey, apiSecret: options.apiSecret, shop });
    const query = new URLSearchParams({ embedded: "1", shop, host, locale: "en", id_token: idToken });
    const path = typeof req.query.path === "string" && /^\/[\w/-]*$/.test(req.query.path) ? req.query.path : "/";
    res.type("html").send(adminPage(`${path}?${query}`, shop));
  });

  router.post("/session-token", async (_req, res) => {
    res.set("Cache-Control", "no-store").json({
      token: await mintSessionToken({ apiKey: options.apiKey, apiSecret: options.apiSecret, shop }),
    });
  });

  // The theme editor's part: whether the app embed is on in the live theme, and App Bridge's
  // `shopify.app.extensions()` answer built from it (the shape Shopify documents).
  const embedState = () => {
    const active = options.fake.shopState(shop).embedActive;
    return {
      active,
      extensions: [
        {
          handle: "consent-banner",
          type: "theme_app_extension",
          activations: [
            {
              handle: "consent-banner",
              name: "Consent banner",
              target: "compliance_head",
              status: active ? "active" : "available",
              activations: active ? [{ target: "compliance_head", themeId: "gid://shopify/OnlineStoreTheme/1" }] : [],
            },
          ],
        },
      ],
    };
  };
  router.get("/embed", (_req, res) => {
    res.set("Cache-Control", "no-store").json(embedState());
  });
  router.post("/embed", express.json({ limit: "1kb" }), (req, res) => {
    options.fake.setEmbedActive(shop, req.body?.active === true);
    res.json(embedState());
  });

  // Compressed, as Shopify's CDN serves the real one.
  router.get("/app-bridge.js", compression(), (_req, res) => {
    res.sendFile(path.join(PUBLIC, "app-bridge.js"));
  });

  router.get("/webhooks", (_req, res) => {
    res.type("html").send(webhooksPage(SAMPLE_TOPICS));
  });

  router.post("/webhooks", express.urlencoded({ extended: false, limit: "4kb" }), async (req, res) => {
    const topic = String(req.body?.topic ?? "") as SampleTopic;
    if (!SAMPLE_TOPICS.includes(topic)) {
      res
        .status(400)
        .type("html")
        .send(webhooksPage(SAMPLE_TOPICS, { topic, status: 400, body: "unknown topic" }));
      return;
    }
    const customerId = Number.parseInt(String(req.body?.customer ?? ""), 10);
    const payload = samplePayload(topic, { shop, customerId: Number.isFinite(customerId) ? customerId : undefined });
    const result = await deliverWebhook(`${options.selfUrl()}/api/webhooks`, signedDelivery(topic, shop, payload, options.apiSecret));
    res.type("html").send(webhooksPage(SAMPLE_TOPICS, { topic, ...result }));
  });

  return router;
}
