-- AlterTable
ALTER TABLE "Shop" ADD COLUMN     "receiptRetentionMonths" INTEGER NOT NULL DEFAULT 24,
ADD COLUMN     "retentionDeleted" INTEGER,
ADD COLUMN     "retentionRunAt" TIMESTAMP(3);

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

    CONSTRAINT "ConsentDailyStat_pkey" PRIMARY KEY ("shopDomain","day","region")
);

-- CreateIndex
CREATE INDEX "ConsentReceipt_shopDomain_consentId_idx" ON "ConsentReceipt"("shopDomain", "consentId");


-- Backfill: the daily rows of the receipts stored before this migration (web/consent/consent-rollup.ts).
INSERT INTO "ConsentDailyStat" ("shopDomain", "day", "region", "total", "acceptAll", "rejectAll", "custom", "gpc", "consented")
SELECT "shopDomain", to_char("createdAt", 'YYYY-MM-DD'), COALESCE("region", ''), COUNT(*),
  SUM(CASE WHEN "method" = 'accept_all' THEN 1 ELSE 0 END), SUM(CASE WHEN "method" = 'reject_all' THEN 1 ELSE 0 END),
  SUM(CASE WHEN "method" = 'custom' THEN 1 ELSE 0 END), SUM(CASE WHEN "method" = 'gpc' THEN 1 ELSE 0 END),
  SUM(CASE WHEN "granted" LIKE '%analytics%' AND "granted" LIKE '%marketing%' THEN 1 ELSE 0 END)
FROM "ConsentReceipt" GROUP BY "shopDomain", to_char("createdAt", 'YYYY-MM-DD'), COALESCE("region", '');
