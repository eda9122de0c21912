import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { Db, Tx } from "../db/database.js";
import { newRowId } from "../db/row-id.js";
import { audit } from "../audit/audit-trail.js";
import { customerRefOf } from "../compliance/customer-ref.js";
import { sealIdentity } from "../compliance/customer-identity.js";
import { RequestStatus } from "../compliance/request-status.js";
import { DAY } from "../config/time.js";
import { enqueueForRequest } from "../jobs/queue.js";
import type { Keyring } from "../security/encryption.js";
import { shopperTopic, type CorrectionRequest, type ShopperRequestType } from "./request-types.js";
import { sealDetails } from "./shopper-details.js";
import { lawOf, statutoryClock } from "./statutory-clocks.js";

/** A guest's confirmation link works this long, once. */
export const CONFIRMATION_LINK_HOURS = 24;

export interface NewShopperRequest {
  shop: string;
  type: ShopperRequestType;
  /** The storefront language (resolved), for the status page and e-mails. */
  locale: string;
  /** Where the shopper was: ISO country (Liquid's localization.country) and the Customer Privacy API's region ("USCA"), when known. */
  country: string | null;
  region: string | null;
  storefront: { host: string; pathPrefix: string };
  /** A signed-in customer (the app proxy's signed logged_in_customer_id): verified at once. */
  customerId?: string;
  /** A guest's e-mail address: verified by the e-mailed link (not for an opt-out: the law asks no proof for one). */
  email?: string;
  correction?: CorrectionRequest;
}

export const tokenHashOf = (token: string) => createHash("sha256").update(token, "utf8").digest("hex");

const AUTO_COLUMN = { access: "autoAccess", correction: "autoCorrection", deletion: "autoDeletion", opt_out: "autoOptOut" } as const;
const AUTO_DEFAULT: Record<ShopperRequestType, boolean> = { access: true, correction: false, deletion: true, opt_out: true };

/** Whether the shop carries out this type of verified request without approval (Shop.auto*; the defaults for a shop without a row). */
async function carriedOutAutomatically(tx: Tx | Db, shop: string, type: ShopperRequestType): Promise<boolean> {
  const row = await tx.shop.findUnique({ where: { domain: shop }, select: { [AUTO_COLUMN[type]]: true } });
  return row ? Boolean((row as Record<string, boolean>)[AUTO_COLUMN[type]]) : AUTO_DEFAULT[type];
}

/**
 * A verified request starts its clock, and either goes to the worker (its job kind is the topic) or waits
 * for the merchant's approval. In the caller's transaction.
 */
async function startVerified(tx: Tx, request: { id: string; shopDomain: string; type: ShopperRequestType; law: string | null; receivedAt: Date }, now: Date) {
  const law = (request.law ?? "none") as Parameters<typeof statutoryClock>[0];
  const clock = statutoryClock(law, request.type, request.receivedAt, now);
  const automatic = await carriedOutAutomatically(tx, request.shopDomain, request.type);
  await tx.complianceRequest.update({
    where: { id: request.id },
    data: { verifiedAt: now, dueAt: clock.dueAt, status: automatic ? RequestStatus.received : RequestStatus.awaiting_merchant },
  });
  if (automatic) await enqueueForRequest(tx, { shopDomain: request.shopDomain, kind: shopperTopic(request.type), requestId: request.id });
  await audit(tx, {
    shopDomain: request.shopDomain,
    requestId: request.id,
    action: "verified",
    detail: { type: request.type, law, automatic, dueAt: clock.dueAt.toISOString() },
  });
  return automatic;
}

/**
 * Records a shopper's request. A signed-in customer's is verified at once (the clock starts, and it is
 * carried out or waits for the merchant); a guest's waits for the e-mailed link: the returned token, of
 * which only a hash is kept. What the shopper submitted is encrypted; the customer is kept as the
 * request's identity and pseudonym, as for Shopify's requests.
 */
export async function recordShopperRequest(
  prisma: Db,
  keyring: Keyring,
  input: NewShopperRequest,
  now = new Date(),
): Promise<{ id: string; token: string | null; verified: boolean; automatic: boolean }> {
  const id = newRowId();
  // Where the shopper is (the Customer Privacy API's region) before the storefront's market country, which
  // the shopper picks: a German shopper on a US market is under the GDPR.
  const law = input.region ? lawOf(input.region.slice(0, 2), input.region) : lawOf(input.country, null);
  // An opt-out of sale or sharing needs no proof of identity (CCPA regs. §7026(d)): taken at once, like a signed-in request.
  const verifiedNow = Boolean(input.customerId) || input.type === "opt_out";
  const token = verifiedNow ? null : randomBytes(32).toString("base64url");
  const provisional = statutoryClock(law, input.type, now, now);
  const row = {
    id,
    shopDomain: input.shop,
    topic: shopperTopic(input.type),
    source: "shopper",
    webhookId: "",
    dedupKey: `shopper:${id}`,
    payload: "",
    receivedAt: now,
    dueAt: provisional.dueAt,
    status: RequestStatus.unverified,
    law,
    country: input.country,
    region: input.region,
    locale: input.locale,
    details: sealDetails(keyring, id, { email: input.email, correction: input.correction, storefront: input.storefront }),
    ...(input.customerId
      ? {
          customerRef: customerRefOf(keyring, input.shop, input.customerId),
          customerIdentity: sealIdentity(keyring, id, { customerId: input.customerId, orderIds: [] }),
        }
      : {}),
    ...(token ? { tokenHash: tokenHashOf(token), tokenExpiresAt: new Date(now.getTime() + CONFIRMATION_LINK_HOURS * 3600_000) } : {}),
  };
  const automatic = await prisma.$transaction(async (tx) => {
    await tx.complianceRequest.create({ data: row });
    return verifiedNow ? startVerified(tx, { id, shopDomain: input.shop, type: input.type, law, receivedAt: now }, now) : false;
  });
  return { id, token, verified: verifiedNow, automatic };
}

