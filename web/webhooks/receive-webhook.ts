import express, { type RequestHandler } from "express";
import { isDatabaseUnavailable } from "../db/errors.js";
import { HttpError, sendDatabaseUnavailable } from "../http/errors.js";
import type { Logger } from "../logging/logger.js";
import type { ShopifyApp } from "../shopify/create-shopify.js";
import type { WebhookHandlers } from "./types.js";
import { verifyWebhookHmac } from "./webhook-hmac.js";

const REQUIRED = ["x-shopify-topic", "x-shopify-shop-domain", "x-shopify-api-version", "x-shopify-webhook-id"] as const;
// Shopify's JSON is UTF-8; a BOM is dropped, and an invalid byte becomes U+FFFD rather than losing a signed request.
const utf8 = new TextDecoder("utf-8");

/**
 * POST /api/webhooks: every topic lands here, before any JSON parser.
 *  1. The HMAC is checked over the raw bytes. Anything that does not verify (missing, forged,
 *     truncated, not base64, empty or unreadable body, any method) is 401 and nothing is stored:
 *     Shopify's review posts a forged request and expects 401, never 404/405/200.
 *  2. Verified but incomplete (headers missing, body not a JSON object, bad shop) is 400 with a reason.
 *  3. The topic's handler runs (a Map: no topic reaches Object.prototype); a database outage is 503
 *     (Shopify retries), success is 200. A topic without a handler is acknowledged and logged.
 */
export function receiveWebhook(shopify: ShopifyApp, handlers: WebhookHandlers, logger: Logger): RequestHandler[] {
  const log = logger.child({ component: "webhooks" });
  const secret = shopify.api.config.apiSecretKey;
  const rawBytes = express.raw({ type: () => true, limit: "1mb" });

  const handle: RequestHandler = async (req, res) => {
    const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    if (!verifyWebhookHmac(rawBody, req.get("x-shopify-hmac-sha256"), secret)) {
      log.warn({ reason: rawBody.length ? "invalid or missing HMAC" : "empty body" }, "webhook rejected: HMAC did not verify");
      res.status(401).json({ error: "unauthorized" });
      return;
    }
    const missing = REQUIRED.filter((name) => !req.get(name));
    if (missing.length) {
      log.warn({ missing }, "webhook rejected: headers missing");
      res.status(400).json({ error: `missing headers: ${missing.join(", ")}` });
      return;
    }
    if (req.method !== "POST") {
      res.status(405).set("Allow", "POST").json({ error: "webhooks are delivered with POST" });
      return;
    }
    const topic = req.get("x-shopify-topic")!.toLowerCase();
    const webhookId = req.get("x-shopify-webhook-id")!;
    const context = { topic, webhookId };
    const shop = shopify.api.utils.sanitizeShop(req.get("x-shopify-shop-domain")!);
    if (!shop) {
      log.warn(context, "webhook rejected: shop domain is not a myshopify domain");
      res.status(400).json({ error: "X-Shopify-Shop-Domain is not a valid shop domain" });
      return;
    }
    const text = utf8.decode(rawBody);
    let payload: unknown;
    try {
      payload = JSON.parse(text);
    } catch (error) {
      log.warn({ ...context, shop }, "webhook rejected: malformed JSON");
      res.status(400).json({ error: `malformed JSON body: ${(error as Error).message}` });
      return;
    }
    if (!payload || typeof payload !== "object" || Array.isArray(payload)) {
      res.status(400).json({ error: "body must be a JSON object" });
      return;
    }
    const handler = handlers.get(topic);
    if (!handler) {
      log.info({ ...context, shop }, "webhook topic has no handler; acknowledged");
      res.status(200).json({ status: "ignored" });
      return;
    }
    const triggeredAt = new Date(req.get("x-shopify-triggered-at") ?? "");
    try {
      await handler({
        topic,
        shop,
        webhookId,
        eventId: req.get("x-shopify-event-id") || undefined,
        triggeredAt: Number.isNaN(triggeredAt.getTime()) ? undefined : triggeredAt,
        apiVersion: req.get("x-shopify-api-version")!,
        payload: payload as Record<string, unknown>,
        rawBody: text,
      });
      res.status(200).json({ status: "ok" });
    } catch (error) {
      if (error instanceof HttpError) {
        log.warn({ ...context, shop, reason: error.message }, "webhook rejected");
        res.status(error.status).json({ error: error.message });
      } else if (isDatabaseUnavailable(error)) {
        log.warn({ ...context, shop, err: error }, "webhook not recorded: database unavailable");
        sendDatabaseUnavailable(res);
      } else {
        log.error({ ...context, shop, err: error }, "webhook handler failed");
        res.status(500).json({ error: "internal error" });
      }
    }
  };

  return [
    (req, res, next) =>
      rawBytes(req, res, (error?: unknown) => {
        if (!error) return next();
        // An unreadable (bad Content-Encoding, broken gzip) or oversized body cannot be verified.
        res.status((error as { status?: number }).status === 413 ? 413 : 401).json({ error: "unauthorized" });
      }),
    handle,
  ];
}
