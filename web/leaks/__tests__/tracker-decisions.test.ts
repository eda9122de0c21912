import { describe, expect, it } from "vitest";
import { visitTrackers } from "../classify-tracker.js";
import { trackerCode, trackerDecision, trackersValue } from "../store-trackers.js";

describe("a visit's trackers: leaked and held", () => {
  const byEntity = (list: ReturnType<typeof visitTrackers>) => Object.fromEntries(list.map((t) => [t.entity, t]));

  it("trusts the blocker: a host it held that also appears as loaded is held, not leaked", () => {
    const trackers = byEntity(visitTrackers(["connect.facebook.net", "www.google-analytics.com"], ["_fbp"], ["www.google-analytics.com"], false));
    expect(trackers.Facebook).toEqual({ entity: "Facebook", hosts: ["connect.facebook.net"], cookies: ["_fbp"], leaked: true, held: false });
    expect(trackers["Google Analytics"]).toEqual({ entity: "Google Analytics", hosts: ["www.google-analytics.com"], cookies: [], leaked: false, held: true });
  });

  it("in report only, a host in both loaded (leaked) and would have been held", () => {
    const [hotjar] = visitTrackers(["static.hotjar.com"], [], ["static.hotjar.com"], true);
    expect(hotjar).toEqual({ entity: "Hotjar", hosts: ["static.hotjar.com"], cookies: [], leaked: true, held: true });
  });

  it("a tracker leaked by a cookie and held by its host is both; hosts that need no consent are left out", () => {
    const trackers = byEntity(visitTrackers(["fonts.googleapis.com"], ["_ga"], ["region1.google-analytics.com"], false));
    expect(Object.keys(trackers)).toEqual(["Google Analytics"]);
    expect(trackers["Google Analytics"]).toMatchObject({ leaked: true, held: true, cookies: ["_ga"], hosts: ["region1.google-analytics.com"] });
  });
});

describe("what the storefront does with a tracker", () => {
  it("follows the classification unless the merchant chose", () => {
    expect(trackerCode("Facebook", undefined)).toBe("m");
    expect(trackerCode("Google Analytics", undefined)).toBe("a");
    expect(trackerCode("Google Tag Manager", undefined)).toBe("t");
    expect(trackerCode("Google Fonts", undefined)).toBe("n");
    expect(trackerCode("example-widgets.io", undefined)).toBeNull();
    expect(trackerCode("Facebook", { decision: "necessary", category: null })).toBe("n");
    expect(trackerCode("example-widgets.io", { decision: "wait", category: "preferences" })).toBe("p");
    expect(trackerCode("Facebook", { decision: "wait", category: null })).toBe("m");
  });

  it("shows the merchant's decision, else wait for what is held and necessary for what loads", () => {
    expect(trackerDecision("m", undefined)).toBe("wait");
    expect(trackerDecision("t", undefined)).toBe("wait");
    expect(trackerDecision("n", undefined)).toBe("necessary");
    expect(trackerDecision(null, undefined)).toBe("necessary");
    expect(trackerDecision("n", { decision: "necessary", category: null })).toBe("necessary");
  });

  it("writes the list as the same JSON text for the same list", () => {
    expect(trackersValue({ hosts: { "a.example.com": "m" }, reportOnly: true })).toBe('{"hosts":{"a.example.com":"m"},"reportOnly":true}');
  });
});
