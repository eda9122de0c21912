-- DropIndex
DROP INDEX "AuditEvent_requestId_idx";

-- CreateIndex
CREATE INDEX "Job_finishedAt_idx" ON "Job"("finishedAt");

-- CreateIndex
CREATE INDEX "AuditEvent_requestId_createdAt_idx" ON "AuditEvent"("requestId", "createdAt");


-- At most one waiting (queued or running) job of a kind per shop among jobs without a request, so
-- "enqueue unless one is waiting" is one INSERT … ON CONFLICT DO NOTHING (web/jobs/queue.ts). Prisma's
-- schema cannot state a partial index: it lives here. Duplicates a read-then-write race left go first.
DELETE FROM "Job" WHERE "requestId" IS NULL AND "status" IN ('queued', 'running') AND "id" NOT IN (
  SELECT MIN("id") FROM "Job" WHERE "requestId" IS NULL AND "status" IN ('queued', 'running') GROUP BY "shopDomain", "kind"
);
CREATE UNIQUE INDEX "Job_waiting_key" ON "Job"("shopDomain", "kind") WHERE "requestId" IS NULL AND "status" IN ('queued', 'running');
