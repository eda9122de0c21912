import { newRowId } from "../db/row-id.js";
import { JobStatus } from "./job-status.js";

/** Attempts before a job fails for good (with exponential backoff: about 17 minutes in all). */
export const MAX_ATTEMPTS = 10;

/** A new job's row, as every way of adding one writes it: queued, no attempt yet, due at `runAt`. */
export function newJobRow(job: { id?: string; shopDomain: string; kind: string; requestId?: string | null; runAt?: Date; now?: Date }) {
  const now = job.now ?? new Date();
  return {
    id: job.id ?? newRowId(),
    shopDomain: job.shopDomain,
    kind: job.kind,
    requestId: job.requestId ?? null,
    status: JobStatus.queued,
    attempts: 0,
    maxAttempts: MAX_ATTEMPTS,
    runAt: job.runAt ?? now,
    createdAt: now,
    updatedAt: now,
  };
}

export type JobRow = ReturnType<typeof newJobRow>;
