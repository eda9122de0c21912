/** A job's life: queued → running → done, or back to queued (retry with backoff), or failed for good. */
export const JobStatus = {
  queued: "queued",
  running: "running",
  done: "done",
  failed: "failed",
} as const;

export type JobStatus = (typeof JobStatus)[keyof typeof JobStatus];
