import type { Db } from "../db/database.js";

/** A job as the worker sees it once it holds the lease. */
export interface ClaimedJob {
  id: string;
  shopDomain: string;
  kind: string;
  requestId: string | null;
  attempts: number;
  maxAttempts: number;
}

/**
 * Claims the next due job (queued and due, or running with an expired lease: its worker died) with a
 * compare-and-set on (status, attempts): of several workers or app instances racing for one job, on
 * SQLite or PostgreSQL, exactly one update matches. The others move on to the next candidate.
 */
export async function claimNext(prisma: Db, workerId: string, leaseMs: number, now = new Date()): Promise<ClaimedJob | undefined> {
  for (let tries = 0; tries < 5; tries++) {
    const candidates = await prisma.job.findMany({
      where: { OR: [{ status: "queued", runAt: { lte: now } }, { status: "running", lockedUntil: { lt: now } }] },
      orderBy: { runAt: "asc" },
      take: 5,
      select: { id: true, status: true, attempts: true },
    });
    if (candidates.length === 0) return undefined;
    for (const candidate of candidates) {
      const { count } = await prisma.job.updateMany({
        where: { id: candidate.id, status: candidate.status, attempts: candidate.attempts },
        data: { status: "running", lockedBy: workerId, lockedUntil: new Date(now.getTime() + leaseMs), attempts: { increment: 1 } },
      });
      if (count === 1) {
        return prisma.job.findUniqueOrThrow({
          where: { id: candidate.id },
          select: { id: true, shopDomain: true, kind: true, requestId: true, attempts: true, maxAttempts: true },
        });
      }
    }
  }
  return undefined;
}

/** Extends the lease; false when it was lost (it expired and another worker took the job). */
export async function renewLease(prisma: Db, job: ClaimedJob, workerId: string, leaseMs: number): Promise<boolean> {
  const { count } = await prisma.job.updateMany({
    where: heldBy(job, workerId),
    data: { lockedUntil: new Date(Date.now() + leaseMs) },
  });
  return count === 1;
}

/** The `where` that only matches while this worker still holds this job's lease. */
export function heldBy(job: ClaimedJob, workerId: string) {
  return { id: job.id, status: "running", lockedBy: workerId, attempts: job.attempts };
}

/** Exponential backoff with jitter: 2 s, 4 s, 8 s … capped at 15 min. */
export function backoffMs(attempts: number): number {
  const base = Math.min(15 * 60_000, 1000 * 2 ** attempts);
  return Math.round(base * (0.75 + Math.random() * 0.5));
}
