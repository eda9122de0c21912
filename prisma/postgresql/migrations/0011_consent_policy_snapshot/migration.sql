-- AlterTable
ALTER TABLE "Shop" ADD COLUMN     "consentPolicyCheckedAt" TIMESTAMP(3),
ADD COLUMN     "consentPolicyDriftAt" TIMESTAMP(3),
ADD COLUMN     "consentPolicyDriftFrom" TEXT,
ADD COLUMN     "consentPolicySnapshot" TEXT;

