import type { Tx } from "../db/database.js";
import type { ClaimedJob } from "../jobs/queue.js";
import type { JobKind } from "../jobs/worker.js";
import { audit } from "../audit/audit-trail.js";
import { RequestStatus } from "./request-status.js";

export type Outcome = Record<string, unknown>;

const requestOf = (job: ClaimedJob) => ({ id: job.requestId ?? "", shopDomain: job.shopDomain });

/**
 * A privacy request's life around its job: processing → completed (with counts; the encrypted payload,
 * which holds emails and phones, is emptied) or failed; each step in the audit trail, in the same
 * transaction as the job's own state. Each compliance job kind adds its run (and any proof of its own).
 */
export const requestLifecycle: Omit<JobKind<Outcome>, "run"> = {
  async started(prisma, job, workerId) {
    await prisma.$transaction([
      prisma.complianceRequest.updateMany({
        where: { ...requestOf(job), status: { in: [RequestStatus.received, RequestStatus.processing] } },
        data: { status: RequestStatus.processing },
      }),
      audit(prisma, { shopDomain: job.shopDomain, requestId: job.requestId, action: "started", detail: { attempt: job.attempts, worker: workerId } }),
    ]);
  },
  async completed(tx, job, outcome) {
    await completeRequest(tx, job, outcome);
  },
  async retrying(tx, job, reason, runAt) {
    await audit(tx, {
      shopDomain: job.shopDomain,
      requestId: job.requestId,
      action: "retry_scheduled",
      detail: { attempt: job.attempts, reason, runAt: runAt.toISOString() },
    });
  },
  async failed(tx, job, reason) {
    await tx.complianceRequest.update({ where: requestOf(job), data: { status: RequestStatus.failed, failure: reason } });
    await audit(tx, { shopDomain: job.shopDomain, requestId: job.requestId, action: "failed", detail: { attempts: job.attempts, reason } });
  },
};

/** Marks the request completed with its outcome and notes it in the audit trail; returns the request. */
export async function completeRequest(tx: Tx, job: ClaimedJob, outcome: Outcome, note?: string) {
  const completedAt = new Date();
  const request = await tx.complianceRequest.update({
    where: requestOf(job),
    data: { status: RequestStatus.completed, completedAt, outcome: JSON.stringify(outcome), payload: "", failure: null },
  });
  await audit(tx, {
    shopDomain: job.shopDomain,
    requestId: job.requestId,
    action: "completed",
    detail: { ...outcome, attempts: job.attempts, late: completedAt > request.dueAt, ...(note ? { note } : {}) },
  });
  return request;
}
