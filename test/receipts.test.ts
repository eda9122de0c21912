import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { samplePayload } from "../web/local/webhook-delivery.js";
import { signProxyQuery } from "../web/local/storefront/local-proxy.js";
import { truncateIp } from "../web/consent/ip-hash.js";
import { PROVIDERS, createTestDatabase, type TestDatabase } from "./support/databases.js";
import { settledRequest } from "./support/seed.js";
import { API_SECRET, OTHER_SHOP, SHOP, startTestApp, type TestApp } from "./support/test-app.js";

const HASH = "c".repeat(64);
const valid = {
  consentId: "abc-123",
  granted: ["analytics"],
  denied: ["preferences", "marketing"],
  method: "custom",
  revision: 2,
  textHash: HASH,
  region: "DEBE",
};

describe("truncateIp", () => {
  it("keeps the /24 of IPv4 and the /48 of IPv6", () => {
    expect(truncateIp("203.0.113.77")).toBe("203.0.113.0/24");
    expect(truncateIp("::ffff:203.0.113.77")).toBe("203.0.113.0/24");
    expect(truncateIp("2001:db8:abcd:12::1")).toBe("2001:db8:abcd::/48");
    expect(truncateIp("not an ip")).toBeUndefined();
  });
});

describe.each(PROVIDERS)("consent receipts through the app proxy on %s", (provider) => {
  let database: TestDatabase;
  let app: TestApp;

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    app = await startTestApp(database, { RECEIPT_RATE_LIMIT_CLIENT: "3,0.001", JOB_POLL_MS: "100" });
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  function post(
    body: unknown,
    options: { shop?: string; customer?: string; ip?: string; forwardedFor?: string; secret?: string; age?: number; raw?: string } = {},
  ) {
    const query = new URLSearchParams({
      shop: options.shop ?? SHOP,
      logged_in_customer_id: options.customer ?? "",
      path_prefix: "/apps/consent",
      timestamp: String(Math.floor(Date.now() / 1000) - (options.age ?? 0)),
    });
    return fetch(`${app.url}/proxy/receipts?${signProxyQuery(query, options.secret ?? API_SECRET)}`, {
      method: "POST",
      // Shopify's app proxy forwards the shopper's address in X-Forwarded-For; with TRUST_PROXY_HOPS=1
      // (the default: Shopify's proxy talks to the app) the app reads the entry that proxy wrote, the last.
      headers: { "content-type": "application/json", "x-forwarded-for": options.forwardedFor ?? options.ip ?? "203.0.113.77" },
      body: options.raw ?? JSON.stringify(body),
    });
  }

  it("stores a receipt with the logged-in customer and a keyed hash of the /24, never the IP", async () => {
    const res = await post(valid, { customer: "42", ip: "203.0.113.77" });
    expect(res.status).toBe(201);
    const { receiptId } = await res.json();
    const row = await app.db.prisma.consentReceipt.findUniqueOrThrow({ where: { id: receiptId } });
    expect(row).toMatchObject({
      shopDomain: SHOP,
      customerId: "42",
      consentId: "abc-123",
      granted: "analytics",
      denied: "preferences,marketing",
      method: "custom",
      revision: 2,
      textHash: HASH,
      region: "DEBE",
    });
    expect(JSON.stringify(row)).not.toContain("203.0.113");

    const sameNetwork = await (await post({ ...valid, method: "reject_all", granted: [], denied: ["analytics"] }, { ip: "203.0.113.5" })).json();
    const otherNetwork = await (await post(valid, { ip: "198.51.100.1" })).json();
    const [a, b] = await Promise.all([sameNetwork, otherNetwork].map((r) => app.db.prisma.consentReceipt.findUniqueOrThrow({ where: { id: r.receiptId } })));
    expect(a!.ipHash).toBe(row.ipHash);
    expect(a!.customerId).toBeNull();
    expect(b!.ipHash).not.toBe(row.ipHash);
  });

  it("refuses unsigned, forged and stale requests with 401", async () => {
    expect((await fetch(`${app.url}/proxy/receipts`, { method: "POST", body: JSON.stringify(valid) })).status).toBe(401);
    expect((await post(valid, { secret: "forged" })).status).toBe(401);
    expect((await post(valid, { age: 600 })).status).toBe(401);
  });

  it("refuses malformed bodies with 400 and a reason, and oversized ones with 413", async () => {
    const bad = [
      { ...valid, extra: 1 },
      { ...valid, granted: ["analytics"], denied: ["analytics"] },
      { ...valid, textHash: "short" },
      { ...valid, method: "maybe" },
      { ...valid, granted: ["spying"] },
      // Consent ids a spreadsheet would evaluate (the CSV export), or that no Customer Privacy API makes.
      { ...valid, consentId: "-2-3" },
      { ...valid, consentId: "-A1:A9" },
      { ...valid, consentId: "=1+1" },
      { ...valid, consentId: "+1" },
      { ...valid, consentId: "@SUM(A1)" },
      { ...valid, consentId: "" },
      { ...valid, consentId: "a".repeat(101) },
    ];
    for (const [i, body] of bad.entries()) {
      const res = await post(body, { ip: `192.0.${20 + i}.1` }); // one network each: the limiter counts per /24
      expect(res.status).toBe(400);
      expect((await res.json()).error).toBe("invalid consent receipt");
    }
    expect((await post(null, { raw: "{nope", ip: "192.0.10.1" })).status).toBe(400);
    expect((await post(null, { raw: JSON.stringify({ ...valid, consentId: "x".repeat(90) }).padEnd(29_000, " "), ip: "192.0.11.1" })).status).toBe(413);
  });

  it("rate-limits a flooding client with 429, without touching other clients or shops", async () => {
    const flood = await Promise.all(Array.from({ length: 6 }, () => post(valid, { ip: "198.18.0.9" })));
    const statuses = flood.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 201, 201, 429, 429, 429]);
    expect((await post(valid, { ip: "198.18.7.9" })).status).toBe(201);
    expect((await post(valid, { ip: "198.18.0.9", shop: OTHER_SHOP })).status).toBe(201);
  });

  it("cannot be bypassed, nor made to exhaust the shop's limit, by rotating the client-written X-Forwarded-For entries", async () => {
    const spoofed = await Promise.all(Array.from({ length: 6 }, (_, i) => post(valid, { forwardedFor: `${i + 1}.${i + 2}.${i + 3}.${i + 4}, 198.51.77.5` })));
    expect(spoofed.map((r) => r.status).sort()).toEqual([201, 201, 201, 429, 429, 429]);
    const rows = await app.db.prisma.consentReceipt.findMany({ where: { shopDomain: SHOP }, orderBy: { createdAt: "desc" }, take: 3 });
    expect(new Set(rows.map((r) => r.ipHash)).size).toBe(1); // the pseudonym of 198.51.77.0/24, whatever was spoofed
  });

  it("is what a customer's data request exports and a redaction erases", async () => {
    await post(valid, { customer: "191167", ip: "203.0.113.80" });
    expect((await app.webhook("customers/data_request", samplePayload("customers/data_request", { shop: SHOP }))).status).toBe(200);
    const request = await settledRequest(app.db.prisma, SHOP, "customers/data_request");
    const exported = await app.db.prisma.dataExport.findFirstOrThrow({ where: { requestId: request.id } });
    expect(exported.recordCount).toBe(1);
    expect((await app.webhook("customers/redact", samplePayload("customers/redact", { shop: SHOP }))).status).toBe(200);
    await settledRequest(app.db.prisma, SHOP, "customers/redact");
    expect(await app.db.prisma.consentReceipt.count({ where: { customerId: "191167" } })).toBe(0);
    expect(await app.db.prisma.consentReceipt.count({ where: { customerId: "42" } })).toBe(1);
  });
});
