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
    "autoAccess" BOOLEAN NOT NULL DEFAULT true,
    "autoDeletion" BOOLEAN NOT NULL DEFAULT true,
    "autoOptOut" BOOLEAN NOT NULL DEFAULT true,
    "autoCorrection" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Shop" ("createdAt", "domain", "installedAt", "receiptRetentionMonths", "retentionDeleted", "retentionRunAt", "setupGuideDismissedAt", "uninstalledAt", "updatedAt") SELECT "createdAt", "domain", "installedAt", "receiptRetentionMonths", "retentionDeleted", "retentionRunAt", "setupGuideDismissedAt", "uninstalledAt", "updatedAt" FROM "Shop";
DROP TABLE "Shop";
ALTER TABLE "new_Shop" RENAME TO "Shop";
CREATE TABLE "new_ComplianceRequest" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopDomain" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "webhookId" TEXT NOT NULL,
    "eventId" TEXT,
    "dedupKey" TEXT NOT NULL,
    "triggeredAt" DATETIME,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "dueAt" DATETIME NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'received',
    "payload" TEXT NOT NULL,
    "customerRef" TEXT,
    "customerIdentity" TEXT,
    "completedAt" DATETIME,
    "outcome" TEXT,
    "failure" TEXT,
    "source" TEXT NOT NULL DEFAULT 'shopify',
    "law" TEXT,
    "country" TEXT,
    "region" TEXT,
    "locale" TEXT,
    "verifiedAt" DATETIME,
    "tokenHash" TEXT,
    "tokenExpiresAt" DATETIME,
    "extendedAt" DATETIME,
    "extensionReason" TEXT,
    "decision" TEXT,
    "decisionReason" TEXT,
    "decidedAt" DATETIME,
    "shopifyState" TEXT,
    "linkedRequestId" TEXT,
    "details" TEXT
);
INSERT INTO "new_ComplianceRequest" ("completedAt", "customerIdentity", "customerRef", "dedupKey", "dueAt", "eventId", "failure", "id", "outcome", "payload", "receivedAt", "shopDomain", "status", "topic", "triggeredAt", "webhookId") SELECT "completedAt", "customerIdentity", "customerRef", "dedupKey", "dueAt", "eventId", "failure", "id", "outcome", "payload", "receivedAt", "shopDomain", "status", "topic", "triggeredAt", "webhookId" FROM "ComplianceRequest";
DROP TABLE "ComplianceRequest";
ALTER TABLE "new_ComplianceRequest" RENAME TO "ComplianceRequest";
CREATE UNIQUE INDEX "ComplianceRequest_dedupKey_key" ON "ComplianceRequest"("dedupKey");
CREATE UNIQUE INDEX "ComplianceRequest_tokenHash_key" ON "ComplianceRequest"("tokenHash");
CREATE INDEX "ComplianceRequest_shopDomain_receivedAt_idx" ON "ComplianceRequest"("shopDomain", "receivedAt");
CREATE INDEX "ComplianceRequest_status_dueAt_idx" ON "ComplianceRequest"("status", "dueAt");
CREATE INDEX "ComplianceRequest_shopDomain_dueAt_idx" ON "ComplianceRequest"("shopDomain", "dueAt");
CREATE INDEX "ComplianceRequest_tokenExpiresAt_idx" ON "ComplianceRequest"("tokenExpiresAt");
CREATE TABLE "new_DataExport" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopDomain" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,
    "customerRef" TEXT,
    "content" TEXT NOT NULL,
    "format" TEXT NOT NULL DEFAULT 'json',
    "recordCount" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "downloadUntil" DATETIME,
    "expiresAt" DATETIME NOT NULL
);
INSERT INTO "new_DataExport" ("content", "createdAt", "customerRef", "expiresAt", "id", "recordCount", "requestId", "shopDomain") SELECT "content", "createdAt", "customerRef", "expiresAt", "id", "recordCount", "requestId", "shopDomain" FROM "DataExport";
DROP TABLE "DataExport";
ALTER TABLE "new_DataExport" RENAME TO "DataExport";
CREATE UNIQUE INDEX "DataExport_requestId_key" ON "DataExport"("requestId");
CREATE INDEX "DataExport_shopDomain_customerRef_idx" ON "DataExport"("shopDomain", "customerRef");
CREATE INDEX "DataExport_expiresAt_idx" ON "DataExport"("expiresAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

