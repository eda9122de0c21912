import { readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import * as prettier from "prettier";
import thirdPartyWeb from "third-party-web/nostats-subset.js";
import { describe, expect, it } from "vitest";
import { KNOWN_COOKIES, KNOWN_HOSTS } from "../../../extensions/consent-banner/src/tracker-list.js";
import { ROOT } from "../../config/paths.js";
import { classifyHost, trackerNamed } from "../classify-tracker.js";
import { NEVER_HELD_HOSTS, neverHeld } from "../never-held-hosts.js";
import { TRACKER_LIST_GZIP_BUDGET, buildTrackerList, trackerListSource } from "../tracker-list-build.js";
import { TRACKING_COOKIES } from "../tracking-cookies.js";

const FILE = path.join(ROOT, "extensions/consent-banner/src/tracker-list.ts");
const CODE_OF_CONSENT: Record<string, string> = { marketing: "m", analytics: "a", preferences: "p", loads_others: "t" };

/** Every listed suffix with its code, from the committed file. */
const listed = Object.entries(KNOWN_HOSTS).flatMap(([code, text]) =>
  text
    .split(" ")
    .filter(Boolean)
    .map((suffix) => ({ suffix, code })),
);
const bySuffix = new Map(listed.map(({ suffix, code }) => [suffix, code]));

/** What the built-in list alone decides for a host, as the blocker walks it: its suffixes from the longest, first hit. */
function codeOf(host: string): string | undefined {
  const labels = host.split(".");
  for (let i = 0; i < labels.length - 1; i++) {
    const code = bySuffix.get(labels.slice(i).join("."));
    if (code) return code;
  }
  return undefined;
}

describe("the generated tracker list (extensions/consent-banner/src/tracker-list.ts)", () => {
  it("is what web/leaks/tracker-list-build.ts generates now, formatted as Prettier leaves it", async () => {
    const committed = readFileSync(FILE, "utf8");
    const fresh = trackerListSource();
    expect(committed === fresh, "the committed tracker list is stale: run `npm run build:banner` and commit the result").toBe(true);
    const config = (await prettier.resolveConfig(FILE)) ?? {};
    expect(await prettier.format(fresh, { ...config, filepath: FILE })).toBe(fresh);
  });

  it("never lists a suffix that covers a host the page needs: captcha, payments, fonts, Shopify, or any domain of an entity that needs no consent", () => {
    const named = ["www.google.com", "recaptcha.net", "www.recaptcha.net", "www.gstatic.com", "hcaptcha.com", "js.hcaptcha.com", "js.stripe.com"];
    named.push("www.paypal.com", "fonts.googleapis.com", "fonts.gstatic.com", "cdn.shopify.com", "checkout.shopify.com", "example.myshopify.com", "shop.app");
    for (const host of named) expect(codeOf(host), host).toBeUndefined();
    // Every never-held host and its subdomains: Sign in with Apple, feed images, thumbnails.
    for (const host of NEVER_HELD_HOSTS) for (const name of [host, `x1.${host}`]) expect(codeOf(name), name).toBeUndefined();
    for (const host of ["appleid.apple.com", "scontent-fra5-1.cdninstagram.com", "i.ytimg.com", "lh3.ggpht.com"]) expect(neverHeld(host), host).toBe(true);
    let checked = 0;
    for (const entity of thirdPartyWeb.entities) {
      if (trackerNamed(entity.name).consent !== "none") continue;
      expect(["utility", "cdn", "hosting", "consent-provider"]).toContain(entity.category);
      for (const domain of entity.domains) {
        const host = domain.replace(/^\*\./, "");
        expect(codeOf(host), `${host} (${entity.name}, ${entity.category})`).toBeUndefined();
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(500);
  });

  it("holds the well-known tags for the consent they need", () => {
    expect(codeOf("www.googletagmanager.com")).toBe("t");
    expect(codeOf("www.google-analytics.com")).toBe("a");
    expect(codeOf("region1.google-analytics.com")).toBe("a");
    expect(codeOf("connect.facebook.net")).toBe("m");
    expect(codeOf("www.facebook.com")).toBe("m");
    expect(codeOf("www.youtube.com")).toBe("m");
    expect(codeOf("googleads.g.doubleclick.net")).toBe("m");
    expect(codeOf("bat.bing.com")).toBe("m");
    expect(codeOf("analytics.tiktok.com")).toBe("m");
    expect(codeOf("static.hotjar.com")).toBe("a");
    expect(codeOf("www.clarity.ms")).toBe("a");
    expect(codeOf("tracker-leak.example.com")).toBeUndefined();
  });

  it("gives each suffix the consent the leak report gives its entity, and lists only consent-needing entities", () => {
    for (const { suffix, code } of listed) {
      const tracker = classifyHost(suffix);
      expect(CODE_OF_CONSENT[tracker.consent], `${suffix} (${tracker.entity})`).toBe(code);
    }
  });

  it("has every cookie of tracking-cookies.ts with its consent, prefixes marked with *", () => {
    const cookies = Object.entries(KNOWN_COOKIES).flatMap(([code, text]) =>
      text
        .split(" ")
        .filter(Boolean)
        .map((name) => `${code}:${name}`),
    );
    expect(cookies.sort()).toEqual(TRACKING_COOKIES.map((c) => `${CODE_OF_CONSENT[c.consent]}:${c.name}${c.prefix ? "*" : ""}`).sort());
    expect(KNOWN_COOKIES.a.split(" ")).toEqual(expect.arrayContaining(["_ga", "_ga_*", "_hj*"]));
  });

  it("holds the hosts of every entity that sets a listed cookie, and many more, within its gzip budget", () => {
    const entities = new Set(listed.map(({ suffix }) => classifyHost(suffix).entity));
    for (const cookie of TRACKING_COOKIES) expect([...entities], cookie.entity).toContain(cookie.entity);
    expect(entities.size).toBeGreaterThanOrEqual(18);
    expect(new Set(buildTrackerList().entities)).toEqual(entities);
    // No suffix is covered by a shorter one of the same code.
    for (const { suffix, code } of listed) {
      const parents = listed.filter((other) => other.code === code && other.suffix !== suffix && suffix.endsWith("." + other.suffix));
      expect(parents, suffix).toEqual([]);
    }
    const gzipped = gzipSync(JSON.stringify({ hosts: KNOWN_HOSTS, cookies: KNOWN_COOKIES }), { level: 9 }).length;
    expect(gzipped).toBeLessThanOrEqual(TRACKER_LIST_GZIP_BUDGET);
    // The budget is spent: a list far under it would mean the generator stopped early.
    expect(gzipped).toBeGreaterThan(TRACKER_LIST_GZIP_BUDGET * 0.9);
  });
});
