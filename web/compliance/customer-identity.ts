import type { Db } from "../db/database.js";
import type { Keyring } from "../security/encryption.js";
import { DAY } from "./deadlines.js";

/** How long after a request completes the merchant still sees who asked (then only the pseudonym stays). */
export const IDENTITY_DAYS_AFTER_COMPLETION = 30;

/** Who asked, as Shopify named them: the customer id and the order ids of the request. */
export interface CustomerIdentity {
  customerId: string;
  orderIds: string[];
}

const context = (requestId: string) => `customer-identity:${requestId}`;

/** The identity as stored on its request: AES-GCM ciphertext bound to the request id. */
export function sealIdentity(keyring: Keyring, requestId: string, identity: CustomerIdentity): string {
  return keyring.encrypt(JSON.stringify(identity), context(requestId));
}

/** The identity kept with a request, or null once cleared (or when it cannot be read: a key no longer in the ring). */
export function openIdentity(keyring: Keyring, requestId: string, sealed: string | null): CustomerIdentity | null {
  if (!sealed) return null;
  try {
    return JSON.parse(keyring.decrypt(sealed, context(requestId))) as CustomerIdentity;
  } catch {
    return null;
  }
}

/**
 * Clears the customer id and order ids, and what a shopper submitted (details: their e-mail address, a
 * correction), of requests closed more than 30 days ago (completed, declined or cancelled; a failed request
 * keeps them: the merchant still has to answer it), leaving the pseudonym (customerRef) alone. Run by the
 * worker's periodic maintenance. Data inventory: clears ComplianceRequest.customerIdentity and details.
 */
export async function clearExpiredIdentities(prisma: Db, now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - IDENTITY_DAYS_AFTER_COMPLETION * DAY);
  const { count } = await prisma.complianceRequest.updateMany({
    where: { OR: [{ customerIdentity: { not: null } }, { details: { not: null } }], completedAt: { lt: cutoff } },
    data: { customerIdentity: null, details: null },
  });
  return count;
}
