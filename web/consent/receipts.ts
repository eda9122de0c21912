import type { Db } from "../db/database.js";

/** A receipt as the shopper's data export shows it. */
export interface ReceiptForExport {
  receiptId: string;
  shopifyConsentId: string | null;
  recordedAt: string;
  granted: string[];
  denied: string[];
  method: string;
  bannerRevision: number;
  textHash: string;
  region: string | null;
  ipHash: string | null;
  /** A first choice: the third-party host and cookie names the browser reported (names only). */
  seenBeforeChoice: { hosts: string[]; cookies: string[] } | null;
}

const list = (text: string) => (text ? text.split(",") : []);

/** Every receipt of one customer in one shop (index: shopDomain, customerId). */
export async function receiptsOfCustomer(prisma: Db, shopDomain: string, customerId: string): Promise<ReceiptForExport[]> {
  const rows = await prisma.consentReceipt.findMany({ where: { shopDomain, customerId }, orderBy: { createdAt: "asc" } });
  return rows.map((r) => ({
    receiptId: r.id,
    shopifyConsentId: r.consentId,
    recordedAt: r.createdAt.toISOString(),
    granted: list(r.granted),
    denied: list(r.denied),
    method: r.method,
    bannerRevision: r.revision,
    textHash: r.textHash,
    region: r.region,
    ipHash: r.ipHash,
    seenBeforeChoice: r.seenHosts === null ? null : { hosts: list(r.seenHosts), cookies: list(r.seenCookies ?? "") },
  }));
}
