/** A webhook whose HMAC checked out and whose body is a JSON object. */
export interface WebhookDelivery {
  /** As Shopify writes it: "customers/redact", "app/uninstalled", … */
  topic: string;
  /** The shop's myshopify domain, from X-Shopify-Shop-Domain (validated). */
  shop: string;
  webhookId: string;
  eventId?: string;
  triggeredAt?: Date;
  apiVersion: string;
  payload: Record<string, unknown>;
  rawBody: string;
}

/** Does (or durably records) what a topic asks. Throw HttpError(400) for a payload it cannot accept. */
export type WebhookHandler = (delivery: WebhookDelivery) => Promise<void>;

/** Topic (as Shopify writes it) → handler. A Map, so no topic name can reach Object.prototype. */
export type WebhookHandlers = ReadonlyMap<string, WebhookHandler>;
