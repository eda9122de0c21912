import { newRowId } from "../db/row-id.js";
import type { Driver } from "../db/driver.js";
import { groupCommit } from "../db/group-commit.js";
import { insertComplianceRecords, type ComplianceRecord } from "./record-batch.js";
import { HttpError } from "../http/errors.js";
import type { Logger } from "../logging/logger.js";
import type { Keyring } from "../security/encryption.js";
import { sealIdentity } from "./customer-identity.js";
import { customerRefOf } from "./customer-ref.js";
import { DAY, DEADLINE_DAYS } from "./deadlines.js";
import { compliancePayloads, customerIdOf, isComplianceTopic } from "./payloads.js";

/** A verified compliance webhook, as web/webhooks/ hands it over. */
export interface ComplianceDelivery {
  topic: string;
  shop: string;
  webhookId: string;
  eventId?: string;
  triggeredAt?: Date;
  payload: Record<string, unknown>;
  rawBody: string;
}

/** The key that makes a redelivery a no-op: Shopify's event id when sent, else the delivery's id. */
export function dedupKeyOf(topic: string, shop: string, ids: { eventId?: string; webhookId: string }): string {
  return `${topic}|${shop}|${ids.eventId ? `event:${ids.eventId}` : `webhook:${ids.webhookId}`}`;
}

/**
 * customers/data_request, customers/redact, shop/redact: validate, then durably record the request,
 * its job and the first audit line in one transaction (record-batch.ts), and let the worker
 * do the work after we answer 200. A redelivery (same event id, or same webhook id without one)
 * changes nothing.
 */
export function recordComplianceRequest(options: { driver: Driver; keyring: Keyring; logger: Logger; onEnqueued: () => void }) {
  const { keyring } = options;
  // Group commit: the deliveries that arrive together are recorded in one transaction (request, job and
  // audit line each), each answered once it committed; a redelivery is told apart by its row.
  const writer = groupCommit<ComplianceRecord, boolean>({
    maxBatch: 100,
    maxDelayMs: 0,
    maxQueue: 2_000,
    inFlight: options.driver.batchesInFlight,
    flush: (records) => insertComplianceRecords(options.driver, records),
  });
  return async (delivery: ComplianceDelivery): Promise<void> => {
    const { topic, shop } = delivery;
    if (!isComplianceTopic(topic)) throw new HttpError(400, `not a compliance topic: ${topic}`);
    const parsed = compliancePayloads[topic].safeParse(delivery.payload);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new HttpError(400, `invalid ${topic} payload: ${issue.path.join(".") || "body"}: ${issue.message}`);
    }
    const payload = parsed.data;
    if (payload.shop_domain && payload.shop_domain !== shop) {
      throw new HttpError(400, "shop_domain in the body does not match X-Shopify-Shop-Domain");
    }
    const customerId = customerIdOf(payload as { customer?: { id?: string | null } | null });
    const dedupKey = dedupKeyOf(topic, shop, delivery);
    const receivedAt = new Date();
    const id = newRowId();
    const orders = payload as { orders_requested?: string[] | null; orders_to_redact?: string[] | null };
    const orderIds = orders.orders_requested ?? orders.orders_to_redact ?? [];
    // Writes backed up (QueueFullError) is an outage like any other: 503, Shopify retries, nothing is lost.
    const recorded = await writer.submit({
      id,
      shopDomain: shop,
      topic,
      webhookId: delivery.webhookId,
      eventId: delivery.eventId ?? null,
      dedupKey,
      triggeredAt: delivery.triggeredAt ?? null,
      receivedAt,
      dueAt: new Date(receivedAt.getTime() + DEADLINE_DAYS * DAY),
      payload: keyring.encrypt(delivery.rawBody, `compliance:${dedupKey}`),
      customerRef: customerId ? customerRefOf(keyring, shop, customerId) : null,
      customerIdentity: customerId ? sealIdentity(keyring, id, { customerId, orderIds }) : null,
      auditDetail: JSON.stringify({
        topic,
        webhookId: delivery.webhookId,
        eventId: delivery.eventId ?? null,
        triggeredAt: delivery.triggeredAt ?? null,
        customerIdPresent: Boolean(customerId),
      }),
    });
    if (!recorded) {
      options.logger.info({ topic, shop, webhookId: delivery.webhookId }, "compliance webhook redelivered; already recorded");
      return;
    }
    options.logger.info({ topic, shop, webhookId: delivery.webhookId }, "compliance request recorded");
    options.onEnqueued();
  };
}
