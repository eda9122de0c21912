import { audit } from "../audit/audit-trail.js";
import { DAY, dayOf } from "../config/time.js";
import type { Db } from "../db/database.js";
import { JobStatus } from "../jobs/job-status.js";
import { enqueue } from "../jobs/queue.js";
import type { JobKind } from "../jobs/worker.js";
import { deleteReceiptBatch } from "./receipts.js";

export const RETENTION_JOB = "consent/retention";
export const RETENTION_MONTHS = { min: 6, max: 60, default: 24 } as const;

/** Receipts recorded before this instant are past the retention period: the start of the UTC day `months` back. */
export function retentionCutoff(months: number, now = new Date()): Date {
  const cutoff = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - months, now.getUTCDate()));
  return cutoff;
}

/**
 * Queues the daily purge of every shop whose last one is a day old (or that never had one), unless one
 * is queued already. Run by the worker's housekeeping.
 */
export async function scheduleRetention(prisma: Db, now = new Date(), limit = 100): Promise<number> {
  const due = await prisma.shop.findMany({
    where: { uninstalledAt: null, OR: [{ retentionRunAt: null }, { retentionRunAt: { lt: new Date(now.getTime() - DAY) } }] },
    select: { domain: true },
    take: limit,
  });
  let queued = 0;
  for (const { domain } of due) {
    const waiting = await prisma.job.count({ where: { shopDomain: domain, kind: RETENTION_JOB, status: { in: [JobStatus.queued, JobStatus.running] } } });
    if (!waiting) {
      await enqueue(prisma, { shopDomain: domain, kind: RETENTION_JOB });
      queued++;
    }
  }
  return queued;
}

type Outcome = { deleted: number; cutoff: string; months: number };

/**
 * consent/retention: deletes the shop's receipts older than its retention period, in bounded batches
 * (each committed with the running count), then the daily rows (consent, leaks) of the days before the cut-off and leak names last seen before it, notes
 * the run on the shop and in the audit trail.
 */
export function retentionJob(prisma: Db, batchSize: number): JobKind<Outcome> {
  return {
    async run(job, context) {
      const shop = await prisma.shop.findUnique({ where: { domain: job.shopDomain }, select: { receiptRetentionMonths: true } });
      const months = shop?.receiptRetentionMonths ?? RETENTION_MONTHS.default;
      const cutoff = retentionCutoff(months);
      const scope = { shopDomain: job.shopDomain, before: cutoff };
      while ((await context.step(async (tx) => ({ deleted: await deleteReceiptBatch(tx, scope, batchSize) }))).deleted > 0);
      return { deleted: context.progress.deleted ?? 0, cutoff: cutoff.toISOString(), months };
    },
    async completed(tx, job, outcome) {
      const before = new Date(outcome.cutoff);
      await tx.consentDailyStat.deleteMany({ where: { shopDomain: job.shopDomain, day: { lt: dayOf(before) } } });
      await tx.consentLeakDaily.deleteMany({ where: { shopDomain: job.shopDomain, day: { lt: dayOf(before) } } });
      await tx.consentLeakSign.deleteMany({ where: { shopDomain: job.shopDomain, lastSeenAt: { lt: before } } });
      await tx.shop.updateMany({ where: { domain: job.shopDomain }, data: { retentionRunAt: new Date(), retentionDeleted: outcome.deleted } });
      await audit(tx, { shopDomain: job.shopDomain, action: "retention_purged", detail: outcome });
    },
  };
}
