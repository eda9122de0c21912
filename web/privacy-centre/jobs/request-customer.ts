import type { Db } from "../../db/database.js";
import { openIdentity, type CustomerIdentity } from "../../compliance/customer-identity.js";
import type { ClaimedJob } from "../../jobs/queue.js";
import type { Keyring } from "../../security/encryption.js";
import type { ShopifyApp } from "../../shopify/create-shopify.js";
import { findCustomerIdByEmail } from "../../shopify/customer-privacy-api.js";
import type { ShopperDetails } from "../request-types.js";
import { openDetails } from "../shopper-details.js";

/** A shopper's request as its job works it: the row, with what the shopper submitted and who they are, decrypted. */
export interface ShopperRequest {
  id: string;
  shopDomain: string;
  status: string;
  locale: string | null;
  law: string | null;
  receivedAt: Date;
  verifiedAt: Date | null;
  dueAt: Date;
  decision: string | null;
  /** A signed-in customer's (or a guest's once linked to a customer): Shopify's customer id. */
  identity: CustomerIdentity | null;
  details: ShopperDetails | null;
}

/** The job's shopper request, or null when there is none (deleted, or not a shopper's). */
export async function loadShopperRequest(prisma: Db, keyring: Keyring, job: ClaimedJob): Promise<ShopperRequest | null> {
  const row = await prisma.complianceRequest.findFirst({ where: { id: job.requestId ?? "", shopDomain: job.shopDomain, source: "shopper" } });
  if (!row) return null;
  return {
    id: row.id,
    shopDomain: row.shopDomain,
    status: row.status,
    locale: row.locale,
    law: row.law,
    receivedAt: row.receivedAt,
    verifiedAt: row.verifiedAt,
    dueAt: row.dueAt,
    decision: row.decision,
    identity: openIdentity(keyring, row.id, row.customerIdentity),
    details: openDetails(keyring, row.id, row.details),
  };
}

/**
 * The Shopify customer a request is about: a signed-in customer's id, or, for a guest, the customer with
 * the e-mail address they confirmed (null when none has it). A scope not granted throws AdminApiError.
 */
export async function customerOfRequest(shopify: ShopifyApp, request: ShopperRequest): Promise<string | null> {
  if (request.identity?.customerId) return request.identity.customerId;
  const email = request.details?.email;
  return email ? findCustomerIdByEmail(shopify, request.shopDomain, email) : null;
}
