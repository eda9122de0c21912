import { describe, expect, it } from "vitest";
import thirdPartyWeb from "third-party-web/nostats-subset.js";
import { CONSENT_OF_CATEGORY, classifyCookie, classifyHost, trackerNamed, trackersSeen } from "../classify-tracker.js";
import { TRACKING_COOKIES } from "../tracking-cookies.js";

describe("classifyHost", () => {
  it("names well-known hosts with third-party-web's entity and the consent its category needs", () => {
    expect(classifyHost("www.google-analytics.com")).toEqual({ entity: "Google Analytics", company: "Google", category: "analytics", consent: "analytics" });
    expect(classifyHost("connect.facebook.net")).toMatchObject({ entity: "Facebook", category: "social", consent: "marketing" });
    expect(classifyHost("bat.bing.com")).toMatchObject({ entity: "Bing Ads", category: "ad", consent: "marketing" });
    expect(classifyHost("www.googletagmanager.com")).toMatchObject({ entity: "Google Tag Manager", consent: "loads_others" });
    expect(classifyHost("js.intercomcdn.com")).toMatchObject({ entity: "Intercom", consent: "preferences" });
    expect(classifyHost("fonts.googleapis.com")).toMatchObject({ entity: "Google Fonts", consent: "none" });
  });
  it("corrects where the category misleads: Clarity records sessions for analytics", () => {
    expect(classifyHost("www.clarity.ms")).toMatchObject({ entity: "Clarity", category: "utility", consent: "analytics" });
  });
  it("groups an unrecognised host under its root domain, consent unknown", () => {
    expect(classifyHost("a.b.tracker.example-widgets.io")).toEqual({ entity: "example-widgets.io", company: null, category: null, consent: "unknown" });
    expect(trackerNamed("example-widgets.io").consent).toBe("unknown");
  });
  it("has a consent for every category third-party-web uses", () => {
    for (const entity of thirdPartyWeb.entities) expect(CONSENT_OF_CATEGORY[entity.category], entity.category).toBeDefined();
  });
});

describe("classifyCookie", () => {
  it("knows the well-known tracking cookies by name or prefix, and nothing else", () => {
    expect(classifyCookie("_ga")).toMatchObject({ entity: "Google Analytics", consent: "analytics" });
    expect(classifyCookie("_ga_Q1W2E3R4")).toMatchObject({ entity: "Google Analytics" });
    expect(classifyCookie("_gcl_au")).toMatchObject({ entity: "Google/Doubleclick Ads", consent: "marketing" });
    expect(classifyCookie("_fbp")).toMatchObject({ entity: "Facebook", consent: "marketing" });
    expect(classifyCookie("_hjSessionUser_123")).toMatchObject({ entity: "Hotjar", consent: "analytics" });
    for (const own of ["cart", "_shopify_y", "_tracking_consent", "localization", "_gax", "ga"]) expect(classifyCookie(own), own).toBeUndefined();
  });
  it("names each cookie's tracker as third-party-web does, so a cookie and a host count as one", () => {
    const names = new Set(thirdPartyWeb.entities.map((e) => e.name));
    for (const cookie of TRACKING_COOKIES) expect(names.has(cookie.entity), cookie.entity).toBe(true);
  });
});

describe("trackersSeen", () => {
  it("gathers one visit's names by tracker and leaves out what needs no consent", () => {
    const seen = trackersSeen(
      ["www.google-analytics.com", "region1.google-analytics.com", "fonts.googleapis.com", "cdn.jsdelivr.net"],
      ["_ga", "_fbp", "cart"],
    );
    expect([...seen.keys()].sort()).toEqual(["Facebook", "Google Analytics"]);
    expect(seen.get("Google Analytics")).toMatchObject({ hosts: ["www.google-analytics.com", "region1.google-analytics.com"], cookies: ["_ga"] });
    expect(seen.get("Facebook")).toMatchObject({ hosts: [], cookies: ["_fbp"] });
    expect(trackersSeen([], []).size).toBe(0);
  });
});
