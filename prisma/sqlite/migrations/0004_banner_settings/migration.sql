-- AlterTable
ALTER TABLE "Shop" ADD COLUMN "setupGuideDismissedAt" DATETIME;

-- CreateTable
CREATE TABLE "BannerSettingsVersion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopDomain" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "settings" TEXT NOT NULL,
    "changes" TEXT NOT NULL,
    "createdBy" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "reason" TEXT,
    "syncState" TEXT NOT NULL DEFAULT 'pending',
    "syncError" TEXT,
    "syncedAt" DATETIME
);

-- CreateIndex
CREATE UNIQUE INDEX "BannerSettingsVersion_shopDomain_version_key" ON "BannerSettingsVersion"("shopDomain", "version");

