import { describe, expect, it } from "vitest";
import { PROVIDERS } from "./support/databases.js";
import { API_SECRET, OTHER_SHOP, SHOP, useTestApp } from "./support/test-app.js";

describe.each(PROVIDERS)("admin sessions on %s", (provider) => {
  const context = useTestApp(provider);

  it("exchanges the first session token for an expiring offline token, then reuses the stored session", async () => {
    const first = await context.app.api("/api/shop");
    expect(first.status).toBe(200);
    const body = await first.json();
    expect(body).toMatchObject({ shop: SHOP, name: "Test Shop", status: "installed" });
    const exchanges = context.app.fake.calls.filter((c) => c.kind === "token_exchange" && c.shop === SHOP);
    expect(exchanges).toHaveLength(1);

    const session = await context.app.shopify.config.sessionStorage.loadSession(`offline_${SHOP}`);
    expect(session?.accessToken).toMatch(/^shpat_/);
    expect(session?.refreshToken).toMatch(/^shprt_/);
    expect(session?.expires?.getTime()).toBeGreaterThan(Date.now() + 50 * 60_000);

    expect((await context.app.api("/api/shop")).status).toBe(200);
    expect(context.app.fake.calls.filter((c) => c.kind === "token_exchange" && c.shop === SHOP)).toHaveLength(1);
    expect(context.app.fake.calls.filter((c) => c.kind === "graphql" && c.operation === "ShopOverview")).toHaveLength(2);
  });

  it("keeps no usable token in the raw Session row", async () => {
    const rows = await context.app.db.prisma.$queryRawUnsafe<Array<Record<string, unknown>>>(`SELECT * FROM "Session" WHERE "shop" = '${SHOP}'`);
    expect(rows).toHaveLength(1);
    const session = await context.app.shopify.config.sessionStorage.loadSession(`offline_${SHOP}`);
    const dump = JSON.stringify(rows[0], (_k, v) => (typeof v === "bigint" ? String(v) : v));
    expect(String(rows[0]!.accessToken)).toMatch(/^enc:v1:/);
    expect(String(rows[0]!.refreshToken)).toMatch(/^enc:v1:/);
    expect(dump).not.toContain(session!.accessToken);
    expect(dump).not.toContain(session!.refreshToken!);
    expect(dump).not.toMatch(/shp(at|rt)_/);
  });

  it("does not decrypt a token copied into another shop's row", async () => {
    const [row] = await context.app.db.prisma.session.findMany({ where: { shop: SHOP } });
    await context.app.db.prisma.session.create({ data: { ...row!, id: `offline_${OTHER_SHOP}`, shop: OTHER_SHOP } });
    expect(await context.app.shopify.config.sessionStorage.loadSession(`offline_${OTHER_SHOP}`)).toBeUndefined();
    await context.app.db.prisma.session.delete({ where: { id: `offline_${OTHER_SHOP}` } });
  });

  it("exchanges again when the stored offline token has expired", async () => {
    await context.app.db.prisma.session.update({ where: { id: `offline_${SHOP}` }, data: { expires: new Date(Date.now() - 1000) } });
    expect((await context.app.api("/api/shop")).status).toBe(200);
    expect(context.app.fake.calls.filter((c) => c.kind === "token_exchange" && c.shop === SHOP)).toHaveLength(2);
  });

  it("rejects session tokens that are forged, for another app, or missing", async () => {
    const forged = await context.app.sessionToken(SHOP, { secret: "not-the-secret" });
    const res = await fetch(`${context.app.url}/api/shop`, { headers: { authorization: `Bearer ${forged}` } });
    expect(res.status).toBe(401);
    expect(res.headers.get("x-shopify-retry-invalid-session-request")).toBe("1");
    // Without a token Shopify's library treats the call as a document load and answers with the App Bridge
    // bounce page (which fetches a token and retries); no shop data is served.
    const none = await fetch(`${context.app.url}/api/shop`);
    const page = await none.text();
    expect(page).toContain("app-bridge.js");
    expect(page).not.toContain('"status"');
  });

  it("logs no access tokens, emails or raw IPs", () => {
    expect(context.app.logs.lines.length).toBeGreaterThan(10);
    expect(context.app.logs.text).not.toMatch(/shp(at|rt)_[A-Za-z0-9]/);
    expect(context.app.logs.text).not.toMatch(/[\w.+-]+@[\w-]+\.[a-z]{2,}/i);
    expect(context.app.logs.text).not.toMatch(/\b(?!127\.)\d{1,3}(\.\d{1,3}){3}\b/);
    expect(context.app.logs.text).not.toContain(API_SECRET);
  });
});
