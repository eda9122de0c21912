import { randomUUID } from "node:crypto";
import os from "node:os";
import type { Db, Tx } from "../db/database.js";
import { isDatabaseUnavailable } from "../db/errors.js";
import type { Logger } from "../logging/logger.js";
import { backoffMs } from "./backoff.js";
import { workerShare } from "./worker-share.js";
import { merchantReason } from "./failure-reason.js";
import { claimNext, complete, fail, recordProgress, requeue, type ClaimedJob, type Progress } from "./queue.js";

export class LeaseLostError extends Error {
  constructor() {
    super("the job's lease expired and another worker took it over");
    this.name = "LeaseLostError";
  }
}

export interface JobContext {
  /**
   * One batch of work in a transaction that also adds its counts to the job's progress and renews the
   * lease: the counts survive a crash exactly as the work does. Returns the batch's counts.
   */
  step<C extends Progress>(work: (tx: Tx) => Promise<C>): Promise<C>;
  /** Everything counted so far by step(), this attempt and the earlier ones. */
  readonly progress: Progress;
  logger: Logger;
}

/**
 * What a job kind does. `run` must be idempotent: after a crash it runs again from the start. The kind
 * owns the status changes of what it works on (its request, its proof): the worker knows only the job.
 */
export interface JobKind<Outcome = unknown> {
  run(job: ClaimedJob, context: JobContext): Promise<Outcome>;
  /** Bookkeeping that commits in the same transaction that marks the job done (exactly once). */
  completed(tx: Tx, job: ClaimedJob, outcome: Outcome): Promise<void>;
  started?(prisma: Db, job: ClaimedJob, workerId: string): Promise<void>;
  /** `reason` is short and readable (web/jobs/failure-reason.ts): it may be shown to merchants. */
  retrying?(tx: Tx, job: ClaimedJob, reason: string, runAt: Date): Promise<void>;
  failed?(tx: Tx, job: ClaimedJob, reason: string): Promise<void>;
}

export interface WorkerOptions {
  prisma: Db;
  // Each kind has its own outcome type; the worker only passes an outcome from run() to its own onCompleted().
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  kinds: Readonly<Record<string, JobKind<any>>>;
  logger: Logger;
  pollMs: number;
  leaseMs: number;
  /** Pause after each batch (step), to spare the database during big erasures. */
  batchPauseMs: number;
  /**
   * Pause after each batch too, by the worker's share (worker-share.ts; SQLite: one connection, one
   * writer), so webhooks and receipts get at least half of it while a big erasure runs.
   */
  yieldAfterBatches?: boolean;
  /** Housekeeping run every `maintenanceMs` (e.g. deleting expired exports). */
  maintenance?: () => Promise<void>;
  maintenanceMs?: number;
}

export interface Worker {
  readonly id: string;
  /** Look for work now (called after a job is enqueued in this process). */
  wake(): void;
  /** Stops claiming; waits for the job in hand up to `timeoutMs` (its lease then lets another take it over). */
  stop(timeoutMs: number): Promise<void>;
}

const add = (a: Progress, b: Progress): Progress => {
  const sum = { ...a };
  for (const [key, value] of Object.entries(b)) if (typeof value === "number") sum[key] = (sum[key] ?? 0) + value;
  return sum;
};

