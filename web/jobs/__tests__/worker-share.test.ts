import { performance, type EventLoopUtilization } from "node:perf_hooks";
import { describe, expect, it } from "vitest";
import { workerShare, type LoopTimes } from "../worker-share.js";

/** The event loop's times since `from`. */
const loopSince = (from: EventLoopUtilization) => performance.eventLoopUtilization(performance.eventLoopUtilization(), from);

describe("workerShare", () => {
  it("takes half of a quiet process and a quarter of a busy one", () => {
    const loop: LoopTimes = { idle: 0, active: 0 };
    const share = workerShare({ loopTimes: () => ({ ...loop }) });
    loop.idle += 55; // a quiet event loop
    loop.active += 5;
    expect(share.pauseAfter(10)).toBe(10);
    loop.active += 60; // an event loop kept busy (by requests, by the worker itself)
    loop.idle += 2;
    expect(share.pauseAfter(10)).toBe(30);
    loop.idle += 60;
    expect(share.pauseAfter(8)).toBe(8);
    expect(share.pauseAfter(8)).toBe(8); // no time passed: nothing says the process is busy
  });

  it("takes the shares it is given", () => {
    const loop: LoopTimes = { idle: 0, active: 0 };
    const share = workerShare({ busy: 0.2, busyAbove: 0.5, loopTimes: () => ({ ...loop }) });
    loop.active += 30;
    loop.idle += 20;
    expect(share.pauseAfter(10)).toBe(40);
    loop.active += 20;
    loop.idle += 30;
    expect(share.pauseAfter(10)).toBe(10);
  });

  it("reads this process's own event loop by default", async () => {
    const share = workerShare();
    // Busy: the event loop runs until it has been active for 30 ms since the share was taken.
    const busySince = performance.eventLoopUtilization();
    while (loopSince(busySince).active < 30);
    expect(share.pauseAfter(10)).toBe(30);
    // Quiet: the event loop waits on timers until it has been idle for 30 ms and mostly idle since.
    const quietSince = performance.eventLoopUtilization();
    for (;;) {
      const since = loopSince(quietSince);
      if (since.idle >= 30 && since.utilization < 0.5) break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(share.pauseAfter(10)).toBe(10);
  });
});
