import type { Logger } from "../../logging/logger.js";
import { deliverWebhook, samplePayload, signedDelivery } from "../webhook-delivery.js";
import type { ErasedCustomer } from "./fake-customers.js";

export interface ErasureWebhookOptions {
  apiSecret: string;
  /** Where the app listens; empty until it does (an erasure resumed at start waits for it). */
  appUrl: () => string;
  logger: Logger;
  /** Attempts and the pause after the first failure (doubling), as Shopify retries a webhook. */
  attempts?: number;
  retryMs?: number;
}

/**
 * What Shopify does once it has erased a customer: a signed customers/redact to the app, with the
 * customer's id, e-mail, phone and order ids, retried (with the same webhook id) until the app answers 200.
 * The stand-in Shopify's `onErasure` in local mode. Logs ids and statuses, never the e-mail or phone.
 */
export function sendCustomersRedact(options: ErasureWebhookOptions) {
  const attempts = options.attempts ?? 6;
  const retryMs = options.retryMs ?? 1_000;
  return async (shop: string, customerId: number, customer: ErasedCustomer): Promise<void> => {
    const payload = {
      ...samplePayload("customers/redact", { shop }),
      customer: { id: customerId, email: customer.email, phone: customer.phone },
      orders_to_redact: customer.orderIds,
    };
    const delivery = signedDelivery("customers/redact", shop, payload, options.apiSecret);
    let status: number | null = null;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const url = options.appUrl();
      status = url ? ((await deliverWebhook(`${url}/api/webhooks`, delivery).catch(() => null))?.status ?? null) : null;
      if (status === 200) {
        options.logger.info({ shop, customerId, topic: "customers/redact", attempt }, "local Shopify erased a customer and sent customers/redact");
        return;
      }
      if (attempt < attempts) await new Promise((resolve) => setTimeout(resolve, retryMs * 2 ** (attempt - 1)).unref());
    }
    options.logger.warn({ shop, customerId, topic: "customers/redact", status }, "local Shopify erased a customer but the app never accepted customers/redact");
  };
}
