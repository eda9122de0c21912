import type { Db } from "../db/database.js";
import { audit } from "../audit/audit-trail.js";
import { openIdentity } from "../compliance/customer-identity.js";
import type { PrivacyRequestView } from "../compliance/privacy-request-types.js";
import type { RequestRow } from "../compliance/privacy-requests-api.js";
import { OPEN_STATUSES, type RequestStatus } from "../compliance/request-status.js";
import { DAY } from "../config/time.js";
import type { Keyring } from "../security/encryption.js";
import { AdminApiError } from "../shopify/admin-graphql.js";
import type { ShopifyApp } from "../shopify/create-shopify.js";
import { customerContact, findCustomerIdByEmail } from "../shopify/customer-privacy-api.js";
import { ShopifyUnavailableError } from "../shopify/library-failures.js";
import { clockOf, extensionOf } from "./merchant-actions.js";
import type { CorrectionTask, RequestView, ShopperSubmission } from "./merchant-types.js";
import type { Law, RequestSource, ShopifyErasureState, ShopperTopic } from "./request-types.js";
import { typeOfTopic } from "./request-types.js";
import { openDetails } from "./shopper-details.js";
import { DUE_SOON_DAYS, LAW_NAMES } from "./statutory-clocks.js";

/** Open and due within DUE_SOON_DAYS, not yet overdue. */
export const isDueSoon = (status: string, dueAt: Date, now: Date) =>
  OPEN_STATUSES.includes(status as RequestStatus) && dueAt >= now && dueAt.getTime() <= now.getTime() + DUE_SOON_DAYS * DAY;

/** A request's view with what shoppers' requests add: source, type, law, clock, decision, Shopify's erasure state. */
export function requestView(base: PrivacyRequestView, row: RequestRow, now: Date): RequestView {
  const shopper = row.source === "shopper";
  const law = shopper ? ((row.law ?? "none") as Law) : null;
  const { extendable, extendedDueAt } = extensionOf(row);
  return {
    ...base,
    topic: base.topic as RequestView["topic"] | ShopperTopic,
    source: row.source as RequestSource,
    type: typeOfTopic(row.topic),
    law,
    lawName: law ? LAW_NAMES[law] : null,
    country: row.country,
    region: row.region,
    verifiedAt: row.verifiedAt?.toISOString() ?? null,
    acknowledgeBy: clockOf(row)?.acknowledgeBy?.toISOString() ?? null,
    extendable,
    extendedDueAt: extendedDueAt?.toISOString() ?? null,
    extendedAt: row.extendedAt?.toISOString() ?? null,
    extensionReason: row.extensionReason,
    decision: row.decision === "approved" || row.decision === "declined" ? row.decision : null,
    decisionReason: row.decisionReason,
    decidedAt: row.decidedAt?.toISOString() ?? null,
    shopifyState: (row.shopifyState as ShopifyErasureState | null) ?? null,
    linkedRequestId: row.linkedRequestId,
    dueSoon: isDueSoon(row.status, row.dueAt, now),
  };
}

/** Why the customer's current fields could not be read, in words the merchant can act on (an outage is not an error of the page). */
function readFailure(error: unknown): string {
  if (error instanceof AdminApiError) return error.message;
  if (error instanceof ShopifyUnavailableError) return "Shopify is unavailable right now: reload the page in a moment.";
  throw error;
}

/**
 * What the shopper submitted, decrypted for the merchant's view of one request: a guest's e-mail address
 * and a correction beside the customer's current fields, read from the Admin API. Protected customer
 * data: each read is noted in the audit trail ("details_viewed", naming the fields, never their values).
 */
export async function shopperSubmission(deps: { prisma: Db; keyring: Keyring; shopify: ShopifyApp }, row: RequestRow): Promise<ShopperSubmission | null> {
  if (row.source !== "shopper") return null;
  const details = openDetails(deps.keyring, row.id, row.details);
  if (!details) return null;
  let correction: CorrectionTask | null = null;
  if (details.correction) {
    let customerId = openIdentity(deps.keyring, row.id, row.customerIdentity)?.customerId ?? null;
    let current: CorrectionTask["current"] = null;
    let currentError: string | null = null;
    try {
      if (!customerId && details.email) customerId = await findCustomerIdByEmail(deps.shopify, row.shopDomain, details.email);
      if (customerId) current = await customerContact(deps.shopify, row.shopDomain, customerId);
      if (!current) currentError = "No Shopify customer matches this request, so there is no current value to compare.";
    } catch (error) {
      currentError = readFailure(error);
    }
    correction = { ...details.correction, customerId, current, currentError };
  }
  const fields = [...(details.email ? ["email"] : []), ...(correction ? ["correction"] : []), ...(correction?.current ? ["current_contact"] : [])];
  if (fields.length) await audit(deps.prisma, { shopDomain: row.shopDomain, requestId: row.id, action: "details_viewed", detail: { fields } });
  return { email: details.email ?? null, correction };
}
