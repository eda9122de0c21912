import { describe, expect, it } from "vitest";
import { workerShare } from "../worker-share.js";

const spin = (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until);
};

describe("workerShare", () => {
  it("takes half of a quiet process and a quarter of a busy one", async () => {
    const share = workerShare();
    await new Promise((r) => setTimeout(r, 60)); // a quiet event loop
    expect(share.pauseAfter(10)).toBe(10);
    spin(60); // an event loop kept busy (by requests, by the worker itself)
    expect(share.pauseAfter(10)).toBe(30);
    await new Promise((r) => setTimeout(r, 60));
    expect(share.pauseAfter(8)).toBe(8);
  });

  it("takes the shares it is given", () => {
    const share = workerShare({ busy: 0.2, busyAbove: 0.5 });
    spin(30);
    expect(share.pauseAfter(10)).toBe(40);
  });
});