export type Confirmation = { outcome: "confirmed"; id: string; shop: string; automatic: boolean } | { outcome: "used" | "expired" | "invalid" };

/**
 * What a guest's link is, without using it (the page shows a button: mail scanners that open links use
 * nothing up), with the request's type and language when the link is this shop's.
 */
export async function confirmationState(
  prisma: Db,
  shop: string,
  token: string,
  now = new Date(),
): Promise<{ state: "pending" | "used" | "expired" | "invalid"; topic?: string; locale?: string | null }> {
  const row = await prisma.complianceRequest.findFirst({
    where: { tokenHash: tokenHashOf(token), shopDomain: shop },
    select: { topic: true, locale: true, verifiedAt: true, tokenExpiresAt: true },
  });
  if (!row) return { state: "invalid" };
  const state = row.verifiedAt ? "used" : row.tokenExpiresAt && row.tokenExpiresAt > now ? "pending" : "expired";
  return { state, topic: row.topic, locale: row.locale };
}

/** Uses a guest's link: once (a compare-and-set on verifiedAt), within 24 hours, for this shop only. */
export async function confirmShopperRequest(prisma: Db, shop: string, token: string, now = new Date()): Promise<Confirmation> {
  return prisma.$transaction(async (tx) => {
    const row = await tx.complianceRequest.findUnique({
      where: { tokenHash: tokenHashOf(token) },
      select: { id: true, shopDomain: true, topic: true, law: true, receivedAt: true, verifiedAt: true, tokenExpiresAt: true },
    });
    if (!row || row.shopDomain !== shop) return { outcome: "invalid" as const };
    if (row.verifiedAt) return { outcome: "used" as const };
    if (!row.tokenExpiresAt || row.tokenExpiresAt <= now) return { outcome: "expired" as const };
    const { count } = await tx.complianceRequest.updateMany({ where: { id: row.id, verifiedAt: null }, data: { verifiedAt: now } });
    if (count !== 1) return { outcome: "used" as const };
    const type = row.topic.slice("shopper/".length) as ShopperRequestType;
    const automatic = await startVerified(tx, { id: row.id, shopDomain: row.shopDomain, type, law: row.law, receivedAt: row.receivedAt }, now);
    return { outcome: "confirmed" as const, id: row.id, shop: row.shopDomain, automatic };
  });
}

/** Deletes guests' requests whose link expired unused: never confirmed, never a request (data inventory: delete when expired). */
export async function purgeUnconfirmedRequests(prisma: Db, now = new Date()): Promise<number> {
  const { count } = await prisma.complianceRequest.deleteMany({ where: { status: RequestStatus.unverified, tokenExpiresAt: { lt: now } } });
  return count;
}

/** A status link's signature: a keyed hash of shop and request id (any key still in the ring verifies it). */
export function statusSignature(keyring: Keyring, shop: string, requestId: string): string {
  return keyring.pseudonym("privacy-status", `${shop}:${requestId}`);
}

export function validStatusSignature(keyring: Keyring, shop: string, requestId: string, signature: string): boolean {
  return matchesOne(signature, keyring.pseudonyms("privacy-status", `${shop}:${requestId}`));
}

/**
 * A download link's signature: a keyed hash of shop and request id under its own purpose, sent only in the
 * e-mail that says the copy is ready (its answer is the ZIP itself, a page no theme script runs on). The
 * status link, which the theme's scripts may see, does not open the download.
 */
export function downloadSignature(keyring: Keyring, shop: string, requestId: string): string {
  return keyring.pseudonym("privacy-download", `${shop}:${requestId}`);
}

export function validDownloadSignature(keyring: Keyring, shop: string, requestId: string, signature: string): boolean {
  return matchesOne(signature, keyring.pseudonyms("privacy-download", `${shop}:${requestId}`));
}

/** Whether `given` equals one of `expected`, compared in constant time. */
export function matchesOne(given: string, expected: string[]): boolean {
  const bytes = Buffer.from(given);
  let found = false;
  for (const candidate of expected) {
    const other = Buffer.from(candidate);
    if (other.length === bytes.length && timingSafeEqual(other, bytes)) found = true;
  }
  return found;
}

/** How long a shopper's copy of their data can be downloaded. */
export const DOWNLOAD_DAYS = 7;
export const downloadUntilOf = (createdAt: Date) => new Date(createdAt.getTime() + DOWNLOAD_DAYS * DAY);
