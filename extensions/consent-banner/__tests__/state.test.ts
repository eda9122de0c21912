import { describe, expect, it } from "vitest";
import {
  CATEGORIES,
  GCM_DEFAULT,
  acceptAll,
  consentModeUpdate,
  decide,
  defaults,
  fromShopify,
  gpcOptOut,
  gpcToRecord,
  parseStored,
  privacyUrl,
  proxyUrl,
  receipt,
  rejectAll,
  trackingConsent,
  type Visitor,
} from "../src/state.js";
import { contrast } from "../src/contract.js";

const eu: Visitor = { shouldShowBanner: true, saleOfDataRegion: false, gpc: false, region: "DEBE" };
const california: Visitor = { shouldShowBanner: false, saleOfDataRegion: true, gpc: false, region: "USCA" };
const californiaGpc: Visitor = { ...california, gpc: true };
const stored = (revision: number) => ({ revision, choice: rejectAll(), at: 1 });

describe("decide", () => {
  it("shows the banner where Shopify requires consent and nothing was chosen", () => {
    expect(decide(1, false, eu, null)).toBe("first");
    expect(decide(1, false, california, null)).toBeUndefined();
  });
  it("shows it to everyone when the merchant chose so", () => {
    expect(decide(1, true, california, null)).toBe("first");
  });
  it("keeps a choice for the same revision, and asks again after a revision bump", () => {
    expect(decide(1, true, eu, stored(1))).toBeUndefined();
    expect(decide(2, false, california, stored(1))).toBe("revision");
  });
});

describe("choices", () => {
  it("starts with everything off where consent is required", () => {
    expect(defaults(eu)).toEqual({ preferences: false, analytics: false, marketing: false, sale_of_data: false });
  });
  it("starts elsewhere as Shopify allows by default: on, except marketing and the sale of data under GPC", () => {
    expect(defaults(california)).toEqual({ preferences: true, analytics: true, marketing: true, sale_of_data: true });
    expect(defaults(californiaGpc)).toEqual({ preferences: true, analytics: true, marketing: false, sale_of_data: false });
    expect(defaults({ ...california, saleOfDataRegion: false, region: "AUNSW" })).toEqual({
      preferences: true,
      analytics: true,
      marketing: true,
      sale_of_data: false,
    });
  });
  it("accept all keeps the sale of data off under GPC; reject all turns everything off", () => {
    expect(acceptAll(eu)).toEqual({ preferences: true, analytics: true, marketing: true, sale_of_data: true });
    expect(acceptAll(californiaGpc).sale_of_data).toBe(false);
    expect(Object.values(rejectAll()).every((v) => v === false)).toBe(true);
  });
  it("reads Shopify's current consent for a reopened panel", () => {
    expect(fromShopify({ analytics: "yes", marketing: "no", preferences: "" }, eu)).toEqual({
      preferences: false,
      analytics: true,
      marketing: false,
      sale_of_data: false,
    });
    expect(fromShopify({ analytics: "no", sale_of_data: "no", preferences: "" }, california)).toEqual({
      preferences: true,
      analytics: false,
      marketing: true,
      sale_of_data: false,
    });
  });
  it("passes sale_of_data to Shopify only where that choice exists", () => {
    expect(trackingConsent(acceptAll(eu), eu)).toEqual({ preferences: true, analytics: true, marketing: true });
    expect(trackingConsent(rejectAll(), california)).toEqual({ preferences: false, analytics: false, marketing: false, sale_of_data: false });
  });
});

describe("Google Consent Mode v2", () => {
  it("defaults to denied and waits for the update", () => {
    expect(GCM_DEFAULT).toEqual({
      ad_storage: "denied",
      ad_user_data: "denied",
      ad_personalization: "denied",
      analytics_storage: "denied",
      wait_for_update: 500,
    });
  });
  it("maps marketing to the ad signals and analytics to analytics_storage", () => {
    expect(consentModeUpdate({ ...rejectAll(), analytics: true })).toEqual({
      ad_storage: "denied",
      ad_user_data: "denied",
      ad_personalization: "denied",
      analytics_storage: "granted",
    });
    expect(consentModeUpdate(acceptAll(eu))).toEqual({
      ad_storage: "granted",
      ad_user_data: "granted",
      ad_personalization: "granted",
      analytics_storage: "granted",
    });
    expect(consentModeUpdate({ ...acceptAll(eu), sale_of_data: false }).ad_personalization).toBe("denied");
  });
});

