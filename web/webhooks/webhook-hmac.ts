import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Shopify's webhook signature: `X-Shopify-Hmac-Sha256` is the base64 HMAC-SHA256 of the raw request
 * bytes under the app's client secret (shopify.dev webhooks/subscribe/https). Computed over the bytes
 * as received, never over decoded text (a BOM or an invalid UTF-8 sequence must not break a valid
 * signature), compared in constant time. Same verdict as @shopify/shopify-api's check (a differential
 * test holds them together), without its async Web Crypto round trip on the hot path.
 */
export function verifyWebhookHmac(rawBody: Buffer, header: string | undefined, secret: string): boolean {
  if (!header || rawBody.length === 0) return false;
  const expected = Buffer.from(createHmac("sha256", secret).update(rawBody).digest("base64"));
  const given = Buffer.from(header);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
