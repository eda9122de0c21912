import type { Db, Tx } from "../db/database.js";
import { dateParam, executeRaw } from "../db/raw-sql.js";

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

/** Which receipts an erasure removes: a shop's, one customer's in a shop, or those older than a date (retention). */
export interface ReceiptScope {
  shopDomain: string;
  customerId?: string;
  before?: Date;
}

/**
 * Deletes up to `limit` receipts in `scope` and returns how many. One statement with a bounded
 * sub-select (through the shop's indexes) and two or three parameters, whatever the batch size: an
 * `id IN (…ids…)` list would hit SQLite's bound-parameter limit at a thousand rows.
 */
export function deleteReceiptBatch(tx: Tx | Db, scope: ReceiptScope, limit: number): Promise<number> {
  const conditions = [`"shopDomain" = ?`];
  const params: unknown[] = [scope.shopDomain];
  if (scope.customerId !== undefined) {
    conditions.push(`"customerId" = ?`);
    params.push(scope.customerId);
  }
  if (scope.before !== undefined) {
    conditions.push(`"createdAt" < ?`);
    params.push(dateParam(tx, scope.before));
  }
  return executeRaw(
    tx,
    `DELETE FROM "ConsentReceipt" WHERE "id" IN (SELECT "id" FROM "ConsentReceipt" WHERE ${conditions.join(" AND ")} LIMIT ?)`,
    ...params,
    limit,
  );
}
