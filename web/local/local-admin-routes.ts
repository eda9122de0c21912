import compression from "compression";
import express, { Router } from "express";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { adminPage, escapeHtml, indexPage, webhooksPage } from "./pages.js";
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
    // The merchant's admin language (?locale=de), passed as Shopify passes it.
    const locale = typeof req.query.locale === "string" && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,4}){0,2}$/.test(req.query.locale) ? req.query.locale : "en";
    const query = new URLSearchParams({ embedded: "1", shop, host, locale, id_token: idToken });
    const path = typeof req.query.path === "string" && /^\/[\w/-]*$/.test(req.query.path) ? req.query.path : "/";
    res.type("html").send(adminPage(`${path}?${query}`, shop));
  });

  // The Shopify admin's own pages that the app links to (`shopify://admin/<path>`, opened at the top
  // level as Shopify opens them): the theme editor, whose Save switches the app embed on when the link
  // asked to activate it, and any other admin page as a placeholder with the way back to the app.
  router.get(/^\/shopify-admin(\/.*)?$/, (req, res) => {
    const adminPath = req.path.slice("/shopify-admin".length) || "/";
    const activate = typeof req.query.activateAppId === "string" ? req.query.activateAppId : "";
    const themeEditor = adminPath === "/themes/current/editor";
    const activates = themeEditor && req.query.context === "apps" && activate === `${options.apiKey}/consent-banner`;
    res.type("html").send(shopifyAdminPage({ shop, adminPath, query: new URLSearchParams(req.query as Record<string, string>).toString(), activates }));
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

  // Every Admin API (GraphQL) call the stand-in Shopify answered for the demo shop, newest first.
  router.get("/shopify/calls.json", (_req, res) => {
    const calls = options.fake.calls
      .filter((call) => call.kind === "graphql" && call.shop === shop)
      .map((call) => ({ operationName: call.operation ?? null, variables: call.variables ?? {}, at: call.at }))
      .reverse();
    res.set("Cache-Control", "no-store").json(calls);
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

/** A stand-in of a Shopify admin page, opened at the top level (the theme editor saves the embed on). */
function shopifyAdminPage({ shop, adminPath, query, activates }: { shop: string; adminPath: string; query: string; activates: boolean }): string {
  const where = escapeHtml(`${adminPath}${query ? `?${query}` : ""}`);
  const editor = activates
    ? `<p>The theme editor opened with the <strong>Consent banner</strong> app embed switched on (Theme settings › App embeds). Save to publish it.</p>
  <p><button type="button" id="save">Save</button> <span id="saved" role="status"></span></p>
  <script>
    document.getElementById("save").addEventListener("click", async () => {
      const response = await fetch("/local/embed", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ active: true }) });
      document.getElementById("saved").textContent = response.ok ? "Saved: the app embed is on in the live theme." : "Could not save (" + response.status + ").";
    });
  </script>`
    : `<p>This page belongs to Shopify's admin; local mode does not draw it.</p>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Shopify admin (stand-in) · local mode</title>
<style>body{margin:0;font:15px/1.5 system-ui,sans-serif;color:#1a1a1a;background:#f1f1f1}main{max-width:50rem;margin:1.5rem auto;padding:1rem 1.25rem;background:#fff;border-radius:12px}
code{background:#eee;padding:0 .25rem;border-radius:4px}button{font:inherit;min-height:2.25rem;padding:.4rem .9rem;background:#1a1a1a;color:#fff;border:0;border-radius:8px;cursor:pointer}</style>
</head><body><main>
  <h1>Shopify admin of ${escapeHtml(shop)} (stand-in)</h1>
  <p>Opened at the top level, as Shopify opens <code>shopify://admin${where}</code>.</p>
  ${editor}
  <p><a href="/local/admin">Back to the app</a></p>
</main></body></html>`;
}
