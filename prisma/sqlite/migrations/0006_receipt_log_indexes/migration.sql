-- DropIndex
DROP INDEX "ConsentReceipt_shopDomain_customerId_idx";

-- DropIndex
DROP INDEX "ConsentReceipt_shopDomain_createdAt_idx";

-- DropIndex
DROP INDEX "ConsentReceipt_shopDomain_consentId_idx";

-- CreateIndex
CREATE INDEX "ConsentReceipt_shopDomain_customerId_createdAt_id_idx" ON "ConsentReceipt"("shopDomain", "customerId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "ConsentReceipt_shopDomain_createdAt_id_idx" ON "ConsentReceipt"("shopDomain", "createdAt", "id");

-- CreateIndex
CREATE INDEX "ConsentReceipt_shopDomain_consentId_createdAt_id_idx" ON "ConsentReceipt"("shopDomain", "consentId", "createdAt", "id");

