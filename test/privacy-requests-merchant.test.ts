import { beforeAll, describe, expect, it } from "vitest";
import { sealIdentity } from "../web/compliance/customer-identity.js";
import { customerRefOf } from "../web/compliance/customer-ref.js";
import { newRowId } from "../web/db/row-id.js";
import type { RequestDetail, RequestList, RequestView } from "../web/privacy-centre/merchant-types.js";
import { shopperTopic, type CorrectionRequest, type Law, type ShopperRequestType } from "../web/privacy-centre/request-types.js";
import { sealDetails } from "../web/privacy-centre/shopper-details.js";
import { addMonths, statutoryClock } from "../web/privacy-centre/statutory-clocks.js";
import { createKeyring } from "../web/security/encryption.js";
import { requestCustomerErasure } from "../web/shopify/customer-privacy-api.js";
import { PROVIDERS } from "./support/databases.js";
import { waitFor } from "./support/seed.js";
import { ENCRYPTION_KEY, OTHER_SHOP, SHOP, useTestApp } from "./support/test-app.js";

const DAY = 86_400_000;
const keyring = createKeyring(Buffer.from(ENCRYPTION_KEY, "hex"));

interface ShopperRow {
  shop?: string;
  type: ShopperRequestType;
  status: string;
  law?: Law;
  /** When the shopper asked (days ago); verified at the same time. */
  daysAgo?: number;
  customerId?: string;
  email?: string;
  correction?: CorrectionRequest;
  shopifyState?: string;
  dueAt?: Date;
}

