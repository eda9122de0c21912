import type { Db, Tx } from "../db/database.js";
import { JobStatus } from "./job-status.js";

/**
 * The durable job queue: all of its SQL, and nothing else. A job is claimed with a lease (a worker
 * that dies loses it, and another resumes the job), and every later write is guarded by `heldBy`, so
 * a worker whose lease was taken over can change nothing.
 */

/** Counts of work done, kept across attempts (a resumed job adds to them). */
export type Progress = Record<string, number>;

/** A job as the worker sees it once it holds the lease. */
export interface ClaimedJob {
  id: string;
  shopDomain: string;
  kind: string;
  requestId: string | null;
  attempts: number;
  maxAttempts: number;
  /** What earlier attempts committed (see recordProgress). */
  progress: Progress;
}

/** Adds a job in the caller's transaction (or alone). */
export function enqueue(tx: Tx | Db, job: { shopDomain: string; kind: string; requestId?: string; runAt?: Date }) {
  return tx.job.create({ data: { shopDomain: job.shopDomain, kind: job.kind, requestId: job.requestId, runAt: job.runAt }, select: { id: true } });
}

/**
 * Claims the next due job (queued and due, or running with an expired lease: its worker died) with a
 * compare-and-set on (status, attempts): of several workers or app instances racing for one job, on
 * SQLite or PostgreSQL, exactly one update matches. The others move on to the next candidate.
 */
export async function claimNext(prisma: Db, workerId: string, leaseMs: number, now = new Date()): Promise<ClaimedJob | undefined> {
  for (let tries = 0; tries < 5; tries++) {
    const candidates = await prisma.job.findMany({
      where: {
        OR: [
          { status: JobStatus.queued, runAt: { lte: now } },
          { status: JobStatus.running, lockedUntil: { lt: now } },
        ],
      },
      orderBy: { runAt: "asc" },
      take: 5,
      select: { id: true, status: true, attempts: true },
    });
    if (candidates.length === 0) return undefined;
    for (const candidate of candidates) {
      const { count } = await prisma.job.updateMany({
        where: { id: candidate.id, status: candidate.status, attempts: candidate.attempts },
        data: { status: JobStatus.running, lockedBy: workerId, lockedUntil: new Date(now.getTime() + leaseMs), attempts: { increment: 1 } },
      });
      if (count === 1) {
        const row = await prisma.job.findUniqueOrThrow({
          where: { id: candidate.id },
          select: { id: true, shopDomain: true, kind: true, requestId: true, attempts: true, maxAttempts: true, progress: true },
        });
        return { ...row, progress: parseProgress(row.progress) };
      }
    }
  }
  return undefined;
}

/** Saves the job's running totals and renews its lease, in the transaction that did the work; false if the lease was lost. */
export async function recordProgress(tx: Tx, job: ClaimedJob, workerId: string, leaseMs: number, progress: Progress): Promise<boolean> {
  const { count } = await tx.job.updateMany({
    where: heldBy(job, workerId),
    data: { progress: JSON.stringify(progress), lockedUntil: new Date(Date.now() + leaseMs) },
  });
  return count === 1;
}

/** Marks the job done (in the transaction of the kind's own bookkeeping); false if the lease was lost. */
export async function complete(tx: Tx, job: ClaimedJob, workerId: string): Promise<boolean> {
  const { count } = await tx.job.updateMany({
    where: heldBy(job, workerId),
    data: { status: JobStatus.done, finishedAt: new Date(), lockedBy: null, lockedUntil: null, lastError: null },
  });
  return count === 1;
}

/** Puts the job back in the queue to run again at `runAt`; false if the lease was lost. */
export async function requeue(tx: Tx, job: ClaimedJob, workerId: string, reason: string, runAt: Date): Promise<boolean> {
  const { count } = await tx.job.updateMany({
    where: heldBy(job, workerId),
    data: { status: JobStatus.queued, runAt, lockedBy: null, lockedUntil: null, lastError: reason },
  });
  return count === 1;
}

/** Gives up on the job for good; false if the lease was lost. */
export async function fail(tx: Tx, job: ClaimedJob, workerId: string, reason: string): Promise<boolean> {
  const { count } = await tx.job.updateMany({
    where: heldBy(job, workerId),
    data: { status: JobStatus.failed, finishedAt: new Date(), lockedBy: null, lockedUntil: null, lastError: reason },
  });
  return count === 1;
}

/** The `where` that only matches while this worker still holds this job's lease. */
function heldBy(job: ClaimedJob, workerId: string) {
  return { id: job.id, status: JobStatus.running, lockedBy: workerId, attempts: job.attempts };
}

function parseProgress(text: string | null): Progress {
  try {
    const value = JSON.parse(text ?? "{}") as unknown;
    return value && typeof value === "object" ? (value as Progress) : {};
  } catch {
    return {};
  }
}
