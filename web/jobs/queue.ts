import type { Db, Tx } from "../db/database.js";
import { dateParam, executeRaw, providerOfClient } from "../db/raw-sql.js";
import { newJobRow } from "./job-row.js";
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
  return tx.job.create({ data: newJobRow(job), select: { id: true } });
}

/**
 * A request's job (one per request: Job.requestId is unique), queued again from the start: a request that
 * waited for the merchant (an approval, a permission) or for Shopify runs its job once more. Adds the job
 * when the request has none yet. Not for a job that is running: the caller checks the request's status.
 */
export function enqueueForRequest(tx: Tx | Db, job: { shopDomain: string; kind: string; requestId: string; runAt?: Date }) {
  const row = newJobRow(job);
  const again = {
    kind: row.kind,
    status: row.status,
    attempts: 0,
    runAt: row.runAt,
    lockedBy: null,
    lockedUntil: null,
    lastError: null,
    progress: null,
    finishedAt: null,
  };
  return tx.job.upsert({ where: { requestId: job.requestId }, create: row, update: again, select: { id: true } });
}

/**
 * Adds a job without a request unless one of its kind is waiting (queued or running) for the shop:
 * one INSERT that the unique key "Job_waiting_key" (migration 0008) turns into nothing when one is,
 * so racing callers (two instances' housekeeping) add one job, not two. True if this call added it.
 */
export async function enqueueUnlessWaiting(tx: Tx | Db, job: { shopDomain: string; kind: string; runAt?: Date }): Promise<boolean> {
  const row = newJobRow(job);
  const columns = ["id", "shopDomain", "kind", "status", "attempts", "maxAttempts", "runAt", "createdAt", "updatedAt"] as const;
  const values = columns.map((c) => (row[c] instanceof Date ? dateParam(tx, row[c]) : row[c]));
  const inserted = await executeRaw(
    tx,
    `INSERT INTO "Job" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES (${columns.map(() => "?").join(", ")}) ON CONFLICT DO NOTHING`,
    ...values,
  );
  return inserted === 1;
}

const CLAIMED_COLUMNS = { id: true, shopDomain: true, kind: true, requestId: true, attempts: true, maxAttempts: true, progress: true } as const;

/**
 * Claims the next due job (queued and due, or running with an expired lease: its worker died). On
 * PostgreSQL one UPDATE whose sub-select takes the row `FOR UPDATE SKIP LOCKED`: instances racing for
 * work each get a different job, without retries. On SQLite (one writer) a compare-and-set on (status,
 * attempts): exactly one update matches, the others move on to the next candidate.
 */
export async function claimNext(prisma: Db, workerId: string, leaseMs: number, now = new Date()): Promise<ClaimedJob | undefined> {
  if (providerOfClient(prisma) === "postgresql") return claimSkipLocked(prisma, workerId, leaseMs, now);
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
        const row = await prisma.job.findUniqueOrThrow({ where: { id: candidate.id }, select: CLAIMED_COLUMNS });
        return { ...row, progress: parseProgress(row.progress) };
      }
    }
  }
  return undefined;
}

async function claimSkipLocked(prisma: Db, workerId: string, leaseMs: number, now: Date): Promise<ClaimedJob | undefined> {
  const at = dateParam(prisma, now);
  const rows = await prisma.$queryRawUnsafe<Array<Omit<ClaimedJob, "progress"> & { progress: string | null }>>(
    `UPDATE "Job" SET "status" = $1, "lockedBy" = $2, "lockedUntil" = $3::timestamp, "attempts" = "attempts" + 1, "updatedAt" = $4::timestamp
     WHERE "id" = (
       SELECT "id" FROM "Job"
       WHERE ("status" = $5 AND "runAt" <= $4::timestamp) OR ("status" = $1 AND "lockedUntil" < $4::timestamp)
       ORDER BY "runAt" LIMIT 1 FOR UPDATE SKIP LOCKED)
     RETURNING ${Object.keys(CLAIMED_COLUMNS)
       .map((c) => `"${c}"`)
       .join(", ")}`,
    JobStatus.running,
    workerId,
    dateParam(prisma, new Date(now.getTime() + leaseMs)),
    at,
    JobStatus.queued,
  );
  const row = rows[0];
  return row ? { ...row, progress: parseProgress(row.progress) } : undefined;
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
