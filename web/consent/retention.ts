import { audit } from "../audit/audit-trail.js";
import type { Db } from "../db/database.js";
import { receiptRetentionPlan } from "../data-inventory/erasure-plan.js";
import { runErasureSteps } from "../data-inventory/run-erasure.js";
import { DAY } from "../config/time.js";
import { enqueueUnlessWaiting } from "../jobs/queue.js";
import type { JobKind } from "../jobs/worker.js";

export const RETENTION_JOB = "consent/retention";
export const RETENTION_MONTHS = { min: 6, max: 60, default: 24 } as const;

/** Receipts recorded before this instant are past the retention period: the start of the UTC day `months` back. */
export function retentionCutoff(months: number, now = new Date()): Date {
  const cutoff = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - months, now.getUTCDate()));
  return cutoff;
}

/**
 * Queues the daily purge of every shop whose last one is a day old (or that never had one), unless one
 * is waiting already (the queue's unique key decides). Run by the worker's housekeeping.
 */
export async function scheduleRetention(prisma: Db, now = new Date(), limit = 100): Promise<number> {
  const due = await prisma.shop.findMany({
    where: { uninstalledAt: null, OR: [{ retentionRunAt: null }, { retentionRunAt: { lt: new Date(now.getTime() - DAY) } }] },
    select: { domain: true },
    take: limit,
  });
  let queued = 0;
  for (const { domain } of due) if (await enqueueUnlessWaiting(prisma, { shopDomain: domain, kind: RETENTION_JOB })) queued++;
  return queued;
}

/** `deleted`: receipts; `rows`: every table's count (daily rows, leak names, receipts). */
type Outcome = { deleted: number; cutoff: string; months: number; rows: Record<string, number> };

/**
 * consent/retention: deletes the shop's rows from before its receipt retention period, as the data
 * inventory says (receipts in bounded batches, the daily consent and leak rows, leak names last seen
 * before the cut-off), each delete committed with its count; notes the run on the shop, and in the
 * audit trail only when something was deleted (a daily line per shop would itself grow forever).
 */
export function retentionJob(prisma: Db, batchSize: number): JobKind<Outcome> {
  return {
    async run(job, context) {
      const shop = await prisma.shop.findUnique({ where: { domain: job.shopDomain }, select: { receiptRetentionMonths: true } });
      const months = shop?.receiptRetentionMonths ?? RETENTION_MONTHS.default;
      const cutoff = retentionCutoff(months);
      await runErasureSteps(context, receiptRetentionPlan(job.shopDomain, cutoff), batchSize);
      return { deleted: context.progress.deleted ?? 0, cutoff: cutoff.toISOString(), months, rows: { ...context.progress } };
    },
    async completed(tx, job, outcome) {
      await tx.shop.updateMany({ where: { domain: job.shopDomain }, data: { retentionRunAt: new Date(), retentionDeleted: outcome.deleted } });
      if (Object.values(outcome.rows).some((n) => n > 0)) await audit(tx, { shopDomain: job.shopDomain, action: "retention_purged", detail: outcome });
    },
  };
}
