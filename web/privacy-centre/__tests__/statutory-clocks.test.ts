import { describe, expect, it } from "vitest";
import { addBusinessDays, addMonths, lawOf, statutoryClock } from "../statutory-clocks.js";

const at = (iso: string) => new Date(iso);

describe("statutory clocks", () => {
  it("names the law from where the shopper was", () => {
    expect(lawOf("DE")).toBe("gdpr");
    expect(lawOf("NO")).toBe("gdpr");
    expect(lawOf("GB")).toBe("uk_gdpr");
    expect(lawOf("US", "USCA")).toBe("ccpa");
    expect(lawOf("US", "CA")).toBe("ccpa");
    expect(lawOf(null, "USCA")).toBe("ccpa");
    expect(lawOf("US", "USVA")).toBe("us_state");
    expect(lawOf("US", "USNY")).toBe("none");
    expect(lawOf("CA", "CAON")).toBe("none");
    expect(lawOf("", "")).toBe("none");
  });

  it("counts a month as the same day next month, or its last day", () => {
    expect(addMonths(at("2026-01-31T10:00:00Z"), 1).toISOString()).toBe("2026-02-28T10:00:00.000Z");
    expect(addMonths(at("2028-01-31T10:00:00Z"), 1).toISOString()).toBe("2028-02-29T10:00:00.000Z");
    expect(addMonths(at("2026-12-15T08:30:00Z"), 3).toISOString()).toBe("2027-03-15T08:30:00.000Z");
  });

  it("counts business days Monday to Friday", () => {
    // Friday 4 Dec 2026 + 1 business day = Monday 7 Dec.
    expect(addBusinessDays(at("2026-12-04T12:00:00Z"), 1).toISOString().slice(0, 10)).toBe("2026-12-07");
    expect(addBusinessDays(at("2026-12-04T12:00:00Z"), 15).toISOString().slice(0, 10)).toBe("2026-12-25");
  });

  it("GDPR: one month from verification, extendable to three; CCPA: 45 days from receipt (+45), acknowledged in 10 business days; opt-outs 15 business days", () => {
    const received = at("2026-12-01T09:00:00Z");
    const verified = at("2026-12-03T09:00:00Z");
    const gdpr = statutoryClock("gdpr", "access", received, verified);
    expect(gdpr.dueAt.toISOString().slice(0, 10)).toBe("2027-01-03");
    expect(gdpr.extendedDueAt!.toISOString().slice(0, 10)).toBe("2027-03-03");
    expect(gdpr.acknowledgeBy).toBeNull();
    const ccpa = statutoryClock("ccpa", "deletion", received, verified);
    expect(ccpa.startsAt).toEqual(received);
    expect(ccpa.dueAt.toISOString().slice(0, 10)).toBe("2027-01-15");
    expect(ccpa.extendedDueAt!.toISOString().slice(0, 10)).toBe("2027-03-01");
    expect(ccpa.acknowledgeBy!.toISOString().slice(0, 10)).toBe("2026-12-15");
    const optOut = statutoryClock("ccpa", "opt_out", received, verified);
    expect(optOut.dueAt.toISOString().slice(0, 10)).toBe("2026-12-22");
    expect(optOut.extendedDueAt).toBeNull();
    expect(statutoryClock("none", "access", received, verified).dueAt.toISOString().slice(0, 10)).toBe("2027-01-02");
  });
});
