import { describe, expect, it } from "vitest";
import { PROVIDERS } from "./support/databases.js";
import { API_SECRET, SHOP, type TestApp, useTestApp } from "./support/test-app.js";
import { createHmac, randomUUID } from "node:crypto";
import { signWebhook } from "../web/local/webhook-delivery.js";
import { waitFor } from "./support/seed.js";

/** Posts raw bytes signed over those bytes, as Shopify signs them. */
function postRaw(app: TestApp, topic: string, raw: Buffer) {
  return fetch(`${app.url}/api/webhooks`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-shopify-topic": topic,
      "x-shopify-hmac-sha256": createHmac("sha256", API_SECRET).update(raw).digest("base64"),
      "x-shopify-shop-domain": SHOP,
      "x-shopify-api-version": "2026-10",
      "x-shopify-webhook-id": randomUUID(),
    },
    body: new Uint8Array(raw),
  });
}

describe.each(PROVIDERS)("webhooks on %s", (provider) => {
  const context = useTestApp(provider);

  it("answers forged, unsigned or wrong-method webhooks with 401 and changes nothing", async () => {
    expect((await context.app.api("/api/shop")).status).toBe(200);
    const sessions = await context.app.db.prisma.session.count({ where: { shop: SHOP } });
    expect(sessions).toBe(1);
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
      expect((await fetch(`${context.app.url}/api/webhooks`, init)).status).toBe(401);
    }
    expect(await context.app.db.prisma.session.count({ where: { shop: SHOP } })).toBe(sessions);
  });

  it("app/uninstalled drops the shop's sessions and marks it uninstalled; a reinstall restores it", async () => {
    const res = await context.app.webhook("app/uninstalled", { myshopify_domain: SHOP });
    expect(res.status).toBe(200);
    expect(await context.app.db.prisma.session.count({ where: { shop: SHOP } })).toBe(0);
    expect((await context.app.db.prisma.shop.findUnique({ where: { domain: SHOP } }))?.uninstalledAt).toBeInstanceOf(Date);

    const again = await context.app.api("/api/shop");
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ status: "installed" });
    expect((await context.app.db.prisma.shop.findUnique({ where: { domain: SHOP } }))?.uninstalledAt).toBeNull();
  });

  it("answers a verified webhook with a bad body or shop with 400 and a reason", async () => {
    const malformed = await fetch(`${context.app.url}/api/webhooks`, {
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
    const badShop = await context.app.webhook("app/uninstalled", {}, { shop: "evil.example.com" });
    expect(badShop.status).toBe(400);
  });

  it("acknowledges topics it has no handler for, whatever their name, and records nothing", async () => {
    const before = await context.app.db.prisma.complianceRequest.count();
    for (const topic of ["__proto__", "constructor", "toString", "hasOwnProperty", "orders/create"]) {
      const res = await context.app.webhook(topic, { id: 1 });
      expect(res.status, topic).toBe(200);
      expect(await res.json()).toEqual({ status: "ignored" });
    }
    expect(await context.app.db.prisma.complianceRequest.count()).toBe(before);
  });

  it("verifies the raw bytes: a body with a BOM or an invalid UTF-8 byte is accepted and recorded", async () => {
    const json = JSON.stringify({ shop_id: 1, shop_domain: SHOP, customer: { id: 7001, email: "x" }, orders_to_redact: [] });
    const bom = await postRaw(context.app, "customers/redact", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(json)]));
    expect(bom.status, await bom.clone().text()).toBe(200);
    const [before, after] = json.split('"x"') as [string, string];
    const broken = Buffer.concat([Buffer.from(`${before}"`), Buffer.from([0xff]), Buffer.from(`"${after}`)]);
    expect((await postRaw(context.app, "customers/data_request", broken)).status).toBe(200);
    expect(
      await context.app.db.prisma.complianceRequest.count({ where: { shopDomain: SHOP, topic: { in: ["customers/redact", "customers/data_request"] } } }),
    ).toBe(2);
  });

  it("records a customers/redact without a customer (absent or null) and completes it with a note", async () => {
    for (const payload of [
      { shop_id: 1, shop_domain: SHOP },
      { shop_id: 1, shop_domain: SHOP, customer: null },
    ]) {
      const res = await context.app.webhook("customers/redact", payload);
      expect(res.status).toBe(200);
    }
    const where = { shopDomain: SHOP, topic: "customers/redact", customerRef: null };
    const requests = await waitFor(
      async () => {
        const rows = await context.app.db.prisma.complianceRequest.findMany({ where });
        return rows.length === 2 && rows.every((r) => r.status === "completed") && rows;
      },
      20_000,
      "both requests to complete",
    );
    for (const request of requests) {
      const completed = await context.app.db.prisma.auditEvent.findFirstOrThrow({ where: { requestId: request.id, action: "completed" } });
      expect(JSON.parse(completed.detail!)).toMatchObject({ customerIdPresent: false, receipts: 0, note: expect.stringMatching(/no customer id/) });
    }
  });
});
