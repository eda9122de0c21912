import { describe, expect, it } from "vitest";
import { backoffMs } from "../backoff.js";

describe("backoffMs", () => {
  it("doubles from 2 s with ±25 % jitter and caps at 15 minutes", () => {
    expect(backoffMs(1, () => 0.5)).toBe(2_000);
    expect(backoffMs(2, () => 0.5)).toBe(4_000);
    expect(backoffMs(1, () => 0)).toBe(1_500);
    expect(backoffMs(1, () => 1)).toBe(2_500);
    expect(backoffMs(20, () => 0.5)).toBe(15 * 60_000);
    expect(backoffMs(20, () => 1)).toBe(15 * 60_000 * 1.25);
  });
});