describe.each(PROVIDERS)("the merchant's side of shoppers' requests on %s", (provider) => {
  // The worker stays off: an approval's job is looked at in the queue, not carried out.
  const context = useTestApp(provider, { WORKER_ENABLED: "false" });
  const app = () => context.app;
  const prisma = () => context.app.db.prisma;

  /** A shopper's request row, as the privacy centre records it (details and identity sealed, the law's clock). */
  async function shopperRequest(row: ShopperRow): Promise<string> {
    const id = newRowId();
    const shop = row.shop ?? SHOP;
    const law = row.law ?? "gdpr";
    const receivedAt = new Date(Date.now() - (row.daysAgo ?? 1) * DAY);
    const clock = statutoryClock(law, row.type, receivedAt, receivedAt);
    await prisma().complianceRequest.create({
      data: {
        id,
        shopDomain: shop,
        topic: shopperTopic(row.type),
        source: "shopper",
        dedupKey: `shopper:${id}`,
        webhookId: "",
        payload: "",
        status: row.status,
        law,
        country: law === "gdpr" ? "DE" : law === "ccpa" ? "US" : null,
        region: law === "ccpa" ? "CA" : null,
        locale: "en",
        receivedAt,
        verifiedAt: row.status === "unverified" ? null : receivedAt,
        dueAt: row.dueAt ?? clock.dueAt,
        shopifyState: row.shopifyState ?? null,
        details: sealDetails(keyring, id, {
          email: row.email,
          correction: row.correction,
          storefront: { host: "shop.example.com", pathPrefix: "/apps/consent" },
        }),
        ...(row.customerId
          ? {
              customerRef: customerRefOf(keyring, shop, row.customerId),
              customerIdentity: sealIdentity(keyring, id, { customerId: row.customerId, orderIds: [] }),
            }
          : {}),
      },
    });
    return id;
  }

  const post = (path: string, body?: unknown, shop?: string) =>
    app().api(`/api/compliance/requests/${path}`, { method: "POST", shop, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const detail = async (id: string) => (await (await app().api(`/api/compliance/requests/${id}`)).json()) as RequestDetail;
  const list = async (query = "") => (await (await app().api(`/api/compliance/requests${query}`)).json()) as RequestList;
  const auditOf = (id: string, action: string) => prisma().auditEvent.findMany({ where: { requestId: id, action } });

  beforeAll(async () => {
    // The shop's offline session (the stand-in Shopify answers its Admin API calls).
    expect((await app().api("/api/shop")).status).toBe(200);
    expect((await app().api("/api/shop", { shop: OTHER_SHOP })).status).toBe(200);
  });

  it("lists shoppers' requests beside Shopify's, by due date, with source, type, law and clock; filters by source, type, overdue and due soon", async () => {
    const shop = "list-shop.myshopify.com";
    expect((await app().api("/api/shop", { shop })).status).toBe(200);
    const now = Date.now();
    const late = await shopperRequest({ shop, type: "access", status: "awaiting_merchant", dueAt: new Date(now - 2 * DAY) });
    const soon = await shopperRequest({ shop, type: "deletion", status: "waiting_shopify", shopifyState: "scheduled", dueAt: new Date(now + 2 * DAY) });
    const later = await shopperRequest({ shop, type: "opt_out", status: "received", law: "ccpa", dueAt: new Date(now + 20 * DAY) });
    const done = await shopperRequest({ shop, type: "correction", status: "completed", dueAt: new Date(now - 5 * DAY) });
    const unconfirmed = await shopperRequest({ shop, type: "access", status: "unverified" });
    const webhook = await app().webhook(
      "customers/data_request",
      { shop_domain: shop, customer: { id: 191167, email: "john@example.com" }, orders_requested: [] },
      { shop },
    );
    expect(webhook.status).toBe(200);
    const shopify = (await prisma().complianceRequest.findFirstOrThrow({ where: { shopDomain: shop, source: "shopify" } })).id;

    const asShop = async (query = "") => (await (await app().api(`/api/compliance/requests${query}`, { shop })).json()) as RequestList;
    const ids = (body: RequestList) => body.requests.map((r) => r.id);
    const all = await asShop();
    // By due date; the guest's unconfirmed request is not a request yet.
    expect(ids(all)).toEqual([done, late, soon, later, shopify]);
    expect(ids(await asShop("?status=unverified"))).toEqual([unconfirmed]);
    const byId = new Map(all.requests.map((r) => [r.id, r]));
    expect(byId.get(late)).toMatchObject({ source: "shopper", type: "access", law: "gdpr", lawName: "GDPR", country: "DE", overdue: true, dueSoon: false });
    expect(byId.get(soon)).toMatchObject({ type: "deletion", shopifyState: "scheduled", overdue: false, dueSoon: true });
    expect(byId.get(later)).toMatchObject({ type: "opt_out", law: "ccpa", lawName: "CCPA/CPRA", region: "CA", extendable: false, dueSoon: false });
    expect(byId.get(done)).toMatchObject({ overdue: false, dueSoon: false });
    expect(byId.get(shopify)).toMatchObject({ source: "shopify", type: null, law: null, topic: "customers/data_request", extendable: false });

    expect(ids(await asShop("?source=shopify"))).toEqual([shopify]);
    expect(ids(await asShop("?source=shopper"))).toEqual([done, late, soon, later]);
    expect(ids(await asShop("?type=deletion"))).toEqual([soon]);
    expect(ids(await asShop("?topic=shopper/opt_out"))).toEqual([later]);
    expect(ids(await asShop("?overdue=1"))).toEqual([late]);
    expect(ids(await asShop("?dueSoon=1"))).toEqual([late, soon]);
    expect((await app().api("/api/compliance/requests?type=everything", { shop })).status).toBe(400);

    // Home counts the same: one overdue, one due within 3 days.
    const home = await (await app().api("/api/home", { shop })).json();
    expect(home.metrics).toMatchObject({ overdueRequests: 1, dueSoonRequests: 1, dueSoonDays: 3, openRequests: 4 });
  });

  it("answers another shop's request with 404, to read and to every action", async () => {
    const theirs = await shopperRequest({ shop: OTHER_SHOP, type: "access", status: "awaiting_merchant", email: "guest@example.com" });
    expect((await app().api(`/api/compliance/requests/${theirs}`)).status).toBe(404);
    for (const [action, body] of [
      ["approve", undefined],
      ["decline", { reason: "We keep invoices for 10 years." }],
      ["extend", { reason: "Many requests this month." }],
      ["cancel-erasure", { reason: "An open dispute on an order." }],
      ["correction", { recorded: "Fixed it" }],
    ] as const) {
      expect((await post(`${theirs}/${action}`, body)).status, action).toBe(404);
    }
    const row = await prisma().complianceRequest.findUniqueOrThrow({ where: { id: theirs } });
    expect(row).toMatchObject({ status: "awaiting_merchant", decision: null, extendedAt: null });
    expect(await prisma().auditEvent.count({ where: { requestId: theirs } })).toBe(0);
    // Its owner sees it.
    expect((await app().api(`/api/compliance/requests/${theirs}`, { shop: OTHER_SHOP })).status).toBe(200);
  });

  it("approve: the request goes back to the worker (its topic's job, queued) once; then there is nothing left to approve", async () => {
    const id = await shopperRequest({ type: "access", status: "awaiting_merchant", customerId: "42" });
    expect((await detail(id)).actions).toMatchObject({ approve: true, decline: true, correction: false, cancelErasure: false });
    const approved = await post(`${id}/approve`);
    expect(approved.status).toBe(200);
    expect(((await approved.json()) as { request: RequestView }).request).toMatchObject({ status: "received", decision: "approved" });
    const job = await prisma().job.findUniqueOrThrow({ where: { requestId: id } });
    expect(job).toMatchObject({ kind: "shopper/access", status: "queued", shopDomain: SHOP });
    const [line] = await auditOf(id, "approved");
    expect(JSON.parse(line!.detail!)).toEqual({ type: "access", again: false });
    // Now with the worker: approving again is refused.
    const again = await post(`${id}/approve`);
    expect(again.status).toBe(409);
    expect((await again.json()).error).toMatch(/not waiting for your approval/);
    // Shopify's own requests are the app's alone.
    const webhook = await app().webhook("customers/redact", { shop_domain: SHOP, customer: { id: 191167, email: "john@example.com" }, orders_to_redact: [] });
    expect(webhook.status).toBe(200);
    const shopifys = await prisma().complianceRequest.findFirstOrThrow({ where: { shopDomain: SHOP, source: "shopify" } });
    expect((await post(`${shopifys.id}/approve`)).status).toBe(409);
  });

  it("decline: needs a reason the shopper reads (3 to 500 characters), then closes the request and tells the shopper", async () => {
    const id = await shopperRequest({ type: "deletion", status: "awaiting_merchant", email: "guest@example.com" });
    for (const body of [undefined, {}, { reason: "" }, { reason: "no" }, { reason: 42 }, { reason: "x".repeat(501) }]) {
      const refused = await post(`${id}/decline`, body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect((await refused.json()).error).toMatch(/reason/i);
    }
    expect((await prisma().complianceRequest.findUniqueOrThrow({ where: { id } })).status).toBe("awaiting_merchant");

    const reason = "We must keep your invoices for 10 years (tax law).";
    const declined = await post(`${id}/decline`, { reason });
    expect(declined.status).toBe(200);
    const row = await prisma().complianceRequest.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ status: "declined", decision: "declined", decisionReason: reason });
    expect(row.completedAt).toBeInstanceOf(Date);
    const [line] = await auditOf(id, "declined");
    expect(line!.detail).not.toContain("invoices");
    // The shopper is told after the commit (no mail server here: the attempt is in the audit trail).
    await waitFor(
      async () => (await prisma().auditEvent.findFirst({ where: { requestId: id, action: { in: ["notice_sent", "notice_failed"] } } }))?.detail,
      5_000,
      "the notice",
    );
    expect((await prisma().auditEvent.findFirstOrThrow({ where: { requestId: id, action: { in: ["notice_sent", "notice_failed"] } } })).detail).toContain(
      "declined",
    );
    // Closed: nothing more to decline or approve.
    expect((await post(`${id}/decline`, { reason })).status).toBe(409);
    expect((await post(`${id}/approve`)).status).toBe(409);
    expect((await list()).requests.find((r) => r.id === id)).toMatchObject({ status: "declined", overdue: false, decisionReason: reason });
  });

  it("extend: once, to the law's limit (GDPR +2 months), with a reason; never where the law gives none", async () => {
    const id = await shopperRequest({ type: "access", status: "received", law: "gdpr", daysAgo: 3 });
    const row = await prisma().complianceRequest.findUniqueOrThrow({ where: { id } });
    const limit = addMonths(row.verifiedAt!, 3);
    expect((await detail(id)).request).toMatchObject({ extendable: true, extendedDueAt: limit.toISOString(), extendedAt: null });
    expect((await post(`${id}/extend`, {})).status).toBe(400);
    const extended = await post(`${id}/extend`, { reason: "We received an unusual number of requests this month." });
    expect(extended.status).toBe(200);
    expect(((await extended.json()) as { request: RequestView }).request).toMatchObject({
      dueAt: limit.toISOString(),
      extendable: false,
      extensionReason: "We received an unusual number of requests this month.",
    });
    const [line] = await auditOf(id, "extended");
    expect(JSON.parse(line!.detail!)).toEqual({ law: "gdpr", from: row.dueAt.toISOString(), to: limit.toISOString() });
    const twice = await post(`${id}/extend`, { reason: "Still busy, sorry." });
    expect(twice.status).toBe(409);
    expect((await prisma().complianceRequest.findUniqueOrThrow({ where: { id } })).dueAt.toISOString()).toBe(limit.toISOString());

    // CCPA: +45 days; an opt-out (15 business days) and a request under no known law: no extension.
    const ccpa = await shopperRequest({ type: "deletion", status: "awaiting_merchant", law: "ccpa" });
    const ccpaRow = await prisma().complianceRequest.findUniqueOrThrow({ where: { id: ccpa } });
    expect((await post(`${ccpa}/extend`, { reason: "We need to check backups." })).status).toBe(200);
    expect((await prisma().complianceRequest.findUniqueOrThrow({ where: { id: ccpa } })).dueAt.getTime()).toBe(ccpaRow.receivedAt.getTime() + 90 * DAY);
    for (const [type, law] of [
      ["opt_out", "ccpa"],
      ["access", "none"],
    ] as const) {
      const other = await shopperRequest({ type, status: "received", law });
      expect((await detail(other)).request.extendable).toBe(false);
      expect((await post(`${other}/extend`, { reason: "We would like more time." })).status).toBe(409);
    }
  });

  it("cancels an erasure within Shopify's waiting period, and shows Shopify's refusal when there is none to cancel", async () => {
    expect(await requestCustomerErasure(app().shopify, SHOP, "42")).toEqual({ ok: true });
    const id = await shopperRequest({ type: "deletion", status: "waiting_shopify", shopifyState: "scheduled", customerId: "42" });
    expect((await detail(id)).actions.cancelErasure).toBe(true);
    const cancelled = await post(`${id}/cancel-erasure`, { reason: "An open dispute on an order." });
    expect(cancelled.status).toBe(200);
    expect(((await cancelled.json()) as { request: RequestView }).request).toMatchObject({ status: "cancelled", shopifyState: "cancelled" });
    expect(
      app()
        .fake.calls.filter((c) => c.shop === SHOP && c.operation === "CancelCustomerErasure")
        .at(-1)!.variables,
    ).toEqual({
      customerId: "gid://shopify/Customer/42",
    });
    expect(await auditOf(id, "erasure_cancelled")).toHaveLength(1);
    expect((await post(`${id}/cancel-erasure`, { reason: "An open dispute on an order." })).status).toBe(409);

    // Shopify has nothing to cancel for 43: its userErrors reach the merchant, and the request stays as it was.
    const other = await shopperRequest({ type: "deletion", status: "waiting_shopify", shopifyState: "scheduled", customerId: "43" });
    const refused = await post(`${other}/cancel-erasure`, { reason: "An open dispute on an order." });
    expect(refused.status).toBe(422);
    const body = await refused.json();
    expect(body.error).toMatch(/^Shopify did not cancel the erasure: /);
    expect(body.details.code).toBeTruthy();
    expect((await prisma().complianceRequest.findUniqueOrThrow({ where: { id: other } })).status).toBe("waiting_shopify");
    expect(await auditOf(other, "erasure_cancel_refused")).toHaveLength(1);
  });

  it("a permission not granted or Shopify failing leaves the request as it was, and says so (403, 502); the detail still opens", async () => {
    const id = await shopperRequest({ type: "deletion", status: "waiting_shopify", shopifyState: "held", customerId: "43" });
    const correction = await shopperRequest({
      type: "correction",
      status: "awaiting_merchant",
      customerId: "42",
      correction: { field: "phone", value: "+44 20 7946 0000", note: "" },
    });
    const granted = app().fake.shopState(SHOP).grantedScopes;
    app().fake.setShopState(SHOP, { grantedScopes: ["write_app_proxy", "read_customers"] });
    try {
      const denied = await post(`${id}/cancel-erasure`, { reason: "An open dispute on an order." });
      expect(denied.status).toBe(403);
      expect((await denied.json()).error).toMatch(/write_customer_data_erasure/);
      const write = await post(`${correction}/correction`, { apply: { phone: "+44 20 7946 0000" } });
      expect(write.status).toBe(403);
    } finally {
      app().fake.setShopState(SHOP, { grantedScopes: granted });
    }
    app().fake.failNext("CustomerContact");
    const shown = await app().api(`/api/compliance/requests/${correction}`);
    expect(shown.status).toBe(200);
    expect(((await shown.json()) as RequestDetail).shopper?.correction).toMatchObject({ customerId: "42", current: null, currentError: expect.any(String) });
    app().fake.failNext("CorrectCustomer");
    expect((await post(`${correction}/correction`, { apply: { phone: "+44 20 7946 0000" } })).status).toBe(502);
    for (const request of [id, correction]) {
      expect((await prisma().complianceRequest.findUniqueOrThrow({ where: { id: request } })).completedAt).toBeNull();
    }
  });

  it("shows a guest's e-mail and a correction beside Shopify's current value, each read in the audit trail without the values", async () => {
    const id = await shopperRequest({
      type: "correction",
      status: "awaiting_merchant",
      email: "ada@example.com",
      correction: { field: "firstName", value: "Augusta Ada", note: "My full first name" },
    });
    const first = await detail(id);
    expect(first.shopper).toEqual({
      email: "ada@example.com",
      correction: {
        field: "firstName",
        value: "Augusta Ada",
        note: "My full first name",
        customerId: "42",
        current: expect.objectContaining({ firstName: "Ada", lastName: "Lovelace", email: "ada@example.com" }),
        currentError: null,
      },
    });
    expect(first.actions).toMatchObject({ correction: true, approve: true });
    await detail(id);
    const reads = await auditOf(id, "details_viewed");
    expect(reads).toHaveLength(2);
    expect(JSON.parse(reads[0]!.detail!)).toEqual({ fields: ["email", "correction", "current_contact"] });
    expect(reads.map((r) => r.detail).join()).not.toMatch(/ada@|Augusta|Lovelace/);
    // The list decrypts nothing.
    await list();
    expect(await auditOf(id, "details_viewed")).toHaveLength(2);
    // The detail's own timeline shows the read that made it.
    expect((await detail(id)).events.filter((e) => e.action === "details_viewed")).toHaveLength(3);
  });

  it("correction: applied through the Admin API, or what the merchant did recorded; either completes it", async () => {
    const id = await shopperRequest({
      type: "correction",
      status: "awaiting_merchant",
      customerId: "191167",
      correction: { field: "lastName", value: "Smyth", note: "" },
    });
    expect((await post(`${id}/correction`, { apply: {} })).status).toBe(400);
    expect((await post(`${id}/correction`, { apply: { email: "not an address" } })).status).toBe(400);
    expect((await post(`${id}/correction`, { apply: { lastName: "Smyth" }, extra: 1 })).status).toBe(400);
    const applied = await post(`${id}/correction`, { apply: { lastName: "Smyth" } });
    expect(applied.status).toBe(200);
    expect(((await applied.json()) as { request: RequestView }).request).toMatchObject({ status: "completed", outcome: { field: "lastName", applied: true } });
    const call = app()
      .fake.calls.filter((c) => c.shop === SHOP && c.operation === "CorrectCustomer")
      .at(-1)!;
    expect(call.variables).toEqual({ input: { id: "gid://shopify/Customer/191167", lastName: "Smyth" } });
    expect(JSON.parse((await auditOf(id, "correction_applied"))[0]!.detail!)).toMatchObject({ fields: ["lastName"], applied: true });
    expect((await post(`${id}/correction`, { recorded: "Changed it by hand" })).status).toBe(409);

    const recorded = await shopperRequest({
      type: "correction",
      status: "awaiting_merchant",
      email: "nobody@example.com",
      correction: { field: "address", value: "1 New Road", note: "" },
    });
    expect((await post(`${recorded}/correction`, { recorded: "" })).status).toBe(400);
    const done = await post(`${recorded}/correction`, { recorded: "Updated the address on the order by hand." });
    expect(done.status).toBe(200);
    expect(((await done.json()) as { request: RequestView }).request).toMatchObject({
      status: "completed",
      decisionReason: "Updated the address on the order by hand.",
      outcome: { field: "address", applied: false, recorded: true },
    });
    // Only a correction has a correction to resolve.
    const access = await shopperRequest({ type: "access", status: "awaiting_merchant" });
    expect((await post(`${access}/correction`, { recorded: "Did something" })).status).toBe(409);
  });

  it("settings: carry out verified requests automatically, per type, saved for this shop only and in the audit trail", async () => {
    const shop = "settings-shop.myshopify.com";
    const get = async (s = shop) => (await app().api("/api/privacy-centre/settings", { shop: s })).json();
    const put = (body: unknown) => app().api("/api/privacy-centre/settings", { method: "PUT", shop, body: JSON.stringify(body) });
    expect(await get()).toEqual({ autoAccess: true, autoDeletion: true, autoOptOut: true, autoCorrection: false });
    const saved = await put({ autoAccess: false, autoDeletion: true, autoOptOut: true, autoCorrection: true });
    expect(saved.status).toBe(200);
    expect(await get()).toEqual({ autoAccess: false, autoDeletion: true, autoOptOut: true, autoCorrection: true });
    expect((await prisma().shop.findUniqueOrThrow({ where: { domain: shop } })).autoAccess).toBe(false);
    expect(await get(OTHER_SHOP)).toEqual({ autoAccess: true, autoDeletion: true, autoOptOut: true, autoCorrection: false });
    expect((await put({ autoAccess: "no", autoDeletion: true, autoOptOut: true, autoCorrection: true })).status).toBe(400);
    expect((await put({ autoAccess: true })).status).toBe(400);
    const line = await prisma().auditEvent.findFirstOrThrow({ where: { shopDomain: shop, action: "privacy_settings_saved" } });
    expect(JSON.parse(line.detail!)).toEqual({ autoAccess: false, autoDeletion: true, autoOptOut: true, autoCorrection: true });
  });
});
