-- AlterTable
ALTER TABLE "Shop" ADD COLUMN     "autoAccess" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "autoCorrection" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "autoDeletion" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "autoOptOut" BOOLEAN NOT NULL DEFAULT true;

-- AlterTable
ALTER TABLE "ComplianceRequest" ADD COLUMN     "country" TEXT,
ADD COLUMN     "decidedAt" TIMESTAMP(3),
ADD COLUMN     "decision" TEXT,
ADD COLUMN     "decisionReason" TEXT,
ADD COLUMN     "details" TEXT,
ADD COLUMN     "extendedAt" TIMESTAMP(3),
ADD COLUMN     "extensionReason" TEXT,
ADD COLUMN     "law" TEXT,
ADD COLUMN     "linkedRequestId" TEXT,
ADD COLUMN     "locale" TEXT,
ADD COLUMN     "region" TEXT,
ADD COLUMN     "shopifyState" TEXT,
ADD COLUMN     "source" TEXT NOT NULL DEFAULT 'shopify',
ADD COLUMN     "tokenExpiresAt" TIMESTAMP(3),
ADD COLUMN     "tokenHash" TEXT,
ADD COLUMN     "verifiedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "DataExport" ADD COLUMN     "downloadUntil" TIMESTAMP(3),
ADD COLUMN     "format" TEXT NOT NULL DEFAULT 'json';

-- CreateIndex
CREATE UNIQUE INDEX "ComplianceRequest_tokenHash_key" ON "ComplianceRequest"("tokenHash");

-- CreateIndex
CREATE INDEX "ComplianceRequest_shopDomain_dueAt_idx" ON "ComplianceRequest"("shopDomain", "dueAt");

-- CreateIndex
CREATE INDEX "ComplianceRequest_tokenExpiresAt_idx" ON "ComplianceRequest"("tokenExpiresAt");

