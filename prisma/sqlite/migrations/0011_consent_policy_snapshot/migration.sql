-- AlterTable
ALTER TABLE "Shop" ADD COLUMN "consentPolicyCheckedAt" DATETIME;
ALTER TABLE "Shop" ADD COLUMN "consentPolicyDriftAt" DATETIME;
ALTER TABLE "Shop" ADD COLUMN "consentPolicyDriftFrom" TEXT;
ALTER TABLE "Shop" ADD COLUMN "consentPolicySnapshot" TEXT;

