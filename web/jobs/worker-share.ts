import { performance, type EventLoopUtilization } from "node:perf_hooks";

export interface WorkerShare {
  /** How long to pause after `tookMs` of the worker's work, so it keeps to its share of the process. */
  pauseAfter(tookMs: number): number;
}

/**
 * The in-process worker shares the event loop (and on SQLite the one connection) with webhooks and
 * receipts. It takes `idle` of the time (a half) while the process is otherwise quiet, and only `busy`
 * (a quarter) while the event loop was more than `busyAbove` utilised since its last pause: under a
 * burst, acknowledgement comes first (Shopify waits 5 s), yet the worker is never starved.
 */
export function workerShare(options: { idle?: number; busy?: number; busyAbove?: number } = {}): WorkerShare {
  const { idle = 0.5, busy = 0.25, busyAbove = 0.8 } = options;
  let since: EventLoopUtilization = performance.eventLoopUtilization();
  return {
    pauseAfter(tookMs) {
      const now = performance.eventLoopUtilization();
      const share = performance.eventLoopUtilization(now, since).utilization > busyAbove ? busy : idle;
      since = now;
      return (tookMs * (1 - share)) / share;
    },
  };
}
