import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROVIDERS, createTestDatabase, type TestDatabase } from "./support/databases.js";
import { API_KEY, API_SECRET, OTHER_SHOP, SHOP, startTestApp, type TestApp } from "./support/test-app.js";
import { signWebhook } from "../web/local/webhook-delivery.js";
import { signProxyQuery as sign } from "../web/local/storefront/local-proxy.js";

const signProxyQuery = (params: Array<[string, string]>, secret = API_SECRET) => sign(new URLSearchParams(params), secret).toString();

describe.each(PROVIDERS)("foundation on %s", (provider) => {
  let database: TestDatabase;
  let app: TestApp;

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    app = await startTestApp(database);
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it("answers /healthz and /readyz", async () => {
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${app.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: "ready", database: provider });
  });

  it("exchanges the first session token for an expiring offline token, then reuses the stored session", async () => {
    const first = await app.api("/api/shop");
    expect(first.status).toBe(200);
    const body = await first.json();
    expect(body).toMatchObject({ shop: SHOP, name: "Test Shop", status: "installed" });
    const exchanges = app.fake.calls.filter((c) => c.kind === "token_exchange" && c.shop === SHOP);
    expect(exchanges).toHaveLength(1);

    const session = await app.shopify.config.sessionStorage.loadSession(`offline_${SHOP}`);
    expect(session?.accessToken).toMatch(/^shpat_/);
    expect(session?.refreshToken).toMatch(/^shprt_/);
    expect(session?.expires?.getTime()).toBeGreaterThan(Date.now() + 50 * 60_000);

    expect((await app.api("/api/shop")).status).toBe(200);
    expect(app.fake.calls.filter((c) => c.kind === "token_exchange" && c.shop === SHOP)).toHaveLength(1);
    expect(app.fake.calls.filter((c) => c.kind === "graphql" && c.operation === "ShopOverview")).toHaveLength(2);
  });

  it("keeps no usable token in the raw Session row", async () => {
    const rows = await app.db.prisma.$queryRawUnsafe<Array<Record<string, unknown>>>(
      `SELECT * FROM "Session" WHERE "shop" = '${SHOP}'`,
    );
    expect(rows).toHaveLength(1);
    const session = await app.shopify.config.sessionStorage.loadSession(`offline_${SHOP}`);
    const dump = JSON.stringify(rows[0], (_k, v) => (typeof v === "bigint" ? String(v) : v));
    expect(String(rows[0]!.accessToken)).toMatch(/^enc:v1:/);
    expect(String(rows[0]!.refreshToken)).toMatch(/^enc:v1:/);
    expect(dump).not.toContain(session!.accessToken);
    expect(dump).not.toContain(session!.refreshToken!);
    expect(dump).not.toMatch(/shp(at|rt)_/);
  });

  it("does not decrypt a token copied into another shop's row", async () => {
    const [row] = await app.db.prisma.session.findMany({ where: { shop: SHOP } });
    await app.db.prisma.session.create({ data: { ...row!, id: `offline_${OTHER_SHOP}`, shop: OTHER_SHOP } });
    expect(await app.shopify.config.sessionStorage.loadSession(`offline_${OTHER_SHOP}`)).toBeUndefined();
    await app.db.prisma.session.delete({ where: { id: `offline_${OTHER_SHOP}` } });
  });

  it("exchanges again when the stored offline token has expired", async () => {
    await app.db.prisma.session.update({ where: { id: `offline_${SHOP}` }, data: { expires: new Date(Date.now() - 1000) } });
    expect((await app.api("/api/shop")).status).toBe(200);
    expect(app.fake.calls.filter((c) => c.kind === "token_exchange" && c.shop === SHOP)).toHaveLength(2);
  });

  it("rejects session tokens that are forged, for another app, or missing", async () => {
    const forged = await app.sessionToken(SHOP, { secret: "not-the-secret" });
    const res = await fetch(`${app.url}/api/shop`, { headers: { authorization: `Bearer ${forged}` } });
    expect(res.status).toBe(401);
    expect(res.headers.get("x-shopify-retry-invalid-session-request")).toBe("1");
    // Without a token Shopify's library treats the call as a document load and answers with the App Bridge
    // bounce page (which fetches a token and retries); no shop data is served.
    const none = await fetch(`${app.url}/api/shop`);
    const page = await none.text();
    expect(page).toContain("app-bridge.js");
    expect(page).not.toContain('"status"');
  });

  it("serves the embedded admin UI with the per-shop frame-ancestors policy", async () => {
    const host = Buffer.from("admin.shopify.com/store/test-shop").toString("base64url");
    const res = await fetch(`${app.url}/?embedded=1&shop=${SHOP}&host=${host}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toContain(`frame-ancestors https://${SHOP} https://admin.shopify.com`);
    const html = await res.text();
    expect(html).toContain(`<meta name="shopify-api-key" content="${API_KEY}"`);
    expect(html).toContain("https://cdn.shopify.com/shopifycloud/app-bridge.js");
    const outside = await fetch(`${app.url}/?shop=${SHOP}&host=${host}`, { redirect: "manual" });
    expect(outside.status).toBe(302);
    expect(outside.headers.get("location")).toContain("admin.shopify.com/store/test-shop/apps/");
  });

  it("has no local-mode routes when real credentials are set", async () => {
    expect((await fetch(`${app.url}/local/`)).status).toBe(404);
    expect((await fetch(`${app.url}/local/session-token`, { method: "POST" })).status).toBe(404);
  });

  it("verifies app proxy signatures (repeated keys, empty customer id) and rejects forged or stale ones", async () => {
    const now = String(Math.floor(Date.now() / 1000));
    const base: Array<[string, string]> = [
      ["shop", SHOP],
      ["logged_in_customer_id", ""],
      ["path_prefix", "/apps/consent"],
      ["timestamp", now],
      ["extra", "1"],
      ["extra", "2"],
    ];
    expect((await fetch(`${app.url}/proxy/nothing-here?${signProxyQuery(base)}`)).status).toBe(404);
    expect((await fetch(`${app.url}/proxy/nothing-here?${signProxyQuery(base, "wrong")}`)).status).toBe(401);
    expect((await fetch(`${app.url}/proxy/nothing-here?shop=${SHOP}&timestamp=${now}`)).status).toBe(401);
    const stale: Array<[string, string]> = base.map(([k, v]) => [k, k === "timestamp" ? String(Number(now) - 600) : v]);
    expect((await fetch(`${app.url}/proxy/nothing-here?${signProxyQuery(stale)}`)).status).toBe(401);
    const tampered = signProxyQuery(base).replace("path_prefix=%2Fapps%2Fconsent", "path_prefix=%2Fapps%2Fother");
    expect((await fetch(`${app.url}/proxy/nothing-here?${tampered}`)).status).toBe(401);
  });

  it("answers forged, unsigned or wrong-method webhooks with 401 and changes nothing", async () => {
    const body = JSON.stringify({ myshopify_domain: SHOP });
    const headers = {
      "content-type": "application/json",
      "x-shopify-topic": "app/uninstalled",
      "x-shopify-shop-domain": SHOP,
      "x-shopify-api-version": "2026-10",
      "x-shopify-webhook-id": "forged-1",
    };
    const attempts: RequestInit[] = [
      { method: "POST", headers, body },
      { method: "POST", headers: { ...headers, "x-shopify-hmac-sha256": signWebhook(body, "wrong-secret") }, body },
      { method: "POST", headers: { ...headers, "x-shopify-hmac-sha256": signWebhook(body, API_SECRET).slice(0, 20) }, body },
      { method: "POST", headers: { ...headers, "x-shopify-hmac-sha256": "%%%not-base64%%%" }, body },
      { method: "GET", headers },
      { method: "PUT", headers: { ...headers, "x-shopify-hmac-sha256": "AAAA" }, body },
    ];
    for (const init of attempts) {
      expect((await fetch(`${app.url}/api/webhooks`, init)).status).toBe(401);
    }
    expect(await app.db.prisma.session.count({ where: { shop: SHOP } })).toBe(1);
  });

  it("app/uninstalled drops the shop's sessions and marks it uninstalled; a reinstall restores it", async () => {
    const res = await app.webhook("app/uninstalled", { myshopify_domain: SHOP });
    expect(res.status).toBe(200);
    expect(await app.db.prisma.session.count({ where: { shop: SHOP } })).toBe(0);
    expect((await app.db.prisma.shop.findUnique({ where: { domain: SHOP } }))?.uninstalledAt).toBeInstanceOf(Date);

    const again = await app.api("/api/shop");
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ status: "installed" });
    expect((await app.db.prisma.shop.findUnique({ where: { domain: SHOP } }))?.uninstalledAt).toBeNull();
  });

  it("answers a verified webhook with a bad body or shop with 400 and a reason", async () => {
    const malformed = await fetch(`${app.url}/api/webhooks`, {
      method: "POST",
      headers: {
        "x-shopify-topic": "app/uninstalled",
        "x-shopify-hmac-sha256": signWebhook("{not json", API_SECRET),
        "x-shopify-shop-domain": SHOP,
        "x-shopify-api-version": "2026-10",
        "x-shopify-webhook-id": "bad-json-1",
      },
      body: "{not json",
    });
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).error).toMatch(/malformed JSON/);
    const badShop = await app.webhook("app/uninstalled", {}, { shop: "evil.example.com" });
    expect(badShop.status).toBe(400);
  });

  it("logs no access tokens, emails or raw IPs", () => {
    expect(app.logs.lines.length).toBeGreaterThan(10);
    expect(app.logs.text).not.toMatch(/shp(at|rt)_[A-Za-z0-9]/);
    expect(app.logs.text).not.toMatch(/[\w.+-]+@[\w-]+\.[a-z]{2,}/i);
    expect(app.logs.text).not.toMatch(/\b(?!127\.)\d{1,3}(\.\d{1,3}){3}\b/);
    expect(app.logs.text).not.toContain(API_SECRET);
  });
});
