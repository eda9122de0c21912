-- AlterTable
ALTER TABLE "ConsentReceipt" ADD COLUMN     "seenCookies" TEXT,
ADD COLUMN     "seenHosts" TEXT;

-- AlterTable
ALTER TABLE "ConsentDailyStat" ADD COLUMN     "observed" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "ConsentLeakDaily" (
    "shopDomain" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "entity" TEXT NOT NULL,
    "visits" INTEGER NOT NULL DEFAULT 0,
    "firstSeenAt" TIMESTAMP(3) NOT NULL,
    "lastSeenAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ConsentLeakDaily_pkey" PRIMARY KEY ("shopDomain","day","entity")
);

-- CreateTable
CREATE TABLE "ConsentLeakSign" (
    "shopDomain" TEXT NOT NULL,
    "entity" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "firstSeenAt" TIMESTAMP(3) NOT NULL,
    "lastSeenAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ConsentLeakSign_pkey" PRIMARY KEY ("shopDomain","entity","kind","name")
);

-- CreateIndex
CREATE INDEX "ConsentLeakSign_shopDomain_lastSeenAt_idx" ON "ConsentLeakSign"("shopDomain", "lastSeenAt");