describe("receipt", () => {
  it("records granted and denied among the categories offered, with method, revision and text hash", () => {
    const hash = "f".repeat(64);
    expect(receipt({ ...rejectAll(), analytics: true }, "custom", eu, 3, hash, "c-1")).toEqual({
      consentId: "c-1",
      granted: ["analytics"],
      denied: ["preferences", "marketing"],
      method: "custom",
      revision: 3,
      textHash: hash,
      region: "DEBE",
    });
    expect(receipt(rejectAll(), "reject_all", california, 1, hash).denied).toEqual(CATEGORIES);
  });
  it("sends a consent id only in the syntax the server accepts (contract.ts), never one a spreadsheet would evaluate", () => {
    const hash = "f".repeat(64);
    expect(receipt(rejectAll(), "reject_all", eu, 1, hash, "8f14e45f-ceea-467f-a0e6-2b8c1f0e9a3d").consentId).toBe("8f14e45f-ceea-467f-a0e6-2b8c1f0e9a3d");
    for (const id of ["-2-3", "=1+1", "+1", "@A1", "", "a".repeat(101)])
      expect(receipt(rejectAll(), "reject_all", eu, 1, hash, id).consentId, id).toBeUndefined();
  });
  it("ignores a malformed stored choice", () => {
    expect(parseStored("{oops")).toBeNull();
    expect(parseStored(JSON.stringify({ revision: "1" }))).toBeNull();
    expect(parseStored(JSON.stringify(stored(2)))).toEqual(stored(2));
  });
});

describe("GPC in an opt-out region", () => {
  const hash = "a".repeat(64);
  it("is recorded once, only where the sale of data is opt-out and the browser sends GPC", () => {
    expect(gpcToRecord(californiaGpc, false)).toBe(true);
    expect(gpcToRecord(californiaGpc, true)).toBe(false);
    expect(gpcToRecord(california, false)).toBe(false);
    expect(gpcToRecord({ ...eu, gpc: true }, false)).toBe(false);
  });
  it("as a receipt that denies the sale of data and decides nothing else", () => {
    expect(gpcOptOut(californiaGpc, 2, hash, "local-abc")).toEqual({
      consentId: "local-abc",
      granted: [],
      denied: ["sale_of_data"],
      method: "gpc",
      revision: 2,
      textHash: hash,
      region: "USCA",
      seen: undefined,
    });
    expect(gpcOptOut(californiaGpc, 1, hash, "=cmd").consentId).toBeUndefined();
  });
});

describe("links behind the app proxy", () => {
  it("lead to the privacy page in the storefront's language, with the merchant's proxy path", () => {
    expect(privacyUrl("/apps/consent", "de")).toBe("/apps/consent/privacy?locale=de");
    expect(privacyUrl("/a/privacy-app/", "pt-BR", "#opt-out")).toBe("/a/privacy-app/privacy?locale=pt-BR#opt-out");
    expect(privacyUrl("/apps/consent", "x&y=1")).toBe("/apps/consent/privacy?locale=x%26y%3D1");
    expect(proxyUrl("/tools/consent/", "/receipts")).toBe("/tools/consent/receipts");
  });
});

describe("contrast", () => {
  it("computes WCAG ratios", () => {
    expect(contrast("#000000", "#ffffff")).toBeCloseTo(21, 0);
    expect(contrast("#1a1a1a", "#ffffff")).toBeGreaterThan(4.5);
    expect(contrast("#777777", "#ffffff")).toBeLessThan(4.5);
  });
});
