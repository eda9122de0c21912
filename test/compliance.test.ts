import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { samplePayload, signWebhook } from "../web/local/webhook-delivery.js";
import { purgeExpiredExports } from "../web/compliance/export-expiry.js";
import { PROVIDERS, createTestDatabase, type TestDatabase } from "./support/databases.js";
import { seedReceipts, settledRequest, waitFor } from "./support/seed.js";
import { API_SECRET, OTHER_SHOP, SHOP, startTestApp, type TestApp } from "./support/test-app.js";

const ALICE = "191167"; // the customer of Shopify's sample payloads
const BOB = "555";

describe.each(PROVIDERS)("GDPR compliance webhooks on %s", (provider) => {
  let database: TestDatabase;
  let app: TestApp;
  const count = (where: Record<string, unknown>) => app.db.prisma.consentReceipt.count({ where });

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    app = await startTestApp(database, { JOB_POLL_MS: "100" });
    for (const shop of [SHOP, OTHER_SHOP]) expect((await app.api("/api/shop", { shop })).status).toBe(200);
    await seedReceipts(app.db.prisma, SHOP, 3, ALICE);
    await seedReceipts(app.db.prisma, SHOP, 2, BOB);
    await seedReceipts(app.db.prisma, SHOP, 20);
    await seedReceipts(app.db.prisma, OTHER_SHOP, 2, ALICE);
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it("customers/data_request: answers 200, then compiles the customer's receipts into an export for the merchant", async () => {
    const res = await app.webhook("customers/data_request", samplePayload("customers/data_request", { shop: SHOP }));
    expect(res.status).toBe(200);
    const request = await settledRequest(app.db.prisma, SHOP, "customers/data_request");
    expect(request.status).toBe("completed");
    expect(request.payload).toBe("");
    expect(request.dueAt.getTime() - request.receivedAt.getTime()).toBe(30 * 24 * 3600 * 1000);

    const list = await (await app.api("/api/compliance/requests")).json();
    const listed = list.requests.find((r: { id: string }) => r.id === request.id);
    expect(listed).toMatchObject({ topic: "customers/data_request", status: "completed", overdue: false, export: { records: 3 } });

    const download = await app.api(`/api/compliance/exports/${listed.export.id}`);
    expect(download.status).toBe(200);
    expect(download.headers.get("content-disposition")).toMatch(/attachment/);
    const document = await download.json();
    expect(document.customer).toEqual({ shopifyCustomerId: ALICE });
    expect(document.consentReceipts).toHaveLength(3);
    expect(document.request.shopifyDataRequestId).toBe("9999");
    const raw = await app.db.prisma.dataExport.findFirstOrThrow({ where: { requestId: request.id } });
    expect(raw.content).toMatch(/^enc:v1:/);

    const detail = await (await app.api(`/api/compliance/requests/${request.id}`)).json();
    expect(detail.events.map((e: { action: string }) => e.action)).toEqual(["received", "started", "completed", "export_downloaded"]);
  });

  it("keeps each shop's requests, audit and exports to itself", async () => {
    const [mine] = (await (await app.api("/api/compliance/requests")).json()).requests;
    const theirs = await (await app.api("/api/compliance/requests", { shop: OTHER_SHOP })).json();
    expect(theirs.requests).toEqual([]);
    expect((await app.api(`/api/compliance/requests/${mine.id}`, { shop: OTHER_SHOP })).status).toBe(404);
    expect((await app.api(`/api/compliance/exports/${mine.export.id}`, { shop: OTHER_SHOP })).status).toBe(404);
    expect(await app.db.prisma.auditEvent.count({ where: { shopDomain: OTHER_SHOP } })).toBe(0);
  });

  it("customers/redact erases that customer's receipts and exports in that shop only", async () => {
    const res = await app.webhook("customers/redact", samplePayload("customers/redact", { shop: SHOP }));
    expect(res.status).toBe(200);
    const request = await settledRequest(app.db.prisma, SHOP, "customers/redact");
    expect(request.status).toBe("completed");
    expect(JSON.parse(request.outcome!)).toEqual({ receipts: 3, exports: 1, customerIdPresent: true });
    expect(await count({ shopDomain: SHOP, customerId: ALICE })).toBe(0);
    expect(await count({ shopDomain: SHOP, customerId: BOB })).toBe(2);
    expect(await count({ shopDomain: SHOP, customerId: null })).toBe(18);
    expect(await count({ shopDomain: OTHER_SHOP, customerId: ALICE })).toBe(2);
    expect(await app.db.prisma.dataExport.count({ where: { shopDomain: SHOP } })).toBe(0);

    // What stays as proof holds no personal data: no email, phone or customer id.
    const proof = JSON.stringify(await app.db.prisma.complianceRequest.findUniqueOrThrow({ where: { id: request.id } }));
    expect(proof).not.toContain("john@example.com");
    expect(proof).not.toContain("555-625-1199");
    expect(proof).not.toContain(ALICE);
  });

  it("handles a request that names the customer by email only", async () => {
    const payload = { shop_id: 954889, shop_domain: SHOP, customer: { email: "only@example.com" }, orders_to_redact: [] };
    expect((await app.webhook("customers/redact", payload)).status).toBe(200);
    const request = await waitFor(() =>
      app.db.prisma.complianceRequest.findFirst({ where: { shopDomain: SHOP, topic: "customers/redact", status: "completed", customerRef: null } }),
    );
    expect(JSON.parse(request.outcome!)).toEqual({ receipts: 0, exports: 0, customerIdPresent: false });
    expect(await count({ shopDomain: SHOP, customerId: BOB })).toBe(2);
  });

  it("answers a redelivery 200 and does the work once (event id, or webhook id without one)", async () => {
    const eventId = randomUUID();
    const payload = samplePayload("customers/data_request", { shop: SHOP, customerId: Number(BOB) });
    for (const webhookId of [randomUUID(), randomUUID()]) {
      expect((await app.webhook("customers/data_request", payload, { eventId, webhookId })).status).toBe(200);
    }
    const delivery = { webhookId: randomUUID() };
    const body = JSON.stringify(payload);
    const headers = {
      "x-shopify-topic": "customers/data_request",
      "x-shopify-hmac-sha256": signWebhook(body, API_SECRET),
      "x-shopify-shop-domain": SHOP,
      "x-shopify-api-version": "2026-10",
      "x-shopify-webhook-id": delivery.webhookId,
    };
    for (let i = 0; i < 2; i++) expect((await fetch(`${app.url}/api/webhooks`, { method: "POST", headers, body })).status).toBe(200);
    const byEvent = await app.db.prisma.complianceRequest.findMany({ where: { eventId } });
    const byWebhook = await app.db.prisma.complianceRequest.findMany({ where: { webhookId: delivery.webhookId } });
    expect(byEvent).toHaveLength(1);
    expect(byWebhook).toHaveLength(1);
    expect(await app.db.prisma.job.count({ where: { requestId: { in: [byEvent[0]!.id, byWebhook[0]!.id] } } })).toBe(2);
  });

  it("rejects forged compliance webhooks with 401 and malformed ones with 400, storing nothing", async () => {
    const before = await app.db.prisma.complianceRequest.count();
    const body = JSON.stringify(samplePayload("shop/redact", { shop: SHOP }));
    const forged = await fetch(`${app.url}/api/webhooks`, {
      method: "POST",
      headers: {
        "x-shopify-topic": "shop/redact",
        "x-shopify-hmac-sha256": signWebhook(body, "forged"),
        "x-shopify-shop-domain": SHOP,
        "x-shopify-api-version": "2026-10",
        "x-shopify-webhook-id": randomUUID(),
      },
      body,
    });
    expect(forged.status).toBe(401);
    const wrongShop = await app.webhook("customers/data_request", samplePayload("customers/data_request", { shop: OTHER_SHOP }));
    expect(wrongShop.status).toBe(400);
    const badId = await app.webhook("customers/redact", { shop_domain: SHOP, customer: { id: "not-a-number" } });
    expect(badId.status).toBe(400);
    expect(await app.db.prisma.complianceRequest.count()).toBe(before);
  });

  it("retries a failing job with backoff, then marks it failed with the reason and flags it", async () => {
    const corrupt = async (maxAttempts: number) => {
      const request = await app.db.prisma.complianceRequest.create({
        data: {
          shopDomain: SHOP,
          topic: "customers/redact",
          webhookId: randomUUID(),
          dedupKey: randomUUID(),
          dueAt: new Date(Date.now() - 1000),
          payload: "enc:v1:000000000000:x:y:z",
        },
      });
      await app.db.prisma.job.create({ data: { shopDomain: SHOP, kind: "customers/redact", requestId: request.id, maxAttempts } });
      app.worker!.wake();
      return request.id;
    };
    const retried = await corrupt(5);
    const job = await waitFor(() => app.db.prisma.job.findFirst({ where: { requestId: retried, status: "queued", attempts: 1 } }));
    expect(job.runAt.getTime()).toBeGreaterThan(Date.now());
    expect(job.lastError).toMatch(/no key/);

    const failed = await corrupt(1);
    await waitFor(() => app.db.prisma.complianceRequest.findFirst({ where: { id: failed, status: "failed" } }));
    const listed = (await (await app.api("/api/compliance/requests")).json()).requests.find((r: { id: string }) => r.id === failed);
    expect(listed).toMatchObject({ status: "failed", overdue: true, failure: expect.stringMatching(/no key/) });
    const actions = (await app.db.prisma.auditEvent.findMany({ where: { requestId: { in: [retried, failed] } }, orderBy: { createdAt: "asc" } })).map(
      (e) => e.action,
    );
    expect(actions).toEqual(expect.arrayContaining(["started", "retry_scheduled", "failed"]));
    await app.db.prisma.job.deleteMany({ where: { requestId: retried } });
  });

  it("deletes exports after their 30 days, noting it in the audit trail", async () => {
    const request = await settledRequest(app.db.prisma, SHOP, "customers/data_request");
    const row = await app.db.prisma.dataExport.findFirstOrThrow({ where: { requestId: request.id } }).catch(() => undefined);
    const target = row ?? (await app.db.prisma.dataExport.findFirstOrThrow({ where: { shopDomain: SHOP } }));
    await app.db.prisma.dataExport.update({ where: { id: target.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await app.api(`/api/compliance/exports/${target.id}`)).status).toBe(404);
    expect(await purgeExpiredExports(app.db.prisma)).toBe(1);
    expect(await app.db.prisma.dataExport.count({ where: { id: target.id } })).toBe(0);
    expect(await app.db.prisma.auditEvent.count({ where: { requestId: target.requestId, action: "export_expired" } })).toBe(1);
  });

  it("app/uninstalled then shop/redact erases everything of the shop but a personal-data-free proof", async () => {
    expect((await app.webhook("app/uninstalled", { myshopify_domain: SHOP })).status).toBe(200);
    expect((await app.webhook("shop/redact", samplePayload("shop/redact", { shop: SHOP }))).status).toBe(200);
    const request = await settledRequest(app.db.prisma, SHOP, "shop/redact");
    expect(request.status).toBe("completed");
    const prisma = app.db.prisma;
    expect(await prisma.consentReceipt.count({ where: { shopDomain: SHOP } })).toBe(0);
    expect(await prisma.session.count({ where: { shop: SHOP } })).toBe(0);
    expect(await prisma.shop.count({ where: { domain: SHOP } })).toBe(0);
    expect(await prisma.dataExport.count({ where: { shopDomain: SHOP } })).toBe(0);
    expect(await prisma.complianceRequest.count({ where: { shopDomain: SHOP } })).toBe(1);
    expect(await prisma.job.count({ where: { shopDomain: SHOP } })).toBe(1);
    expect((await prisma.auditEvent.findMany({ where: { shopDomain: SHOP } })).every((e) => e.requestId === request.id)).toBe(true);
    const [proof] = await prisma.erasureRecord.findMany({ where: { shopDomain: SHOP } });
    expect(JSON.parse(proof!.counts)).toMatchObject({ receipts: 22, sessions: 0, shops: 1 });
    // The other shop is untouched.
    expect(await prisma.consentReceipt.count({ where: { shopDomain: OTHER_SHOP } })).toBe(2);
    expect(await prisma.session.count({ where: { shop: OTHER_SHOP } })).toBe(1);
  });
});