/** The in-process job worker: claim with a lease, run, complete or retry with backoff, repeat. No SQL here: see queue.ts. */
export function startWorker(options: WorkerOptions): Worker {
  const { prisma, logger, leaseMs } = options;
  const id = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const log = logger.child({ component: "worker", worker: id });
  let running = true;
  let wakeUp: (() => void) | undefined;
  let lastMaintenance = 0;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  const share = workerShare();
  const pace = (tookMs = 0) => {
    const pause = Math.max(options.batchPauseMs, options.yieldAfterBatches ? share.pauseAfter(tookMs) : 0);
    return pause > 0 ? new Promise((r) => setTimeout(r, pause)) : undefined;
  };

  async function runOne(job: ClaimedJob) {
    const kind = options.kinds[job.kind];
    const jobLog = log.child({ job: job.id, kind: job.kind, shop: job.shopDomain, attempt: job.attempts });
    let progress = job.progress;
    const context: JobContext = {
      logger: jobLog,
      get progress() {
        return progress;
      },
      async step(work) {
        const started = performance.now();
        const counts = await prisma.$transaction(async (tx) => {
          const done = await work(tx);
          if (!(await recordProgress(tx, job, id, leaseMs, add(progress, done)))) throw new LeaseLostError();
          return done;
        });
        progress = add(progress, counts);
        await pace(performance.now() - started);
        return counts;
      },
    };
    try {
      if (!kind) throw new Error(`no handler for job kind ${job.kind}`);
      await kind.started?.(prisma, job, id);
      const outcome = await kind.run(job, context);
      await prisma.$transaction(async (tx) => {
        if (!(await complete(tx, job, id))) throw new LeaseLostError();
        await kind.completed(tx, job, outcome);
      });
      jobLog.info("job completed");
    } catch (error) {
      if (error instanceof LeaseLostError) {
        jobLog.warn("lease lost; the job continues elsewhere");
        return;
      }
      const reason = merchantReason(error);
      const exhausted = job.attempts >= job.maxAttempts;
      const runAt = new Date(Date.now() + backoffMs(job.attempts));
      // The failure is often the database's own (a full disk, a lost connection): recording it is retried
      // while the database stays unavailable and the lease is still ours, so the job is due again as soon
      // as the database answers, not only once its lease expires.
      const recordBy = Date.now() + leaseMs / 2;
      for (let wait = 100; ; wait = Math.min(wait * 2, 2_000)) {
        try {
          await prisma.$transaction(async (tx) => {
            if (exhausted) {
              if (await fail(tx, job, id, reason)) await kind?.failed?.(tx, job, reason);
            } else if (await requeue(tx, job, id, reason, runAt)) await kind?.retrying?.(tx, job, reason, runAt);
          });
          break;
        } catch (bookkeeping) {
          if (!running || !isDatabaseUnavailable(bookkeeping) || Date.now() + wait > recordBy) {
            // The lease will expire and the job will be claimed again.
            jobLog.warn({ err: bookkeeping }, "could not record the job's failure");
            break;
          }
          await new Promise((resolve) => setTimeout(resolve, wait));
        }
      }
      jobLog[exhausted ? "error" : "warn"](
        { err: error, retryAt: exhausted ? undefined : runAt },
        exhausted ? "job failed for good" : "job failed; will retry",
      );
    }
  }

  const loop = (async () => {
    while (running) {
      try {
        if (options.maintenance && Date.now() - lastMaintenance >= (options.maintenanceMs ?? 600_000)) {
          lastMaintenance = Date.now();
          await options.maintenance();
        }
        const started = performance.now();
        const job = await claimNext(prisma, id, leaseMs);
        if (job) {
          await runOne(job);
          // Yield after each job (worker-share.ts): under a backlog the worker gets at most half of the
          // process, a quarter while requests keep it busy, so webhooks (answered within Shopify's 5 s)
          // are never starved by work due in 30 days. (A plain timer: wake() must not cut it short.)
          const pause = Math.min(options.pollMs, Math.max(1, share.pauseAfter(performance.now() - started)));
          await new Promise((resolve) => setTimeout(resolve, pause));
        } else await sleep(options.pollMs);
      } catch (error) {
        log[isDatabaseUnavailable(error) ? "warn" : "error"]({ err: error }, "worker loop error");
        await sleep(Math.max(options.pollMs, 1000));
      }
    }
  })();

  return {
    id,
    wake: () => wakeUp?.(),
    async stop(timeoutMs) {
      running = false;
      wakeUp?.();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([loop, new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
      clearTimeout(timer);
    },
  };
}
