import type { Db } from "../db/database.js";
import { executeRaw, providerOfClient } from "../db/raw-sql.js";
import type { Method } from "../../extensions/consent-banner/src/contract.js";

export const METHOD_COLUMN: Record<Method, "acceptAll" | "rejectAll" | "custom" | "gpc"> = {
  accept_all: "acceptAll",
  reject_all: "rejectAll",
  custom: "custom",
  gpc: "gpc",
};

/** A choice that allowed both analytics and marketing: what the consent rate counts. */
export const isConsent = (granted: readonly string[]) => granted.includes("analytics") && granted.includes("marketing");

/**
 * Recomputes a shop's daily rows from its receipts (one INSERT … SELECT … GROUP BY). For data written
 * around the app (the migration that introduced the rollups does the same; seeds in tests and benches).
 */
export async function rebuildRollups(prisma: Db, shopDomain: string): Promise<void> {
  const day = providerOfClient(prisma) === "postgresql" ? `to_char("createdAt", 'YYYY-MM-DD')` : `substr("createdAt", 1, 10)`;
  await prisma.$transaction(async (tx) => {
    await tx.consentDailyStat.deleteMany({ where: { shopDomain } });
    await executeRaw(
      tx,
      `INSERT INTO "ConsentDailyStat" ("shopDomain", "day", "region", "total", "acceptAll", "rejectAll", "custom", "gpc", "consented", "observed")
       SELECT "shopDomain", ${day}, COALESCE("region", ''), COUNT(*),
         SUM(CASE WHEN "method" = 'accept_all' THEN 1 ELSE 0 END), SUM(CASE WHEN "method" = 'reject_all' THEN 1 ELSE 0 END),
         SUM(CASE WHEN "method" = 'custom' THEN 1 ELSE 0 END), SUM(CASE WHEN "method" = 'gpc' THEN 1 ELSE 0 END),
         SUM(CASE WHEN "granted" LIKE '%analytics%' AND "granted" LIKE '%marketing%' THEN 1 ELSE 0 END),
         SUM(CASE WHEN "seenHosts" IS NOT NULL THEN 1 ELSE 0 END)
       FROM "ConsentReceipt" WHERE "shopDomain" = ? GROUP BY "shopDomain", ${day}, COALESCE("region", '')`,
      shopDomain,
    );
  });
}
