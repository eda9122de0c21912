-- CreateTable
CREATE TABLE "ConsentDailyStat" (
    "shopDomain" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "total" INTEGER NOT NULL DEFAULT 0,
    "acceptAll" INTEGER NOT NULL DEFAULT 0,
    "rejectAll" INTEGER NOT NULL DEFAULT 0,
    "custom" INTEGER NOT NULL DEFAULT 0,
    "gpc" INTEGER NOT NULL DEFAULT 0,
    "consented" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("shopDomain", "day", "region")
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Shop" (
    "domain" TEXT NOT NULL PRIMARY KEY,
    "installedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "uninstalledAt" DATETIME,
    "setupGuideDismissedAt" DATETIME,
    "receiptRetentionMonths" INTEGER NOT NULL DEFAULT 24,
    "retentionRunAt" DATETIME,
    "retentionDeleted" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Shop" ("createdAt", "domain", "installedAt", "setupGuideDismissedAt", "uninstalledAt", "updatedAt") SELECT "createdAt", "domain", "installedAt", "setupGuideDismissedAt", "uninstalledAt", "updatedAt" FROM "Shop";
DROP TABLE "Shop";
ALTER TABLE "new_Shop" RENAME TO "Shop";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "ConsentReceipt_shopDomain_consentId_idx" ON "ConsentReceipt"("shopDomain", "consentId");


-- Backfill: the daily rows of the receipts stored before this migration (web/consent/consent-rollup.ts).
INSERT INTO "ConsentDailyStat" ("shopDomain", "day", "region", "total", "acceptAll", "rejectAll", "custom", "gpc", "consented")
SELECT "shopDomain", substr("createdAt", 1, 10), COALESCE("region", ''), COUNT(*),
  SUM(CASE WHEN "method" = 'accept_all' THEN 1 ELSE 0 END), SUM(CASE WHEN "method" = 'reject_all' THEN 1 ELSE 0 END),
  SUM(CASE WHEN "method" = 'custom' THEN 1 ELSE 0 END), SUM(CASE WHEN "method" = 'gpc' THEN 1 ELSE 0 END),
  SUM(CASE WHEN "granted" LIKE '%analytics%' AND "granted" LIKE '%marketing%' THEN 1 ELSE 0 END)
FROM "ConsentReceipt" GROUP BY "shopDomain", substr("createdAt", 1, 10), COALESCE("region", '');
