import express, { type RequestHandler } from "express";
import { isDatabaseUnavailable } from "../db/errors.js";
import { HttpError, sendDatabaseUnavailable } from "../http/errors.js";
import type { Logger } from "../logging/logger.js";
import type { ShopifyApp } from "../shopify/create-shopify.js";
import type { WebhookHandlers } from "./types.js";

/**
 * POST /api/webhooks: every topic lands here, before any JSON parser.
 *  1. The HMAC is checked by Shopify's library over the raw body. Anything that does not verify
 *     (missing, forged, truncated, not base64, empty body, any method) is 401 and nothing is stored:
 *     Shopify's review posts a forged request and expects 401, never 404/405/200.
 *  2. Verified but incomplete (headers missing, body not a JSON object, bad shop) is 400 with a reason.
 *  3. The topic's handler runs; a database outage is 503 (Shopify retries), success is 200.
 */
export function receiveWebhook(shopify: ShopifyApp, handlers: WebhookHandlers, logger: Logger): RequestHandler[] {
  const log = logger.child({ component: "webhooks" });
  const rawText = express.text({ type: () => true, limit: "1mb" });

  const handle: RequestHandler = async (req, res) => {
    const rawBody = typeof req.body === "string" ? req.body : "";
    const check = await shopify.api.webhooks.validate({ rawBody, rawRequest: req, rawResponse: res });
    if (!check.valid) {
      if (check.reason === "missing_headers") {
        const missing = "missingHeaders" in check ? check.missingHeaders : [];
        log.warn({ missing }, "webhook rejected: headers missing");
        res.status(400).json({ error: `missing headers: ${missing.join(", ")}` });
        return;
      }
      log.warn({ reason: check.reason }, "webhook rejected: HMAC did not verify");
      res.status(401).json({ error: "unauthorized" });
      return;
    }
    if (req.method !== "POST") {
      res.status(405).set("Allow", "POST").json({ error: "webhooks are delivered with POST" });
      return;
    }
    const topic = String(req.get("x-shopify-topic") ?? "").toLowerCase();
    const shop = shopify.api.utils.sanitizeShop(check.domain);
    const context = { topic, webhookId: check.webhookId };
    if (!shop) {
      log.warn(context, "webhook rejected: shop domain is not a myshopify domain");
      res.status(400).json({ error: "X-Shopify-Shop-Domain is not a valid shop domain" });
      return;
    }
    let payload: unknown;
    try {
      payload = JSON.parse(rawBody);
    } catch (error) {
      log.warn({ ...context, shop }, "webhook rejected: malformed JSON");
      res.status(400).json({ error: `malformed JSON body: ${(error as Error).message}` });
      return;
    }
    if (!payload || typeof payload !== "object" || Array.isArray(payload)) {
      res.status(400).json({ error: "body must be a JSON object" });
      return;
    }
    const handler = handlers[topic];
    if (!handler) {
      log.info({ ...context, shop }, "webhook topic has no handler; acknowledged");
      res.status(200).json({ status: "ignored" });
      return;
    }
    const triggeredAt = check.triggeredAt ? new Date(check.triggeredAt) : undefined;
    try {
      await handler({
        topic,
        shop,
        webhookId: check.webhookId,
        eventId: "eventId" in check ? check.eventId : undefined,
        triggeredAt: triggeredAt && !Number.isNaN(triggeredAt.getTime()) ? triggeredAt : undefined,
        apiVersion: check.apiVersion,
        payload: payload as Record<string, unknown>,
        rawBody,
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
      rawText(req, res, (error?: unknown) => {
        if (!error) return next();
        // An unreadable or oversized body cannot be verified: treat it as unauthenticated.
        res.status((error as { status?: number }).status === 413 ? 413 : 401).json({ error: "unauthorized" });
      }),
    handle,
  ];
}
