import { performance } from "node:perf_hooks";

export interface WorkerShare {
  /** How long to pause after `tookMs` of the worker's work, so it keeps to its share of the process. */
  pauseAfter(tookMs: number): number;
}

/** The event loop's cumulative idle and active milliseconds (what `performance.eventLoopUtilization()` returns). */
export interface LoopTimes {
  idle: number;
  active: number;
}

/**
 * The in-process worker shares the event loop (and on SQLite the one connection) with webhooks and
 * receipts. It takes `idle` of the time (a half) while the process is otherwise quiet, and only `busy`
 * (a quarter) while the event loop was more than `busyAbove` utilised since its last pause: under a
 * burst, acknowledgement comes first (Shopify waits 5 s), yet the worker is never starved.
 * `loopTimes` reads the event loop's times (this process's own by default).
 */
export function workerShare(options: { idle?: number; busy?: number; busyAbove?: number; loopTimes?: () => LoopTimes } = {}): WorkerShare {
  const { idle = 0.5, busy = 0.25, busyAbove = 0.8, loopTimes = () => performance.eventLoopUtilization() } = options;
  let since = loopTimes();
  return {
    pauseAfter(tookMs) {
      const now = loopTimes();
      const active = now.active - since.active;
      const total = active + now.idle - since.idle;
      const share = total > 0 && active / total > busyAbove ? busy : idle;
      since = now;
      return (tookMs * (1 - share)) / share;
    },
  };
}
