-- AlterTable
ALTER TABLE "Shop" ADD COLUMN     "trackersListHash" TEXT,
ADD COLUMN     "trackersReportOnly" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "trackersWriteError" TEXT,
ADD COLUMN     "trackersWrittenAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "ConsentLeakDaily" ADD COLUMN     "broken" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "firstHeldAt" TIMESTAMP(3),
ADD COLUMN     "held" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "TrackerChoice" (
    "shopDomain" TEXT NOT NULL,
    "tracker" TEXT NOT NULL,
    "decision" TEXT NOT NULL,
    "category" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "updatedBy" TEXT,

    CONSTRAINT "TrackerChoice_pkey" PRIMARY KEY ("shopDomain","tracker")
);

