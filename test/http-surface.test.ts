import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROVIDERS, createTestDatabase, type TestDatabase } from "./support/databases.js";
import { API_KEY, SHOP, startTestApp, type TestApp } from "./support/test-app.js";

describe.each(PROVIDERS)("the HTTP surface on %s", (provider) => {
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
});
