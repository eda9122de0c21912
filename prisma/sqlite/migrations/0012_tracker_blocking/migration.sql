-- CreateTable
CREATE TABLE "TrackerChoice" (
    "shopDomain" TEXT NOT NULL,
    "tracker" TEXT NOT NULL,
    "decision" TEXT NOT NULL,
    "category" TEXT,
    "updatedAt" DATETIME NOT NULL,
    "updatedBy" TEXT,

    PRIMARY KEY ("shopDomain", "tracker")
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
    "autoAccess" BOOLEAN NOT NULL DEFAULT true,
    "autoDeletion" BOOLEAN NOT NULL DEFAULT true,
    "autoOptOut" BOOLEAN NOT NULL DEFAULT true,
    "autoCorrection" BOOLEAN NOT NULL DEFAULT false,
    "consentPolicySnapshot" TEXT,
    "consentPolicyCheckedAt" DATETIME,
    "consentPolicyDriftFrom" TEXT,
    "consentPolicyDriftAt" DATETIME,
    "trackersReportOnly" BOOLEAN NOT NULL DEFAULT false,
    "trackersListHash" TEXT,
    "trackersWrittenAt" DATETIME,
    "trackersWriteError" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Shop" ("autoAccess", "autoCorrection", "autoDeletion", "autoOptOut", "consentPolicyCheckedAt", "consentPolicyDriftAt", "consentPolicyDriftFrom", "consentPolicySnapshot", "createdAt", "domain", "installedAt", "receiptRetentionMonths", "retentionDeleted", "retentionRunAt", "setupGuideDismissedAt", "uninstalledAt", "updatedAt") SELECT "autoAccess", "autoCorrection", "autoDeletion", "autoOptOut", "consentPolicyCheckedAt", "consentPolicyDriftAt", "consentPolicyDriftFrom", "consentPolicySnapshot", "createdAt", "domain", "installedAt", "receiptRetentionMonths", "retentionDeleted", "retentionRunAt", "setupGuideDismissedAt", "uninstalledAt", "updatedAt" FROM "Shop";
DROP TABLE "Shop";
ALTER TABLE "new_Shop" RENAME TO "Shop";
CREATE TABLE "new_ConsentLeakDaily" (
    "shopDomain" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "entity" TEXT NOT NULL,
    "visits" INTEGER NOT NULL DEFAULT 0,
    "held" INTEGER NOT NULL DEFAULT 0,
    "broken" INTEGER NOT NULL DEFAULT 0,
    "firstSeenAt" DATETIME NOT NULL,
    "lastSeenAt" DATETIME NOT NULL,
    "firstHeldAt" DATETIME,

    PRIMARY KEY ("shopDomain", "day", "entity")
);
INSERT INTO "new_ConsentLeakDaily" ("day", "entity", "firstSeenAt", "lastSeenAt", "shopDomain", "visits") SELECT "day", "entity", "firstSeenAt", "lastSeenAt", "shopDomain", "visits" FROM "ConsentLeakDaily";
DROP TABLE "ConsentLeakDaily";
ALTER TABLE "new_ConsentLeakDaily" RENAME TO "ConsentLeakDaily";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

