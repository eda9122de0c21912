import { describe, expect, it } from "vitest";
import { PROVIDERS } from "./support/databases.js";
import { gzipSync } from "node:zlib";
import { signProxyQuery } from "../web/local/storefront/local-proxy.js";
import { API_KEY, API_SECRET, SHOP, useTestApp } from "./support/test-app.js";

describe.each(PROVIDERS)("the HTTP surface on %s", (provider) => {
  const context = useTestApp(provider);

  it("answers /healthz and /readyz", async () => {
    expect((await fetch(`${context.app.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${context.app.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: "ready", database: provider });
  });

  it("serves the embedded admin UI with the per-shop frame-ancestors policy", async () => {
    const host = Buffer.from("admin.shopify.com/store/test-shop").toString("base64url");
    const res = await fetch(`${context.app.url}/?embedded=1&shop=${SHOP}&host=${host}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toContain(`frame-ancestors https://${SHOP} https://admin.shopify.com`);
    const html = await res.text();
    expect(html).toContain(`<meta name="shopify-api-key" content="${API_KEY}"`);
    expect(html).toContain("https://cdn.shopify.com/shopifycloud/app-bridge.js");
    const outside = await fetch(`${context.app.url}/?shop=${SHOP}&host=${host}`, { redirect: "manual" });
    expect(outside.status).toBe(302);
    expect(outside.headers.get("location")).toContain("admin.shopify.com/store/test-shop/apps/");
  });

  it("has no local-mode routes when real credentials are set", async () => {
    expect((await fetch(`${context.app.url}/local/`)).status).toBe(404);
    expect((await fetch(`${context.app.url}/local/session-token`, { method: "POST" })).status).toBe(404);
  });

  it("answers the client's mistakes with a 4xx and a reason, never a 500", async () => {
    const missing = await fetch(`${context.app.url}/assets/no-such-file.js`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: "Not Found" });

    const proxyUrl = () => {
      const query = new URLSearchParams({
        shop: SHOP,
        logged_in_customer_id: "",
        path_prefix: "/apps/consent",
        timestamp: String(Math.floor(Date.now() / 1000)),
      });
      return `${context.app.url}/proxy/receipts?${signProxyQuery(query, API_SECRET)}`;
    };
    const json = JSON.stringify({ granted: [], denied: [], method: "reject_all", revision: 1, textHash: "c".repeat(64) });
    const cases: Array<[string, RequestInit, number]> = [
      ["unknown charset", { headers: { "content-type": "application/json; charset=klingon" }, body: json }, 415],
      ["unknown Content-Encoding", { headers: { "content-type": "application/json", "content-encoding": "x-squash" }, body: json }, 415],
      [
        "broken gzip",
        { headers: { "content-type": "application/json", "content-encoding": "gzip" }, body: new Uint8Array(gzipSync(json).subarray(0, 12)) },
        400,
      ],
    ];
    for (const [what, init, status] of cases) {
      const res = await fetch(proxyUrl(), { method: "POST", ...init });
      expect(res.status, what).toBe(status);
      expect((await res.json()).error, what).toBeTruthy();
      const api = await context.app.api("/api/shop", { method: "POST", ...init });
      expect(api.status, `/api: ${what}`).toBe(status);
    }
    // A valid gzip body is read as usual.
    const gzipped = await fetch(proxyUrl(), {
      method: "POST",
      headers: { "content-type": "application/json", "content-encoding": "gzip" },
      body: new Uint8Array(gzipSync(json)),
    });
    expect(gzipped.status).toBe(201);
  });
});
