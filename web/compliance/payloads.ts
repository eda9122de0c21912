import { z } from "zod";

/** Shopify sends ids as JSON numbers; accept numeric strings too, keep them as strings. */
const shopifyId = z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/)]).transform(String);

const customer = z.looseObject({
  id: shopifyId.nullish(),
  email: z.string().nullish(),
  phone: z.string().nullish(),
});

const base = { shop_id: shopifyId.nullish(), shop_domain: z.string().nullish() };

/**
 * The three mandatory compliance payloads (shopify.dev privacy-law-compliance), read defensively. A
 * request without a customer (absent or null) is still accepted and recorded: refusing it would make
 * Shopify retry and then drop it. Its job completes with that noted in the audit trail.
 */
export const compliancePayloads = {
  "customers/data_request": z.looseObject({
    ...base,
    customer: customer.nullish(),
    orders_requested: z.array(shopifyId).nullish(),
    data_request: z.looseObject({ id: shopifyId.nullish() }).nullish(),
  }),
  "customers/redact": z.looseObject({ ...base, customer: customer.nullish(), orders_to_redact: z.array(shopifyId).nullish() }),
  "shop/redact": z.looseObject(base),
} as const;

export type ComplianceTopic = keyof typeof compliancePayloads;
export const COMPLIANCE_TOPIC_LIST = Object.keys(compliancePayloads) as [ComplianceTopic, ...ComplianceTopic[]];

export type CompliancePayload<T extends ComplianceTopic> = z.infer<(typeof compliancePayloads)[T]>;

export function isComplianceTopic(topic: string): topic is ComplianceTopic {
  return topic in compliancePayloads;
}

/** The customer id a payload names, if any (a request may carry only an email). */
export function customerIdOf(payload: { customer?: { id?: string | null } | null }): string | undefined {
  return payload.customer?.id ?? undefined;
}
