-- AlterTable
ALTER TABLE "ConsentReceipt" ADD COLUMN "seenCookies" TEXT;
ALTER TABLE "ConsentReceipt" ADD COLUMN "seenHosts" TEXT;

-- CreateTable
CREATE TABLE "ConsentLeakDaily" (
    "shopDomain" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "entity" TEXT NOT NULL,
    "visits" INTEGER NOT NULL DEFAULT 0,
    "firstSeenAt" DATETIME NOT NULL,
    "lastSeenAt" DATETIME NOT NULL,

    PRIMARY KEY ("shopDomain", "day", "entity")
);

-- CreateTable
CREATE TABLE "ConsentLeakSign" (
    "shopDomain" TEXT NOT NULL,
    "entity" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "firstSeenAt" DATETIME NOT NULL,
    "lastSeenAt" DATETIME NOT NULL,

    PRIMARY KEY ("shopDomain", "entity", "kind", "name")
);

-- AlterTable (hand-written: SQLite adds a NOT NULL column with a default in place; no table copy)
ALTER TABLE "ConsentDailyStat" ADD COLUMN "observed" INTEGER NOT NULL DEFAULT 0;

-- CreateIndex
CREATE INDEX "ConsentLeakSign_shopDomain_lastSeenAt_idx" ON "ConsentLeakSign"("shopDomain", "lastSeenAt");

