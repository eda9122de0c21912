import { describe, expect, it } from "vitest";
import type { TrackerCode } from "../src/contract.js";
import { suffixes, table, trackerCookies, trackerOf, waits, withdrawn } from "../src/blocker.js";

const OWN = "www.example-shop.com";
// A built-in list of the generated format (src/tracker-list.ts), so these tests do not follow the real one.
const KNOWN = table<TrackerCode>({ m: "facebook.net doubleclick.net pixel.example.org", a: "google-analytics.com", p: "", t: "googletagmanager.com" });
const COOKIES = { m: "_fbp _fbc _gcl_*", a: "_ga _ga_* _gid _gat*", p: "" };
const of = (url: string, store?: Record<string, TrackerCode>) => trackerOf(url, OWN, store, KNOWN);

describe("which tracker a URL loads from", () => {
  it("walks the host's suffixes from the longest, on label boundaries only", () => {
    expect(suffixes("a.b.c.com")).toEqual(["a.b.c.com", "b.c.com", "c.com"]);
    expect(of("https://connect.facebook.net/en_US/fbevents.js")).toEqual(["connect.facebook.net", "m"]);
    expect(of("https://www.googletagmanager.com/gtag/js?id=G-1")).toEqual(["www.googletagmanager.com", "t"]);
    expect(of("https://region1.google-analytics.com/g/collect")).toEqual(["region1.google-analytics.com", "a"]);
    expect(of("//stats.g.doubleclick.net/x.js")).toEqual(["stats.g.doubleclick.net", "m"]);
    for (const url of ["https://notfacebook.net/x.js", "https://facebook.net.example.org/x.js", "https://www.recaptcha.net/recaptcha/api.js"])
      expect(of(url), url).toBeUndefined();
  });

  it("lets the store's list decide before the built-in one, at each suffix, and the longest suffix first", () => {
    expect(of("https://connect.facebook.net/x.js", { "facebook.net": "n" })).toEqual(["connect.facebook.net", "n"]);
    expect(of("https://connect.facebook.net/x.js", { "connect.facebook.net": "a" })).toEqual(["connect.facebook.net", "a"]);
    // A longer built-in suffix beats a shorter store entry: the first hit decides.
    expect(of("https://pixel.example.org/p.gif", { "example.org": "n" })).toEqual(["pixel.example.org", "m"]);
    const store: Record<string, TrackerCode> = { "tracker.example": "m", "safe.tracker.example": "n" };
    expect(of("https://ads.tracker.example/p.gif", store)).toEqual(["ads.tracker.example", "m"]);
    expect(of("https://safe.tracker.example/p.gif", store)).toEqual(["safe.tracker.example", "n"]);
  });

  it("never holds the shop's own host, its subdomains, Shopify's hosts or what is not a host name", () => {
    const store: Record<string, TrackerCode> = { "example-shop.com": "m", "shopify.com": "m", "myshopify.com": "m" };
    for (const url of [
      "https://www.example-shop.com/a.js",
      "https://cdn.example-shop.com/a.js",
      "/assets/theme.js",
      "https://cdn.shopify.com/s/files/x.js",
      "https://shop.myshopify.com/x.js",
      "data:text/javascript,1",
      "blob:https://www.example-shop.com/0b1c",
    ])
      expect(of(url, store), url).toBeUndefined();
  });
});

describe("what waits", () => {
  it("each category's trackers until it is allowed; tag managers until analytics or marketing; necessary and unknown never", () => {
    expect(waits("m", {})).toBe(true);
    expect(waits("m", { analytics: true, preferences: true, sale_of_data: true })).toBe(true);
    expect(waits("m", { marketing: true })).toBe(false);
    expect(waits("a", { marketing: true })).toBe(true);
    expect(waits("a", { analytics: true })).toBe(false);
    expect(waits("p", { analytics: true, marketing: true })).toBe(true);
    expect(waits("p", { preferences: true })).toBe(false);
    expect(waits("t", { preferences: true })).toBe(true);
    expect(waits("t", { analytics: true })).toBe(false);
    expect(waits("t", { marketing: true })).toBe(false);
    expect(waits("n", {})).toBe(false);
    expect(waits(undefined, {})).toBe(false);
  });
  it("in Google Consent Mode's advanced mode, tag managers load at once; the rest still wait", () => {
    expect(waits("t", {}, true)).toBe(false);
    expect(waits("m", {}, true)).toBe(true);
    expect(waits("a", {}, true)).toBe(true);
  });
});

describe("withdrawal", () => {
  it("is a category allowed before and not now", () => {
    expect(withdrawn({ analytics: true, marketing: true }, { marketing: true })).toEqual(["analytics"]);
    expect(withdrawn({}, { marketing: true })).toEqual([]);
    expect(withdrawn({ marketing: true, preferences: true }, {})).toEqual(["preferences", "marketing"]);
  });
  it("removes the cookies the category's trackers set: exact names and prefixes", () => {
    const names = ["_ga", "_ga_ABC123", "_gab", "_gid", "_gat_UA-1", "_fbp", "_gcl_au", "cart", "_gcl"];
    expect(trackerCookies(names, "analytics", COOKIES)).toEqual(["_ga", "_ga_ABC123", "_gid", "_gat_UA-1"]);
    expect(trackerCookies(names, "marketing", COOKIES)).toEqual(["_fbp", "_gcl_au"]);
    expect(trackerCookies(names, "preferences", COOKIES)).toEqual([]);
    expect(trackerCookies(names, "sale_of_data", COOKIES)).toEqual([]);
  });
});
