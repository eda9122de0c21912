import { strToU8, zipSync } from "fflate";
import type { Db } from "../../db/database.js";
import { customerRefsOf } from "../../compliance/customer-ref.js";
import { receiptsOfCustomer } from "../../consent/receipts.js";
import type { Keyring } from "../../security/encryption.js";
import type { CustomerOrder, CustomerProfile } from "../../shopify/customer-privacy-api.js";
import { PACK_FORMAT, PACK_NOTES, type EvidencePack } from "./pack-document.js";
import { renderPackSummary } from "./pack-summary.js";
import type { ShopperRequest } from "./request-customer.js";

/**
 * Everything the pack holds about the customer: what Shopify answered, their consent receipts, and their
 * earlier requests in the shop (found by the customer pseudonym, under every key in the ring).
 */
export async function assemblePack(
  prisma: Db,
  keyring: Keyring,
  request: ShopperRequest,
  customerId: string | null,
  shopify: { customer: CustomerProfile; orders: CustomerOrder[] } | null,
  generatedAt: Date,
): Promise<EvidencePack> {
  const shop = request.shopDomain;
  const receipts = customerId ? await receiptsOfCustomer(prisma, shop, customerId) : [];
  const refs = customerId ? customerRefsOf(keyring, shop, customerId) : [];
  const earlier = refs.length
    ? await prisma.complianceRequest.findMany({
        where: { shopDomain: shop, customerRef: { in: refs }, id: { not: request.id }, status: { not: "unverified" } },
        orderBy: { receivedAt: "asc" },
        select: { id: true, topic: true, source: true, receivedAt: true, dueAt: true, status: true, completedAt: true },
      })
    : [];
  return {
    format: PACK_FORMAT,
    shop,
    generatedAt: generatedAt.toISOString(),
    request: {
      id: request.id,
      receivedAt: request.receivedAt.toISOString(),
      verifiedAt: request.verifiedAt?.toISOString() ?? null,
      law: request.law,
      locale: request.locale,
    },
    shopify: { customerFound: Boolean(shopify), customer: shopify?.customer ?? null, orders: shopify?.orders ?? [] },
    consentReceipts: receipts,
    earlierRequests: earlier.map((r) => ({
      id: r.id,
      topic: r.topic,
      source: r.source,
      receivedAt: r.receivedAt.toISOString(),
      dueAt: r.dueAt.toISOString(),
      status: r.status,
      completedAt: r.completedAt?.toISOString() ?? null,
    })),
    notes: [
      PACK_NOTES.appKeeps,
      ...(receipts.length ? [PACK_NOTES.ipHash] : []),
      ...(shopify ? [PACK_NOTES.orders] : []),
      ...(customerId ? (shopify ? [] : [PACK_NOTES.customerGone]) : [PACK_NOTES.noCustomer]),
    ],
  };
}

/** The pack as the shopper downloads it: a ZIP of summary.html (readable, in the language of the request: request.locale) and data.json (machine-readable). */
export function packZip(pack: EvidencePack): Uint8Array {
  const mtime = new Date(pack.generatedAt);
  return zipSync(
    {
      "summary.html": [strToU8(renderPackSummary(pack)), { mtime }],
      "data.json": [strToU8(`${JSON.stringify(pack, null, 2)}\n`), { mtime }],
    },
    { level: 6 },
  );
}
