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
  }));
}

/**
 * Deletes receipts matching `where` in batches of `batchSize` (by id, through the shop's index), calling
 * `between` after each batch so a long erasure keeps its job lease and spares the database.
 */
export async function deleteReceiptsInBatches(
  prisma: Db,
  where: { shopDomain: string; customerId?: string },
  batchSize: number,
  between: () => Promise<void>,
): Promise<number> {
  let deleted = 0;
  for (;;) {
    const batch = await prisma.consentReceipt.findMany({ where, select: { id: true }, take: batchSize });
    if (batch.length === 0) return deleted;
    const { count } = await prisma.consentReceipt.deleteMany({ where: { id: { in: batch.map((r) => r.id) } } });
    deleted += count;
    await between();
  }
}
