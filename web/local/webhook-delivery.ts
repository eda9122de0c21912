import { createHmac, randomUUID } from "node:crypto";
import { API_VERSION } from "../shopify/api.js";

/** The topics a local developer can send, with Shopify's documented sample payloads. */
export const SAMPLE_TOPICS = ["customers/data_request", "customers/redact", "shop/redact", "app/uninstalled"] as const;
export type SampleTopic = (typeof SAMPLE_TOPICS)[number];

/** The demo customer of local mode (the customer of Shopify's sample payloads): the webhook sender's and the storefront's. */
export const DEMO_CUSTOMER_ID = 191167;

export interface SampleOptions {
  shop: string;
  customerId?: number;
  email?: string;
}

/** Shopify's sample payload for a topic (shopify.dev privacy-law-compliance; app/uninstalled: the shop). */
export function samplePayload(topic: SampleTopic, { shop, customerId = DEMO_CUSTOMER_ID, email = "john@example.com" }: SampleOptions) {
  const shopId = 954889;
  switch (topic) {
    case "customers/data_request":
      return {
        shop_id: shopId,
        shop_domain: shop,
        orders_requested: [299938, 280263, 220458],
        customer: { id: customerId, email, phone: "555-625-1199" },
        data_request: { id: 9999 },
      };
    case "customers/redact":
      return {
        shop_id: shopId,
        shop_domain: shop,
        customer: { id: customerId, email, phone: "555-625-1199" },
        orders_to_redact: [299938, 280263, 220458],
      };
    case "shop/redact":
      return { shop_id: shopId, shop_domain: shop };
    case "app/uninstalled":
      return { id: shopId, name: shop.split(".")[0], myshopify_domain: shop, domain: shop };
  }
}

/** base64 HMAC-SHA256 of the raw body with the app secret: Shopify's webhook signature. */
export function signWebhook(rawBody: string, secret: string): string {
  return createHmac("sha256", secret).update(rawBody, "utf8").digest("base64");
}

export interface SignedDelivery {
  body: string;
  headers: Record<string, string>;
}

/** A delivery exactly as Shopify sends it: the headers of shopify.dev's delivery-structure page. */
export function signedDelivery(
  topic: string,
  shop: string,
  payload: unknown,
  secret: string,
  ids: { webhookId?: string; eventId?: string } = {},
): SignedDelivery {
  const body = JSON.stringify(payload);
  return {
    body,
    headers: {
      "content-type": "application/json",
      "x-shopify-topic": topic,
      "x-shopify-hmac-sha256": signWebhook(body, secret),
      "x-shopify-shop-domain": shop,
      "x-shopify-api-version": API_VERSION,
      "x-shopify-webhook-id": ids.webhookId ?? randomUUID(),
      "x-shopify-event-id": ids.eventId ?? randomUUID(),
      "x-shopify-triggered-at": new Date().toISOString(),
    },
  };
}

/** Sends a signed delivery over HTTP, like `shopify app webhook trigger`. */
export async function deliverWebhook(url: string, delivery: SignedDelivery): Promise<{ status: number; body: string }> {
  const response = await fetch(url, { method: "POST", headers: delivery.headers, body: delivery.body });
  return { status: response.status, body: await response.text() };
}
