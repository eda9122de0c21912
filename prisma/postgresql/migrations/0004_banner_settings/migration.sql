-- AlterTable
ALTER TABLE "Shop" ADD COLUMN     "setupGuideDismissedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "BannerSettingsVersion" (
    "id" TEXT NOT NULL,
    "shopDomain" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "settings" TEXT NOT NULL,
    "changes" TEXT NOT NULL,
    "createdBy" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "reason" TEXT,
    "syncState" TEXT NOT NULL DEFAULT 'pending',
    "syncError" TEXT,
    "syncedAt" TIMESTAMP(3),

    CONSTRAINT "BannerSettingsVersion_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "BannerSettingsVersion_shopDomain_version_key" ON "BannerSettingsVersion"("shopDomain", "version");

