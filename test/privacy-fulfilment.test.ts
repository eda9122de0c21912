import { AxeBuilder } from "@axe-core/playwright";
import { strFromU8, unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { complianceJobKinds } from "../web/compliance/compliance-jobs.js";
import { openIdentity, sealIdentity } from "../web/compliance/customer-identity.js";
import { customerRefOf } from "../web/compliance/customer-ref.js";
import { DEFAULT_SCOPES } from "../web/config/env.js";
import type { Db } from "../web/db/database.js";
import { enqueueForRequest } from "../web/jobs/queue.js";
import { startWorker, type Worker } from "../web/jobs/worker.js";
import { samplePayload } from "../web/local/webhook-delivery.js";
import { PACK_NOTES } from "../web/privacy-centre/jobs/pack-document.js";
import { shopperJobKinds } from "../web/privacy-centre/jobs/shopper-jobs.js";
import { shopperTopic, type CorrectionRequest, type ShopperEvent, type ShopperNotifier, type ShopperRequestType } from "../web/privacy-centre/request-types.js";
import { sealDetails } from "../web/privacy-centre/shopper-details.js";
import { createKeyring } from "../web/security/encryption.js";
import { launchBrowser } from "./support/browser.js";
import { PROVIDERS } from "./support/databases.js";
import { seedReceipts, waitFor } from "./support/seed.js";
import { ENCRYPTION_KEY, SHOP, useTestApp, type TestApp } from "./support/test-app.js";

const keyring = createKeyring(Buffer.from(ENCRYPTION_KEY, "hex"));
const DAY = 86_400_000;

/**
 * The shopper's notices as the lead's ShopperNotifier would send them, recorded, with whether the request
 * still held what a notice needs (a guest's address in the details, a customer's id in the identity) when it was sent.
 */
function recordingNotifier() {
  const events: Array<{ shop: string; requestId: string; event: ShopperEvent; details: boolean; identity: boolean }> = [];
  let prisma: Db | undefined;
  const notifier: ShopperNotifier = {
    async notify(shop, requestId, event) {
      const request = await prisma!.complianceRequest.findFirst({
        where: { id: requestId, shopDomain: shop },
        select: { details: true, customerIdentity: true },
      });
      events.push({ shop, requestId, event, details: Boolean(request?.details), identity: Boolean(request?.customerIdentity) });
    },
  };
  return {
    notifier,
    events,
    use: (db: Db) => (prisma = db),
    of: (requestId: string) => events.filter((e) => e.requestId === requestId).map((e) => e.event),
  };
}

/**
 * The test app with the worker of this file: Shopify's compliance kinds and the shoppers' kinds, both told
 * through the recording notifier (the lead wires the real one into web/server.ts).
 */
function useFulfilment(provider: (typeof PROVIDERS)[number], env: Record<string, string>) {
  const context = useTestApp(provider, { WORKER_ENABLED: "false", ...env });
  const notices = recordingNotifier();
  let worker: Worker;
  beforeAll(async () => {
    const { app } = context;
    expect((await app.api("/api/shop")).status).toBe(200);
    const prisma = app.db.prisma;
    notices.use(prisma);
    worker = startWorker({
      prisma,
      kinds: {
        ...complianceJobKinds(prisma, keyring, 100, notices.notifier),
        ...shopperJobKinds({ prisma, keyring, shopify: app.shopify, notifier: notices.notifier, batchSize: 100 }),
      },
      logger: app.logger,
      pollMs: 50,
      leaseMs: 30_000,
      batchPauseMs: 0,
    });
  });
  afterAll(async () => {
    await worker?.stop(5_000);
  });
  return { context, notices };
}

interface NewRequest {
  type: ShopperRequestType;
  customerId?: string;
  email?: string;
  correction?: CorrectionRequest;
  /** The storefront locale the shopper made the request in (default en). */
  locale?: string;
}

let sequence = 0;

/** A verified shopper request, inserted as the privacy centre records it, and its job queued. */
async function submit(app: TestApp, input: NewRequest): Promise<string> {
  const prisma = app.db.prisma;
  const id = `shopper-test-${Date.now().toString(36)}-${++sequence}`;
  const now = new Date();
  await prisma.complianceRequest.create({
    data: {
      id,
      shopDomain: SHOP,
      topic: shopperTopic(input.type),
      source: "shopper",
      webhookId: "",
      dedupKey: `shopper:${id}`,
      payload: "",
      receivedAt: now,
      verifiedAt: now,
      dueAt: new Date(now.getTime() + 30 * DAY),
      status: "received",
      law: "gdpr",
      country: "DE",
      locale: input.locale ?? "en",
      details: sealDetails(keyring, id, { email: input.email, correction: input.correction, storefront: { host: SHOP, pathPrefix: "/apps/consent" } }),
      ...(input.customerId
        ? {
            customerRef: customerRefOf(keyring, SHOP, input.customerId),
            customerIdentity: sealIdentity(keyring, id, { customerId: input.customerId, orderIds: [] }),
          }
        : {}),
    },
  });
  await enqueueForRequest(prisma, { shopDomain: SHOP, kind: shopperTopic(input.type), requestId: id });
  return id;
}

/** The request once its job is done (the request may still be open: waiting for Shopify or the merchant). */
async function settled(app: TestApp, requestId: string) {
  const prisma = app.db.prisma;
  await waitFor(async () => (await prisma.job.findUnique({ where: { requestId } }))?.status === "done", 20_000, `the job of ${requestId}`);
  return prisma.complianceRequest.findUniqueOrThrow({ where: { id: requestId } });
}

const auditOf = async (app: TestApp, requestId: string) =>
  (await app.db.prisma.auditEvent.findMany({ where: { requestId }, orderBy: { createdAt: "asc" } })).map((e) => ({ action: e.action, detail: e.detail }));

const operations = (app: TestApp, name: string) => app.fake.calls.filter((c) => c.kind === "graphql" && c.operation === name);

async function packOf(app: TestApp, requestId: string) {
  const row = await app.db.prisma.dataExport.findUniqueOrThrow({ where: { requestId } });
  const zip = Buffer.from(keyring.decrypt(row.content, `export:${requestId}`), "base64");
  const files = unzipSync(new Uint8Array(zip));
  return {
    row,
    names: Object.keys(files).sort(),
    summary: strFromU8(files["summary.html"]!),
    data: JSON.parse(strFromU8(files["data.json"]!)) as {
      format: string;
      request: { locale: string | null };
      shopify: {
        customerFound: boolean;
        customer: { id: string; firstName: string; email: string; addresses: unknown[] } | null;
        orders: Array<{ name: string; createdAt: string; lineItems: Array<{ title: string; quantity: number }>; total: { amount: string } }>;
      };
      consentReceipts: Array<{ bannerRevision: number; textHash: string; seenBeforeChoice: { hosts: string[]; cookies: string[] } | null }>;
      earlierRequests: Array<{ id: string; topic: string; status: string }>;
      notes: string[];
    },
  };
}

describe.each(PROVIDERS)("fulfilment of shoppers' requests on %s", (provider) => {
  // read_all_orders: Ada's orders are all older than 60 days.
  const { context, notices } = useFulfilment(provider, { SCOPES: `${DEFAULT_SCOPES},read_all_orders` });

  it("access: the evidence pack is a ZIP of summary.html and data.json with the customer's orders and receipts, kept 7 days for download", async () => {
    const { app } = context;
    await seedReceipts(app.db.prisma, SHOP, 3, "42");
    const first = await app.db.prisma.consentReceipt.findFirstOrThrow({ where: { shopDomain: SHOP, customerId: "42" }, orderBy: { createdAt: "asc" } });
    await app.db.prisma.consentReceipt.update({
      where: { id: first.id },
      data: { seenHosts: "tracker.example,<img src=x onerror=alert(1)>", seenCookies: "_ga" },
    });
    const earlier = await submit(app, { type: "opt_out", customerId: "42" });
    await settled(app, earlier);

    const id = await submit(app, { type: "access", customerId: "42" });
    const request = await settled(app, id);
    expect(request.status).toBe("completed");
    expect(JSON.parse(request.outcome!)).toMatchObject({ customerFound: true, orders: 12, receipts: 3, earlierRequests: 1 });
    expect(notices.of(id)).toEqual(["completed"]);

    const pack = await packOf(app, id);
    expect(pack.names).toEqual(["data.json", "summary.html"]);
    expect(pack.row).toMatchObject({ format: "zip", recordCount: 15, customerRef: customerRefOf(keyring, SHOP, "42") });
    expect(pack.row.content).toMatch(/^enc:v1:/);
    expect(pack.row.downloadUntil!.getTime() - pack.row.createdAt.getTime()).toBe(7 * DAY);
    expect(pack.row.expiresAt.getTime() - pack.row.createdAt.getTime()).toBe(30 * DAY);

    expect(pack.data.format).toBe("consent-compliance.shopper-data/1");
    expect(pack.data.shopify.customer).toMatchObject({ id: "42", firstName: "Ada", email: "ada@example.com" });
    expect(pack.data.shopify.customer!.addresses).toHaveLength(1);
    expect(pack.data.shopify.orders).toHaveLength(12);
    expect(pack.data.shopify.orders[0]).toMatchObject({ name: "#1001", lineItems: [{ title: "Analytical engine punch cards (pack of 100)", quantity: 1 }] });
    expect(pack.data.consentReceipts).toHaveLength(3);
    expect(pack.data.consentReceipts[0]).toMatchObject({
      bannerRevision: 1,
      textHash: "a".repeat(64),
      seenBeforeChoice: { hosts: ["tracker.example", "<img src=x onerror=alert(1)>"], cookies: ["_ga"] },
    });
    expect(pack.data.earlierRequests).toEqual([expect.objectContaining({ id: earlier, topic: "shopper/opt_out", status: "completed" })]);

    expect(pack.summary).toMatch(/^<!doctype html>/);
    expect(pack.summary).toContain("Ada");
    expect(pack.summary).toContain("#1012");
    expect(pack.summary).toContain("12 St James&#39;s Square");
    expect(pack.summary).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(pack.summary).not.toContain("<img");
    expect(pack.summary).not.toMatch(/<script|<link|src="http/);
    expect(pack.summary).toContain("Do not sell or share my personal information");

    const trail = await auditOf(app, id);
    expect(trail.map((e) => e.action)).toEqual(["started", "completed"]);
    expect(JSON.stringify(trail)).not.toMatch(/ada@example|Lovelace/);
  });

  it("access: the summary is in the language of the request (German, Arabic right to left); data.json's notes stay English", async () => {
    const { app } = context;
    const german = await submit(app, { type: "access", customerId: "42", locale: "de" });
    const arabic = await submit(app, { type: "access", customerId: "42", locale: "ar" });
    await settled(app, german);
    await settled(app, arabic);

    const de = await packOf(app, german);
    expect(de.summary).toContain('<html lang="de" dir="ltr">');
    expect(de.summary).toContain("<h2>Ihr Kundenkonto</h2>");
    expect(de.summary).toContain("<h2>Ihre Bestellungen</h2>");
    expect(de.summary).toContain("12 Bestellungen, älteste zuerst");
    expect(de.summary).toContain("Diese App speichert Einwilligungsnachweise");
    expect(de.summary).not.toContain("Your customer account");
    expect(de.data.notes[0]).toBe(PACK_NOTES.appKeeps);
    expect(de.data.request.locale).toBe("de");

    const ar = await packOf(app, arabic);
    expect(ar.summary).toContain('<html lang="ar" dir="rtl">');
    expect(ar.summary).toContain("<h2>حساب العميل الخاص بك</h2>");
    expect(ar.data.notes[0]).toBe(PACK_NOTES.appKeeps);
  });

  it.each(["en", "de", "ar"])(
    "access: the summary in %s reads without horizontal scrolling of the page at 320 px, keyboard reachable, with no serious axe finding",
    async (locale) => {
      const { app } = context;
      const id = await submit(app, { type: "access", customerId: "42", locale });
      await settled(app, id);
      const { summary } = await packOf(app, id);
      const browser = await launchBrowser();
      try {
        const page = await (await browser.newContext({ viewport: { width: 320, height: 800 } })).newPage();
        await page.setContent(summary);
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
        const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
        expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
      } finally {
        await browser.close();
      }
    },
  );

  it("access for a guest: the customer found by the confirmed e-mail is linked to the request; an unknown e-mail gets what the app holds, said plainly", async () => {
    const { app } = context;
    const id = await submit(app, { type: "access", email: "Grace@Example.com" });
    const request = await settled(app, id);
    expect(request.status).toBe("completed");
    expect(request.customerRef).toBe(customerRefOf(keyring, SHOP, "43"));
    expect(openIdentity(keyring, id, request.customerIdentity)).toEqual({ customerId: "43", orderIds: [] });
    const grace = await packOf(app, id);
    expect(grace.data.shopify.orders.map((o) => o.name)).toEqual(["#2001", "#2002"]);
    expect(grace.data.shopify.orders[1]!.total.amount).toBe("29.30");

    const unknown = await submit(app, { type: "access", email: "nobody@example.org" });
    const done = await settled(app, unknown);
    expect(done.status).toBe("completed");
    expect(done.customerRef).toBeNull();
    expect(JSON.parse(done.outcome!)).toMatchObject({ customerFound: false, orders: 0, receipts: 0 });
    const pack = await packOf(app, unknown);
    expect(pack.data.shopify).toEqual({ customerFound: false, customer: null, orders: [] });
    expect(pack.data.consentReceipts).toEqual([]);
    expect(pack.summary).toContain("No customer account in this shop has the e-mail address you confirmed");
    expect(pack.summary).not.toContain("nobody@example.org");
    expect(notices.of(unknown)).toEqual(["completed"]);
  });

  it("deletion for customer 42: Shopify's erasure asked once, the request waits; its customers/redact completes both and links them", async () => {
    const { app } = context;
    await seedReceipts(app.db.prisma, SHOP, 2, "42");
    const before = operations(app, "RequestCustomerErasure").length;
    const id = await submit(app, { type: "deletion", customerId: "42" });
    const waiting = await settled(app, id);
    expect(waiting).toMatchObject({ status: "waiting_shopify", shopifyState: "scheduled", completedAt: null });
    const asked = operations(app, "RequestCustomerErasure").slice(before);
    expect(asked).toHaveLength(1);
    expect(asked[0]!.variables).toEqual({ customerId: "gid://shopify/Customer/42" });
    expect(app.fake.erasureOf(SHOP, 42)).toMatchObject({ state: "scheduled", by: "app" });
    expect(notices.of(id)).toEqual(["erasure_scheduled"]);
    expect((await auditOf(app, id)).map((e) => e.action)).toEqual(["started", "erasure_requested"]);

    // Shopify's waiting period ends: it erases the customer and sends customers/redact.
    const res = await app.webhook("customers/redact", {
      ...samplePayload("customers/redact", { shop: SHOP, customerId: 42, email: "ada@example.com" }),
      orders_to_redact: [],
    });
    expect(res.status).toBe(200);
    const redact = await waitFor(
      () => app.db.prisma.complianceRequest.findFirst({ where: { shopDomain: SHOP, topic: "customers/redact", status: "completed" } }),
      20_000,
      "customers/redact to complete",
    );
    const done = await app.db.prisma.complianceRequest.findUniqueOrThrow({ where: { id } });
    expect(done).toMatchObject({ status: "completed", shopifyState: "erased", linkedRequestId: redact.id, customerIdentity: null, details: null });
    expect(redact.linkedRequestId).toBe(id);
    expect(JSON.parse(done.outcome!)).toMatchObject({ shopifyState: "erased", erasedBy: "customers/redact", linkedRequestId: redact.id, receipts: 5 });
    expect(JSON.parse(redact.outcome!)).toMatchObject({ receipts: 5, customerIdPresent: true, shopperRequestsCompleted: 1 });
    expect(await app.db.prisma.consentReceipt.count({ where: { shopDomain: SHOP, customerId: "42" } })).toBe(0);
    expect(notices.of(id)).toEqual(["erasure_scheduled", "completed"]);
    expect((await auditOf(app, id)).map((e) => e.action)).toEqual(["started", "erasure_requested", "requests_linked", "completed"]);
    expect((await auditOf(app, redact.id)).map((e) => e.action)).toContain("requests_linked");
  });

  it("deletion for customer 43, who ordered 20 days ago: Shopify holds the erasure, and the request says so", async () => {
    const { app } = context;
    const id = await submit(app, { type: "deletion", customerId: "43" });
    expect(await settled(app, id)).toMatchObject({ status: "waiting_shopify", shopifyState: "held" });
    expect(app.fake.erasureOf(SHOP, 43)).toMatchObject({ state: "held" });
    expect(notices.of(id)).toEqual(["erasure_held"]);
  });

  it("deletion for a guest whose e-mail matches no customer: completed at once, nothing held, Shopify not asked", async () => {
    const { app } = context;
    const before = operations(app, "RequestCustomerErasure").length;
    const id = await submit(app, { type: "deletion", email: "stranger@example.net" });
    const done = await settled(app, id);
    expect(done.status).toBe("completed");
    expect(JSON.parse(done.outcome!)).toEqual({ customerFound: false, receipts: 0, exports: 0 });
    expect(operations(app, "RequestCustomerErasure").length).toBe(before);
    expect(notices.of(id)).toEqual(["completed"]);
    const completed = (await auditOf(app, id)).find((e) => e.action === "completed")!;
    expect(completed.detail).toMatch(/keeps nothing by e-mail address/);
    expect(completed.detail).not.toContain("stranger@example.net");
  });

  it("deletion for a customer Shopify no longer has: the app's own data about them is erased at once", async () => {
    const { app } = context;
    await seedReceipts(app.db.prisma, SHOP, 4, "77");
    const id = await submit(app, { type: "deletion", customerId: "77" });
    const done = await settled(app, id);
    expect(done.status).toBe("completed");
    expect(JSON.parse(done.outcome!)).toEqual({ customerFound: false, receipts: 4, exports: 0 });
    expect(await app.db.prisma.consentReceipt.count({ where: { shopDomain: SHOP, customerId: "77" } })).toBe(0);
  });

  it("opt-out: Shopify's dataSaleOptOut with the signed-in customer's e-mail as Shopify holds it, or the guest's", async () => {
    const { app } = context;
    const before = operations(app, "OptOutOfDataSale").length;
    const id = await submit(app, { type: "opt_out", customerId: "191167" });
    const done = await settled(app, id);
    expect(done.status).toBe("completed");
    expect(JSON.parse(done.outcome!)).toEqual({ customerFound: true });
    const guest = await submit(app, { type: "opt_out", email: "unknown-shopper@example.org" });
    const guestDone = await settled(app, guest);
    expect(JSON.parse(guestDone.outcome!)).toEqual({ customerFound: false });
    expect(
      operations(app, "OptOutOfDataSale")
        .slice(before)
        .map((c) => c.variables),
    ).toEqual([{ email: "john@example.com" }, { email: "unknown-shopper@example.org" }]);
    expect(app.fake.customersOf(SHOP)["191167"]!.dataSaleOptOut).toBe(true);
    expect(notices.of(id)).toEqual(["completed"]);
  });

  it("deletion for a guest: the customer found by e-mail is linked; a failed Shopify call is retried; customers/redact completes it and the guest is told before their address is cleared", async () => {
    const { app } = context;
    app.fake.failNext("RequestCustomerErasure");
    const before = operations(app, "RequestCustomerErasure").length;
    const id = await submit(app, { type: "deletion", email: "john@example.com" });
    const waiting = await settled(app, id);
    expect(waiting).toMatchObject({ status: "waiting_shopify", shopifyState: "scheduled", customerRef: customerRefOf(keyring, SHOP, "191167") });
    expect(
      operations(app, "RequestCustomerErasure")
        .slice(before)
        .map((c) => Boolean(c.failed)),
    ).toEqual([true, false]);
    expect((await auditOf(app, id)).map((e) => e.action)).toEqual(["started", "retry_scheduled", "started", "erasure_requested"]);

    expect((await app.webhook("customers/redact", samplePayload("customers/redact", { shop: SHOP }))).status).toBe(200);
    await waitFor(
      () => app.db.prisma.complianceRequest.findFirst({ where: { shopDomain: SHOP, topic: "customers/redact", linkedRequestId: id, status: "completed" } }),
      20_000,
      "customers/redact to complete",
    );
    const done = await app.db.prisma.complianceRequest.findUniqueOrThrow({ where: { id } });
    expect(done.status).toBe("completed");
    expect(done).toMatchObject({ shopifyState: "erased", details: null, customerIdentity: null });
    expect(notices.events.filter((e) => e.requestId === id)).toEqual([
      { shop: SHOP, requestId: id, event: "erasure_scheduled", details: true, identity: true },
      { shop: SHOP, requestId: id, event: "completed", details: true, identity: true },
    ]);
  });

  it("deletion whose customers/redact arrives while its job is still open (the read after Shopify accepted failed, so the request waits as requested): completed and linked once, the shopper told once", async () => {
    const { app } = context;
    const customers = app.fake.customersOf(SHOP);
    customers["44"] = { ...structuredClone(customers["42"]!), id: 44, email: "kathleen@example.com", phone: null, orders: [] };
    // Shopify erases at once and sends customers/redact, while the job waits to retry its last call.
    app.fake.setErasureOptions({
      erasureDelayMs: 0,
      onErasure: async (shop, customerId, erased) => {
        await app.webhook("customers/redact", { ...samplePayload("customers/redact", { shop, customerId, email: erased.email ?? "" }), orders_to_redact: [] });
      },
    });
    app.fake.failNext("CustomerLastOrder");
    try {
      const before = operations(app, "RequestCustomerErasure").length;
      const id = await submit(app, { type: "deletion", customerId: "44" });
      const done = await waitFor(
        async () => {
          const row = await app.db.prisma.complianceRequest.findUniqueOrThrow({ where: { id } });
          return row.status === "completed" ? row : null;
        },
        20_000,
        "the deletion completed by customers/redact",
      );
      const redact = await app.db.prisma.complianceRequest.findFirstOrThrow({ where: { shopDomain: SHOP, topic: "customers/redact", linkedRequestId: id } });
      expect(done).toMatchObject({ status: "completed", shopifyState: "erased", linkedRequestId: redact.id });
      // Shopify accepted once: the failed read after it asks for nothing again.
      expect(operations(app, "RequestCustomerErasure").length - before).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect((await auditOf(app, id)).filter((e) => e.action === "completed")).toHaveLength(1);
      // Told it is done once, last (a "scheduled" notice may come first, when the job wrote its answer before the erasure arrived).
      expect(notices.of(id).filter((event) => event === "completed")).toHaveLength(1);
      expect(notices.of(id).at(-1)).toBe("completed");
    } finally {
      app.fake.setErasureOptions({ erasureDelayMs: 10 * DAY, onErasure: undefined });
    }
  });

  it("a refusal by Shopify (an opt-out for an address it rejects) leaves the request with the merchant, with Shopify's code and the next step", async () => {
    const { app } = context;
    const id = await submit(app, { type: "opt_out", email: "not-an-address" });
    const request = await settled(app, id);
    expect(request.status).toBe("awaiting_merchant");
    expect(request.failure).toMatch(/Shopify did not record the opt-out\. Shopify answered FAILED/);
    expect(request.failure).toMatch(/Next step: open the customer in your Shopify admin/);
    expect(JSON.parse(request.outcome!)).toEqual({ code: "FAILED" });
    expect(notices.of(id)).toEqual([]);
    const trail = await auditOf(app, id);
    expect(trail.map((e) => e.action)).toEqual(["started", "awaiting_merchant"]);
    expect(JSON.stringify(trail)).not.toContain("not-an-address");
  });

  it("correction: the merchant's task unless the shop applies corrections automatically; then written through the Admin API", async () => {
    const { app } = context;
    const task = await submit(app, { type: "correction", customerId: "191167", correction: { field: "lastName", value: "Smythe", note: "typo" } });
    const open = await settled(app, task);
    expect(open.status).toBe("awaiting_merchant");
    expect(open.failure).toMatch(/apply it here or record what you did/);
    expect(notices.of(task)).toEqual([]);

    await app.db.prisma.shop.update({ where: { domain: SHOP }, data: { autoCorrection: true } });
    const applied = await submit(app, { type: "correction", customerId: "191167", correction: { field: "lastName", value: "Smythe", note: "typo" } });
    expect((await settled(app, applied)).status).toBe("completed");
    expect(app.fake.customersOf(SHOP)["191167"]!.lastName).toBe("Smythe");
    expect(notices.of(applied)).toEqual(["completed"]);

    const address = await submit(app, { type: "correction", customerId: "191167", correction: { field: "address", value: "1 New Street, Ottawa", note: "" } });
    expect((await settled(app, address)).status).toBe("awaiting_merchant");
  });
});

describe.each(PROVIDERS)("a shop that has not granted the customer data erasure scope, on %s", (provider) => {
  const scopes = DEFAULT_SCOPES.split(",").filter((s) => s !== "write_customer_data_erasure");
  const { context, notices } = useFulfilment(provider, { SCOPES: scopes.join(",") });

  it("leaves the deletion with the merchant, with the next step, never done", async () => {
    const { app } = context;
    const id = await submit(app, { type: "deletion", customerId: "42" });
    const request = await settled(app, id);
    expect(request.status).toBe("awaiting_merchant");
    expect(request.completedAt).toBeNull();
    expect(request.failure).toMatch(/write_customer_data_erasure/);
    expect(request.failure).toMatch(/Erase personal data/);
    expect(JSON.parse(request.outcome!)).toEqual({ reason: "access_denied" });
    expect(app.fake.erasureOf(SHOP, 42)).toBeUndefined();
    expect(notices.of(id)).toEqual([]);
    expect((await auditOf(app, id)).map((e) => e.action)).toEqual(["started", "awaiting_merchant"]);

    // The merchant takes the next step (Erase personal data in Shopify's admin); Shopify's customers/redact completes the request.
    const payload = { ...samplePayload("customers/redact", { shop: SHOP, customerId: 42, email: "ada@example.com" }), orders_to_redact: [] };
    expect((await app.webhook("customers/redact", payload)).status).toBe(200);
    const done = await waitFor(() => app.db.prisma.complianceRequest.findFirst({ where: { id, status: "completed" } }), 20_000, "the deletion to complete");
    expect(done).toMatchObject({ shopifyState: "erased", failure: null });
    // Told after the completion commits.
    await waitFor(async () => notices.of(id).length > 0, 5_000, "the notice");
    expect(notices.of(id)).toEqual(["completed"]);
  });
});
