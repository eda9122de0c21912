import type { Driver } from "../db/driver.js";
import { insertTables, tableRows, tally } from "../db/hot-path-writes.js";
import { newRowId } from "../db/row-id.js";
import type { VisitTracker } from "../leaks/classify-tracker.js";
import { breakageRows, leakRows, type Breakage } from "../leaks/leak-rows.js";

/** A consent receipt as the endpoint accepted it, with how it counts into its day. */
export interface ReceiptRow {
  shopDomain: string;
  consentId: string | null;
  customerId: string | null;
  granted: string;
  denied: string;
  method: string;
  revision: number;
  textHash: string;
  region: string | null;
  ipHash: string | null;
  createdAt: Date;
  /** The daily row it counts into, and how. */
  day: string;
  methodColumn: "acceptAll" | "rejectAll" | "custom" | "gpc";
  consented: boolean;
  /** A first choice: the host and cookie names seen before it (comma-separated), else null. */
  seenHosts: string | null;
  seenCookies: string | null;
  /**
   * The trackers among them and those the blocker held back, each counted once into its day's
   * ConsentLeakDaily row (visits when it leaked, held when it was held), with its names.
   */
  trackers: VisitTracker[];
}

const RECEIPT_COLUMNS = [
  "id",
  "shopDomain",
  "consentId",
  "customerId",
  "granted",
  "denied",
  "method",
  "revision",
  "textHash",
  "region",
  "ipHash",
  "seenHosts",
  "seenCookies",
  "createdAt",
] as const;
const COUNTS = ["total", "acceptAll", "rejectAll", "custom", "gpc", "consented", "observed"] as const;

/**
 * Stores receipts and adds them to their days' counts (and, for first choices, to the consent leak
 * report's daily rows and names), in one transaction (web/db/hot-path-writes.ts); returns their ids,
 * in order.
 */
export async function insertReceipts(driver: Driver, receipts: ReceiptRow[]): Promise<string[]> {
  const rows = receipts.map((r) => ({ ...r, id: newRowId() }));
  const days = tally(
    receipts,
    (r) => `${r.shopDomain}\n${r.day}\n${r.region ?? ""}`,
    (r) => ({
      shopDomain: r.shopDomain,
      day: r.day,
      region: r.region ?? "",
      total: 0,
      acceptAll: 0,
      rejectAll: 0,
      custom: 0,
      gpc: 0,
      consented: 0,
      observed: 0,
    }),
    (c, r) => {
      c.total++;
      c[r.methodColumn]++;
      if (r.consented) c.consented++;
      if (r.seenHosts !== null) c.observed++;
    },
  );
  const sightings = receipts.flatMap((r) => r.trackers.map((t) => ({ ...t, shopDomain: r.shopDomain, day: r.day, at: r.createdAt })));
  await insertTables(driver, [
    tableRows(driver, "ConsentReceipt", rows, RECEIPT_COLUMNS),
    {
      ...tableRows(driver, "ConsentDailyStat", days, ["shopDomain", "day", "region", ...COUNTS]),
      suffix: ` ON CONFLICT ("shopDomain", "day", "region") DO UPDATE SET ${COUNTS.map((k) => `"${k}" = "ConsentDailyStat"."${k}" + excluded."${k}"`).join(", ")}`,
    },
    ...leakRows(driver, sightings),
  ]);
  return rows.map((r) => r.id);
}

/** Counts pages' broken trackers into their days' ConsentLeakDaily rows, in one transaction. */
export async function insertBreakage(driver: Driver, pages: Breakage[]): Promise<void[]> {
  await insertTables(driver, [breakageRows(driver, pages)]);
  return pages.map(() => undefined);
}
