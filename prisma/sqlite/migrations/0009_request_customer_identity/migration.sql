-- AlterTable
ALTER TABLE "ComplianceRequest" ADD COLUMN "customerIdentity" TEXT;

