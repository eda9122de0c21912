import { describe, expect, it } from "vitest";
import type { LeakReport } from "../web/leaks/leak-types.js";
import { retentionCutoff, scheduleRetention } from "../web/consent/retention.js";
import { samplePayload } from "../web/local/webhook-delivery.js";
import { signProxyQuery } from "../web/local/storefront/local-proxy.js";
import type { HomeResponse } from "../web/home/home-types.js";
import { PROVIDERS } from "./support/databases.js";
import { settledRequest, waitFor } from "./support/seed.js";
import { API_SECRET, OTHER_SHOP, SHOP, useTestApp } from "./support/test-app.js";

const HASH = "e".repeat(64);
/** A shop of its own for tracker blocking's counts, so they start from nothing. */
const BLOCKING_SHOP = "blocking-shop.myshopify.com";
const REJECT = { method: "reject_all", granted: [], denied: ["preferences", "analytics", "marketing"], revision: 1, textHash: HASH, region: "DEBE" };

describe.each(PROVIDERS)("consent leak report on %s", (provider) => {
  const context = useTestApp(provider, { RECEIPT_RATE_LIMIT_CLIENT: "100000,100000", JOB_POLL_MS: "100" });
  const report = async (days = 30, shop = SHOP) => {
    const res = await context.app.api(`/api/consent/leaks?days=${days}`, { shop });
    expect(res.status).toBe(200);
    return (await res.json()) as LeakReport;
  };

  it("names each tracker that loaded before the choice once per visit, with the consent it needs, worst first", async () => {
    const visits = [
      { hosts: ["www.google-analytics.com", "connect.facebook.net", "fonts.googleapis.com"], cookies: ["_ga", "_ga_ABC123", "_fbp", "cart"] },
      { hosts: ["www.googletagmanager.com", "region1.google-analytics.com", "tracker.example-widgets.io"], cookies: ["_ga"] },
      { hosts: [], cookies: [] },
      { hosts: ["cdnjs.cloudflare.com"], cookies: ["localization"] },
    ];
    for (const seen of visits) expect((await context.app.receipt({ ...REJECT, seen })).status).toBe(201);
    // A returning visitor's later choice carries nothing, and is no observed visit.
    expect((await context.app.receipt(REJECT)).status).toBe(201);

    const body = await report();
    expect(body.observedVisits).toBe(4);
    expect(body.leaks.map((l) => [l.entity, l.consent, l.visits])).toEqual([
      ["Facebook", "marketing", 1],
      ["Google Analytics", "analytics", 2],
      ["Google Tag Manager", "loads_others", 1],
      ["example-widgets.io", "unknown", 1],
    ]);
    const ga = body.leaks[1]!;
    expect(ga).toMatchObject({ company: "Google", category: "analytics", share: 0.5 });
    expect(ga.hosts.sort()).toEqual(["region1.google-analytics.com", "www.google-analytics.com"]);
    expect(ga.cookies.sort()).toEqual(["_ga", "_ga_ABC123"]);
    expect(body.leaks[0]).toMatchObject({ hosts: ["connect.facebook.net"], cookies: ["_fbp"], share: 0.25 });
    expect(Date.parse(ga.firstSeen)).toBeLessThanOrEqual(Date.parse(ga.lastSeen));
    // Google Fonts and Cloudflare's CDN need no consent; `cart` and `localization` are the shop's own.
    expect(JSON.stringify(body)).not.toMatch(/Fonts|Cloudflare|"cart"|localization/);
  });

  it("keeps the names on the receipt, and nothing else of the visit", async () => {
    const res = await context.app.receipt({ ...REJECT, seen: { hosts: ["static.hotjar.com"], cookies: ["_hjSessionUser_123"] } });
    const { receiptId } = await res.json();
    const row = await context.app.db.prisma.consentReceipt.findUniqueOrThrow({ where: { id: receiptId } });
    expect(row).toMatchObject({ seenHosts: "static.hotjar.com", seenCookies: "_hjSessionUser_123" });
    const later = await (await context.app.receipt(REJECT)).json();
    expect(await context.app.db.prisma.consentReceipt.findUniqueOrThrow({ where: { id: later.receiptId } })).toMatchObject({
      seenHosts: null,
      seenCookies: null,
    });
  });

  it("gives the names back in the customer's data export: what the app holds about them", async () => {
    expect((await context.app.receipt({ ...REJECT, seen: { hosts: ["bat.bing.com"], cookies: ["_uetsid"] } }, { customer: "77" })).status).toBe(201);
    expect((await context.app.receipt(REJECT, { customer: "77" })).status).toBe(201);
    expect((await context.app.webhook("customers/data_request", samplePayload("customers/data_request", { shop: SHOP, customerId: 77 }))).status).toBe(200);
    const request = await settledRequest(context.app.db.prisma, SHOP, "customers/data_request");
    const list = await (await context.app.api("/api/compliance/requests")).json();
    const listed = list.requests.find((r: { id: string }) => r.id === request.id);
    const document = await (await context.app.api(`/api/compliance/exports/${listed.export.id}`)).json();
    expect(document.consentReceipts.map((r: { seenBeforeChoice: unknown }) => r.seenBeforeChoice)).toEqual([
      { hosts: ["bat.bing.com"], cookies: ["_uetsid"] },
      null,
    ]);
  });

  it("drops what is not a host or cookie name (a URL, a value), and keeps the receipt with the rest", async () => {
    const res = await context.app.receipt({
      ...REJECT,
      seen: {
        hosts: ["www.google-analytics.com/g/collect", "https://connect.facebook.net", "tracker.example.com?cid=1", "UPPER.example.com", "static.hotjar.com"],
        cookies: ["_ga=GA1.1.123", "a;b", "_hjSessionUser_123"],
        held: ["https://static.hotjar.com", "connect.facebook.net"],
      },
    });
    expect(res.status).toBe(201);
    const row = await context.app.db.prisma.consentReceipt.findUniqueOrThrow({ where: { id: (await res.json()).receiptId } });
    expect(row).toMatchObject({ seenHosts: "static.hotjar.com", seenCookies: "_hjSessionUser_123" });
    expect(JSON.stringify(row)).not.toMatch(/GA1|cid=|collect|https:/);
  });

  it("refuses too many names, lists that are not lists, and unknown keys, storing nothing", async () => {
    const before = await context.app.db.prisma.consentReceipt.count();
    const bad = [
      { hosts: Array.from({ length: 41 }, (_, i) => `h${i}.example.com`), cookies: [] },
      { hosts: [], cookies: Array.from({ length: 41 }, (_, i) => `c${i}`) },
      { hosts: [], cookies: [], urls: ["https://x.example.com/"] },
      { hosts: "www.google-analytics.com", cookies: [] },
      { hosts: [] },
      { hosts: ["x".repeat(254)], cookies: [] },
    ];
    for (const seen of bad) {
      const res = await context.app.receipt({ ...REJECT, seen });
      expect(res.status, JSON.stringify(seen).slice(0, 80)).toBe(400);
      expect(((await res.json()) as { error: string }).error).toBe("invalid consent receipt");
    }
    expect(await context.app.db.prisma.consentReceipt.count()).toBe(before);
  });

  it("takes the largest valid lists: 40 host names of 253 characters, 40 cookie names of 64", async () => {
    const host = (i: number) => `${String(i).padStart(2, "0")}${"a".repeat(61)}.${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(61)}`;
    const seen = {
      hosts: Array.from({ length: 40 }, (_, i) => host(i)),
      cookies: Array.from({ length: 40 }, (_, i) => `${String(i).padStart(2, "0")}${"x".repeat(62)}`),
    };
    expect(seen.hosts[0]).toHaveLength(253);
    const res = await context.app.receipt({ ...REJECT, seen });
    expect(res.status).toBe(201);
    const { receiptId } = await res.json();
    const row = await context.app.db.prisma.consentReceipt.findUniqueOrThrow({ where: { id: receiptId } });
    expect(row.seenHosts!.split(",")).toHaveLength(40);
    expect(row.seenCookies!.split(",")).toHaveLength(40);
  });

  it("is the authenticated shop's own, and checks its query", async () => {
    expect(await report(30, OTHER_SHOP)).toEqual({ days: 30, observedVisits: 0, leaks: [], reportOnly: false });
    const forged = await context.app.sessionToken(SHOP, { secret: "not-the-secret" });
    expect((await fetch(`${context.app.url}/api/consent/leaks`, { headers: { authorization: `Bearer ${forged}` } })).status).toBe(401);
    for (const days of ["0", "366", "abc"]) expect((await context.app.api(`/api/consent/leaks?days=${days}`)).status).toBe(400);
    expect((await report(1)).leaks.length).toBeGreaterThan(0);
  });

  it("separates trackers held until consent from those that leaked, and says since when they were held", async () => {
    const shop = BLOCKING_SHOP;
    const visits = [
      // Facebook loaded before the choice; Google Analytics and Hotjar were held (a host both loaded and held is trusted as held).
      { hosts: ["connect.facebook.net", "www.google-analytics.com"], cookies: [], held: ["www.google-analytics.com", "static.hotjar.com"] },
      { hosts: [], cookies: [], held: ["static.hotjar.com", "static.hotjar.com"] },
      // Report only: everything loaded; held lists what would have been, and a host in both leaked too.
      { hosts: ["static.hotjar.com"], cookies: [], held: ["static.hotjar.com"], reportOnly: true },
      { hosts: [], cookies: [], held: [], reportOnly: false },
    ];
    const before = Date.now();
    for (const seen of visits) expect((await context.app.receipt({ ...REJECT, seen }, { shop })).status).toBe(201);
    const body = await report(30, shop);
    expect(body.observedVisits).toBe(4);
    expect(body.reportOnly).toBe(false);
    expect(body.leaks.map((l) => [l.entity, l.visits, l.held, l.decision, l.code])).toEqual([
      ["Facebook", 1, 0, "wait", "m"],
      ["Hotjar", 1, 3, "wait", "a"],
      ["Google Analytics", 0, 1, "wait", "a"],
    ]);
    const hotjar = body.leaks.find((l) => l.entity === "Hotjar")!;
    expect(hotjar).toMatchObject({ share: 0.25, broken: 0, brokenShare: 0, hosts: ["static.hotjar.com"], choice: null });
    expect(Date.parse(hotjar.heldSince!)).toBeGreaterThanOrEqual(before - 1000);
    expect(body.leaks.find((l) => l.entity === "Facebook")!.heldSince).toBeNull();
    expect(body.leaks.find((l) => l.entity === "Google Analytics")!.hosts).toEqual(["www.google-analytics.com"]);
    // The receipt keeps what loaded, as sent.
    const rows = await context.app.db.prisma.consentReceipt.findMany({ where: { shopDomain: shop }, orderBy: { createdAt: "asc" } });
    expect(rows[0]!.seenHosts).toBe("connect.facebook.net,www.google-analytics.com");
  });

  it("refuses held lists that are too long or not lists, and a reportOnly that is not a boolean", async () => {
    const before = await context.app.db.prisma.consentReceipt.count();
    const bad = [
      { hosts: [], cookies: [], held: Array.from({ length: 41 }, (_, i) => `h${i}.example.com`) },
      { hosts: [], cookies: [], held: "static.hotjar.com" },
      { hosts: [], cookies: [], reportOnly: "yes" },
    ];
    for (const seen of bad)
      expect((await context.app.receipt({ ...REJECT, seen }, { shop: BLOCKING_SHOP })).status, JSON.stringify(seen).slice(0, 80)).toBe(400);
    expect(await context.app.db.prisma.consentReceipt.count()).toBe(before);
  });

  it("counts trackers broken after release (POST /proxy/breakage) and lists one broken on over 1 % of visits first", async () => {
    const breakage = (body: unknown, options: { secret?: string; raw?: string; ip?: string } = {}) => {
      const query = new URLSearchParams({
        shop: BLOCKING_SHOP,
        logged_in_customer_id: "",
        path_prefix: "/apps/consent",
        timestamp: String(Math.floor(Date.now() / 1000)),
      });
      return fetch(`${context.app.url}/proxy/breakage?${signProxyQuery(query, options.secret ?? API_SECRET)}`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-for": options.ip ?? "203.0.113.9" },
        body: options.raw ?? JSON.stringify(body),
      });
    };
    expect((await breakage({ hosts: ["static.hotjar.com"] }, { secret: "forged" })).status).toBe(401);
    for (const bad of [
      {},
      { hosts: [] },
      { hosts: ["https://static.hotjar.com/x.js"] },
      { hosts: Array.from({ length: 41 }, (_, i) => `h${i}.example.com`) },
      { hosts: ["a.b"], urls: [] },
    ]) {
      const res = await breakage(bad);
      expect(res.status, JSON.stringify(bad).slice(0, 80)).toBe(400);
      expect(((await res.json()) as { error: string }).error).toBe("invalid breakage report");
    }
    expect((await breakage(null, { raw: "{nope" })).status).toBe(400);
    expect((await context.app.db.prisma.consentLeakDaily.aggregate({ where: { shopDomain: BLOCKING_SHOP }, _sum: { broken: true } }))._sum.broken).toBe(0);

    // One page: Google Analytics' two hosts count once; a host that needs no consent is not counted.
    const res = await breakage({ hosts: ["www.google-analytics.com", "region1.google-analytics.com", "fonts.googleapis.com"] });
    expect(res.status).toBe(204);
    const body = await report(30, BLOCKING_SHOP);
    const ga = body.leaks.find((l) => l.entity === "Google Analytics")!;
    expect(ga).toMatchObject({ broken: 1, brokenShare: 0.25 });
    // Broken on 25 % of the 4 observed visits: listed before Facebook, whose consent is worse.
    expect(body.leaks.map((l) => l.entity)).toEqual(["Google Analytics", "Facebook", "Hotjar"]);
    expect(JSON.stringify(body)).not.toMatch(/Fonts/);

    // Pages arriving together join one batch: each counts once (brokenShare is capped at 1).
    const statuses = await Promise.all(Array.from({ length: 5 }, (_, i) => breakage({ hosts: ["static.hotjar.com"] }, { ip: `203.0.113.${20 + i}` })));
    expect(statuses.map((r) => r.status)).toEqual([204, 204, 204, 204, 204]);
    const after = await report(30, BLOCKING_SHOP);
    expect(after.leaks.map((l) => [l.entity, l.broken, l.brokenShare])).toEqual([
      ["Hotjar", 5, 1],
      ["Google Analytics", 1, 0.25],
      ["Facebook", 0, 0],
    ]);
  });

  it("Home's warning counts real leaks only: a tracker held back, never leaked, is not in it", async () => {
    const res = await context.app.api("/api/home", { shop: BLOCKING_SHOP });
    expect(res.status).toBe(200);
    const { metrics } = (await res.json()) as HomeResponse;
    // Facebook leaked (marketing); Hotjar leaked once in report only (analytics); Google Analytics was only held.
    expect(metrics.leaks7d.trackers.map((t) => t.entity).sort()).toEqual(["Facebook", "Hotjar"]);
  });

  it("retention drops leak rows of days before the cut-off and names last seen before it", async () => {
    await context.app.api("/api/consent/retention", { method: "PUT", body: JSON.stringify({ months: 6 }) });
    const old = new Date(retentionCutoff(6).getTime() - 24 * 3600 * 1000);
    const prisma = context.app.db.prisma;
    await prisma.consentLeakDaily.create({
      data: { shopDomain: SHOP, day: old.toISOString().slice(0, 10), entity: "Criteo", visits: 3, firstSeenAt: old, lastSeenAt: old },
    });
    await prisma.consentLeakSign.create({
      data: { shopDomain: SHOP, entity: "Criteo", kind: "cookie", name: "cto_bundle", firstSeenAt: old, lastSeenAt: old },
    });
    const fresh = await prisma.consentLeakDaily.count({ where: { shopDomain: SHOP } });
    // A purge that already ran (the shop's first one, at install) must not count as this one.
    await prisma.shop.update({ where: { domain: SHOP }, data: { retentionRunAt: null } });
    await scheduleRetention(prisma);
    context.app.worker!.wake();
    await waitFor(() => prisma.shop.findFirst({ where: { domain: SHOP, retentionRunAt: { not: null } } }), 20_000, "the purge");
    expect(await prisma.consentLeakDaily.count({ where: { shopDomain: SHOP } })).toBe(fresh - 1);
    expect(await prisma.consentLeakSign.count({ where: { shopDomain: SHOP, entity: "Criteo" } })).toBe(0);
  });

  it("shop/redact erases the shop's leak rows with its receipts", async () => {
    expect(await context.app.db.prisma.consentLeakSign.count({ where: { shopDomain: SHOP } })).toBeGreaterThan(0);
    expect((await context.app.webhook("shop/redact", samplePayload("shop/redact", { shop: SHOP }))).status).toBe(200);
    const request = await settledRequest(context.app.db.prisma, SHOP, "shop/redact");
    expect(request.status).toBe("completed");
    const prisma = context.app.db.prisma;
    for (const count of [
      prisma.consentLeakDaily.count({ where: { shopDomain: SHOP } }),
      prisma.consentLeakSign.count({ where: { shopDomain: SHOP } }),
      prisma.consentReceipt.count({ where: { shopDomain: SHOP } }),
    ])
      expect(await count).toBe(0);
    expect(JSON.parse(request.outcome!)).toMatchObject({ leakDays: expect.any(Number), leakSigns: expect.any(Number) });
  });
});
