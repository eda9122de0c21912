import type { Db } from "../db/database.js";
import type { JobKind, Tx } from "../jobs/worker.js";
import type { ClaimedJob } from "../jobs/job-queue.js";
import { scrub } from "../logging/logger.js";
import type { Keyring } from "../security/encryption.js";
import { audit } from "./audit.js";
import { customerRedactJob } from "./jobs/customer-redact.js";
import { dataRequestJob } from "./jobs/data-request.js";
import { shopRedactJob } from "./jobs/shop-redact.js";
import type { ComplianceTopic } from "./payloads.js";

type Outcome = Record<string, unknown>;

/**
 * The request's life around each job: processing → completed (with counts; the encrypted payload, which
 * holds emails and phones, is emptied) or failed; each step in the audit trail, in the same transaction
 * as the job's own state. shop/redact also leaves an ErasureRecord.
 */
function lifecycle(topic: ComplianceTopic): Omit<JobKind<Outcome>, "run"> {
  const requestOf = (job: ClaimedJob) => ({ id: job.requestId ?? "", shopDomain: job.shopDomain });
  return {
    async started(prisma, job, workerId) {
      await prisma.$transaction([
        prisma.complianceRequest.updateMany({ where: { ...requestOf(job), status: { in: ["received", "processing"] } }, data: { status: "processing" } }),
        audit(prisma, { shopDomain: job.shopDomain, requestId: job.requestId, action: "started", detail: { attempt: job.attempts, worker: workerId } }),
      ]);
    },
    async completed(tx: Tx, job, outcome) {
      const completedAt = new Date();
      const request = await tx.complianceRequest.update({
        where: requestOf(job),
        data: { status: "completed", completedAt, outcome: JSON.stringify(outcome), payload: "", failure: null },
      });
      await audit(tx, { shopDomain: job.shopDomain, requestId: job.requestId, action: "completed", detail: { ...outcome, attempts: job.attempts, late: completedAt > request.dueAt } });
      if (topic === "shop/redact") {
        await tx.erasureRecord.create({ data: { shopDomain: job.shopDomain, requestReceivedAt: request.receivedAt, completedAt, counts: JSON.stringify(outcome) } });
      }
    },
    async retrying(tx, job, reason, runAt) {
      await audit(tx, { shopDomain: job.shopDomain, requestId: job.requestId, action: "retry_scheduled", detail: { attempt: job.attempts, reason: scrub(reason), runAt: runAt.toISOString() } });
    },
    async failed(tx, job, reason) {
      await tx.complianceRequest.update({ where: requestOf(job), data: { status: "failed", failure: scrub(reason) } });
      await audit(tx, { shopDomain: job.shopDomain, requestId: job.requestId, action: "failed", detail: { attempts: job.attempts, reason: scrub(reason) } });
    },
  };
}

export function complianceJobKinds(prisma: Db, keyring: Keyring, batchSize: number): Record<ComplianceTopic, JobKind<any>> {
  return {
    "customers/data_request": { ...lifecycle("customers/data_request"), ...dataRequestJob(prisma, keyring) },
    "customers/redact": { ...lifecycle("customers/redact"), ...customerRedactJob(prisma, keyring, batchSize) },
    "shop/redact": { ...lifecycle("shop/redact"), ...shopRedactJob(prisma, batchSize) },
  };
}

/** Deletes data exports past their 30 days, each noted in the audit trail. */
export async function purgeExpiredExports(prisma: Db, now = new Date()): Promise<number> {
  const expired = await prisma.dataExport.findMany({ where: { expiresAt: { lt: now } }, select: { id: true, shopDomain: true, requestId: true } });
  for (const row of expired) {
    await prisma.$transaction([
      prisma.dataExport.deleteMany({ where: { id: row.id } }),
      audit(prisma, { shopDomain: row.shopDomain, requestId: row.requestId, action: "export_expired" }),
    ]);
  }
  return expired.length;
}
