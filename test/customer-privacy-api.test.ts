import { mkdtempSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_SCOPES, readEnv } from "../web/config/env.js";
import { openIdentity } from "../web/compliance/customer-identity.js";
import { sendCustomersRedact } from "../web/local/fake-shopify/erasure-webhook.js";
import { createFakeShopify } from "../web/local/fake-shopify/fake-shopify.js";
import type { LocalRuntime } from "../web/local/index.js";
import { DEMO_SHOP } from "../web/local/local-secrets.js";
import { signWebhook } from "../web/local/webhook-delivery.js";
import { createLogger } from "../web/logging/logger.js";
import { createKeyring } from "../web/security/encryption.js";
import { startApp, type RunningApp } from "../web/server.js";
import { AdminApiError } from "../web/shopify/admin-graphql.js";
import {
  cancelCustomerErasure,
  customerContact,
  customerDataForExport,
  emailSearchQuery,
  findCustomerIdByEmail,
  lastOrderAt,
  optOutOfDataSale,
  requestCustomerErasure,
  updateCustomerContact,
} from "../web/shopify/customer-privacy-api.js";
import { PROVIDERS } from "./support/databases.js";
import { LogCapture } from "./support/log-capture.js";
import { waitFor } from "./support/seed.js";
import { SHOP, useTestApp } from "./support/test-app.js";

const DAY = 86_400_000;
const ALL_SCOPES = DEFAULT_SCOPES.split(",");
/** A shop that has not (yet) been granted read_all_orders: Shopify shows it the last 60 days of orders. */
const RECENT_ORDERS_ONLY = ALL_SCOPES.filter((s) => s !== "read_all_orders");
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(PROVIDERS)("the Admin API calls for shoppers' privacy rights, against the stand-in Shopify, on %s", (provider) => {
  const context = useTestApp(provider);
  const app = () => context.app;
  const erased: Array<{ shop: string; customerId: number; email: string | null; orderIds: number[] }> = [];
  const grant = (scopes: string[] | undefined) => app().fake.setShopState(SHOP, { grantedScopes: scopes });
  const callsOf = (operation: string) => app().fake.calls.filter((c) => c.shop === SHOP && c.operation === operation);

  beforeAll(async () => {
    // The shop's offline session, as an install makes it.
    expect((await app().api("/api/shop")).status).toBe(200);
    app().fake.setErasureOptions({ erasureDelayMs: 400, onErasure: (shop, customerId, customer) => void erased.push({ shop, customerId, ...customer }) });
  });
  afterAll(() => app()?.fake.close());

  it("finds a customer by e-mail (case aside), and no one for an unknown or crafted address", async () => {
    expect(await findCustomerIdByEmail(app().shopify, SHOP, "Ada@Example.com")).toBe("42");
    expect(await findCustomerIdByEmail(app().shopify, SHOP, "nobody@example.com")).toBeNull();
    // Quotes and search operators stay inside one quoted value: they cannot widen the search.
    const crafted = 'x" OR email:ada@example.com OR email:"y';
    expect(await findCustomerIdByEmail(app().shopify, SHOP, crafted)).toBeNull();
    expect(callsOf("CustomerByEmail").at(-1)!.variables).toEqual({ query: 'email:"x\\" OR email:ada@example.com OR email:\\"y"' });
    expect(emailSearchQuery("a\\b@example.com")).toBe('email:"a\\\\b@example.com"');
  });

  it("exports a customer: profile, marketing consent, addresses, and every page of orders with items and totals", async () => {
    grant(ALL_SCOPES);
    try {
      const before = callsOf("CustomerOrders").length;
      const pack = (await customerDataForExport(app().shopify, SHOP, "42"))!;
      expect(pack.customer).toMatchObject({
        id: "42",
        firstName: "Ada",
        lastName: "Lovelace",
        email: "ada@example.com",
        phone: "+442079460042",
        dataSaleOptOut: false,
        emailMarketing: { state: "SUBSCRIBED", optInLevel: "CONFIRMED_OPT_IN" },
        smsMarketing: { state: "NOT_SUBSCRIBED" },
        defaultAddress: { address1: "12 St James's Square", city: "London", zip: "SW1Y 4JH", countryCode: "GB", country: "United Kingdom" },
      });
      expect(pack.customer.addresses).toHaveLength(1);
      // Twelve orders, ten a page: two calls, oldest first.
      expect(callsOf("CustomerOrders").length - before).toBe(2);
      expect(pack.orders.map((o) => o.name)).toEqual(Array.from({ length: 12 }, (_, i) => `#${1001 + i}`));
      expect(pack.orders[1]).toMatchObject({
        id: "5002",
        lineItems: [
          { title: "Analytical engine punch cards (pack of 100)", quantity: 2 },
          { title: "Brass gear, 40 teeth", quantity: 2 },
        ],
        subtotal: { amount: "39.50", currencyCode: "EUR" },
        total: { amount: "44.40", currencyCode: "EUR" },
        lineItemsTruncated: false,
      });
      expect(Date.parse(pack.orders[0]!.createdAt)).toBeLessThan(Date.parse(pack.orders[11]!.createdAt));
    } finally {
      grant(undefined);
    }
    expect(await customerDataForExport(app().shopify, SHOP, "999999")).toBeNull();
  });

  it("sees only the last 60 days of orders without read_all_orders, as Shopify", async () => {
    grant(RECENT_ORDERS_ONLY);
    try {
      expect((await customerDataForExport(app().shopify, SHOP, "42"))!.orders).toEqual([]);
      expect(await lastOrderAt(app().shopify, SHOP, "42")).toBeNull(); // older than 60 days: out of sight
      const grace = (await customerDataForExport(app().shopify, SHOP, "gid://shopify/Customer/43"))!;
      expect(grace.orders.map((o) => o.name)).toEqual(["#2002"]);
      expect(grace.customer.smsMarketing).toMatchObject({ state: "SUBSCRIBED" });
    } finally {
      grant(undefined);
    }
  });

  it("reads the correctable fields and writes a correction (name, e-mail, phone, default address)", async () => {
    expect(await customerContact(app().shopify, SHOP, "191167")).toEqual({
      firstName: "John",
      lastName: "Smith",
      email: "john@example.com",
      phone: "+15556251199",
      address: { address1: "150 Elgin Street", address2: "8th floor", city: "Ottawa", provinceCode: "ON", zip: "K2P 1L4", countryCode: "CA" },
    });
    const change = {
      firstName: "Johnny",
      phone: "+15556250000",
      address: { address1: "1 Wellington Street", address2: null, city: "Ottawa", provinceCode: "ON", zip: "K1A 0A9", countryCode: "CA" },
    };
    expect(await updateCustomerContact(app().shopify, SHOP, "191167", change)).toEqual({ ok: true });
    expect(await customerContact(app().shopify, SHOP, "191167")).toEqual({ ...change, lastName: "Smith", email: "john@example.com" });
    expect(callsOf("CorrectCustomer").at(-1)!.variables).toEqual({
      input: { id: "gid://shopify/Customer/191167", firstName: "Johnny", phone: "+15556250000" },
    });
    expect(callsOf("CorrectCustomerAddress").at(-1)!.variables).toMatchObject({
      customerId: "gid://shopify/Customer/191167",
      addressId: expect.stringMatching(/MailingAddress\/19116701/),
    });
    expect(await customerContact(app().shopify, SHOP, "999999")).toBeNull();
  });

  it("surfaces Shopify's refusals of a correction as userErrors, changing nothing", async () => {
    expect(await updateCustomerContact(app().shopify, SHOP, "191167", { email: "grace@example.com" })).toEqual({
      ok: false,
      code: "INVALID",
      message: "Email has already been taken",
    });
    expect(await updateCustomerContact(app().shopify, SHOP, "191167", { email: "not an address" })).toMatchObject({ ok: false, message: "Email is invalid" });
    expect((await customerContact(app().shopify, SHOP, "191167"))!.email).toBe("john@example.com");
    expect(await updateCustomerContact(app().shopify, SHOP, "999999", { firstName: "X" })).toMatchObject({ ok: false, message: "Customer does not exist" });
  });

  it("holds an erasure for a customer with an order in the last 180 days: no redact", async () => {
    const last = await lastOrderAt(app().shopify, SHOP, "43");
    expect(Math.round((Date.now() - last!.getTime()) / DAY)).toBe(20);
    expect(await requestCustomerErasure(app().shopify, SHOP, "43")).toEqual({ ok: true });
    expect(app().fake.erasureOf(SHOP, 43)).toMatchObject({ state: "held", by: "app", erasesAt: null });
    await sleep(700);
    expect(erased.filter((e) => e.customerId === 43)).toEqual([]);
    expect(await customerContact(app().shopify, SHOP, "43")).not.toBeNull();
  });

  it("schedules an erasure otherwise: after the delay the customer is gone and the erasure callback fires once", async () => {
    expect(Date.now() - (await lastOrderAt(app().shopify, SHOP, "42"))!.getTime()).toBeGreaterThan(180 * 24 * 3600_000);
    expect(await requestCustomerErasure(app().shopify, SHOP, "42")).toEqual({ ok: true });
    expect(app().fake.erasureOf(SHOP, 42)).toMatchObject({ state: "scheduled", by: "app" });
    expect(callsOf("RequestCustomerErasure").at(-1)!.variables).toEqual({ customerId: "gid://shopify/Customer/42" });
    await waitFor(async () => erased.some((e) => e.customerId === 42), 5_000, "the erasure");
    expect(erased.filter((e) => e.customerId === 42)).toEqual([
      { shop: SHOP, customerId: 42, email: "ada@example.com", phone: "+442079460042", orderIds: Array.from({ length: 12 }, (_, i) => 5001 + i) },
    ]);
    expect(await findCustomerIdByEmail(app().shopify, SHOP, "ada@example.com")).toBeNull();
    expect(await customerDataForExport(app().shopify, SHOP, "42")).toBeNull();
    expect(await requestCustomerErasure(app().shopify, SHOP, "42")).toEqual({ ok: false, code: "DOES_NOT_EXIST", message: "Customer does not exist" });
    expect(await cancelCustomerErasure(app().shopify, SHOP, "42")).toMatchObject({ ok: false, code: "DOES_NOT_EXIST" });
  });

  it("cancels an erasure within the window: nothing is erased; a second cancel is NOT_BEING_ERASED", async () => {
    app().fake.setErasureOptions({ erasureDelayMs: 600 });
    expect(await requestCustomerErasure(app().shopify, SHOP, "191167")).toEqual({ ok: true });
    expect(await cancelCustomerErasure(app().shopify, SHOP, "191167")).toEqual({ ok: true });
    expect(app().fake.erasureOf(SHOP, 191167)).toBeUndefined();
    await sleep(900);
    expect(erased.filter((e) => e.customerId === 191167)).toEqual([]);
    expect(await customerContact(app().shopify, SHOP, "191167")).not.toBeNull();
    expect(await cancelCustomerErasure(app().shopify, SHOP, "191167")).toEqual({
      ok: false,
      code: "NOT_BEING_ERASED",
      message: "Customer's data is not scheduled for erasure",
    });
  });

  it("refuses to cancel an erasure that staff asked for in Shopify's admin (UNAUTHORIZED_CANCELLATION)", async () => {
    app().fake.setErasureOptions({ erasureDelayMs: 60_000 });
    expect(app().fake.requestErasureAsStaff(SHOP, 191167)).toMatchObject({ state: "scheduled", by: "staff" });
    expect(await cancelCustomerErasure(app().shopify, SHOP, "191167")).toMatchObject({ ok: false, code: "UNAUTHORIZED_CANCELLATION" });
    // Staff cancel it in the admin.
    expect(app().fake.cancelErasureAsStaff(SHOP, 191167)).toBe(true);
    expect(app().fake.erasureOf(SHOP, 191167)).toBeUndefined();
  });

  it("records a sale-of-data opt-out on the customer, and answers a null customer for an unknown e-mail", async () => {
    expect(await optOutOfDataSale(app().shopify, SHOP, "GRACE@example.com ")).toEqual({ ok: true, customerId: "43" });
    expect((await customerDataForExport(app().shopify, SHOP, "43"))!.customer.dataSaleOptOut).toBe(true);
    expect(callsOf("OptOutOfDataSale").at(-1)!.variables).toEqual({ email: "GRACE@example.com" });
    expect(await optOutOfDataSale(app().shopify, SHOP, "stranger@example.com")).toEqual({ ok: true, customerId: null });
    expect(await optOutOfDataSale(app().shopify, SHOP, "no-at-sign")).toEqual({ ok: false, code: "FAILED", message: "Data sale opt out failed." });
  });

  it("throws AdminApiError access_denied for a scope the shop has not granted, or a staff permission that does not apply", async () => {
    const denied = async (call: Promise<unknown>, scope: string) => {
      const error = await call.then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(AdminApiError);
      expect(error).toMatchObject({ kind: "access_denied", message: expect.stringContaining(scope) });
    };
    try {
      grant(ALL_SCOPES.filter((s) => s !== "write_customer_data_erasure"));
      await denied(requestCustomerErasure(app().shopify, SHOP, "43"), "write_customer_data_erasure");
      await denied(cancelCustomerErasure(app().shopify, SHOP, "43"), "write_customer_data_erasure");
      grant(ALL_SCOPES.filter((s) => s !== "write_privacy_settings"));
      await denied(optOutOfDataSale(app().shopify, SHOP, "grace@example.com"), "write_privacy_settings");
      grant(ALL_SCOPES.filter((s) => !/_customers$/.test(s)));
      await denied(findCustomerIdByEmail(app().shopify, SHOP, "grace@example.com"), "read_customers");
      await denied(customerContact(app().shopify, SHOP, "43"), "read_customers");
      grant(ALL_SCOPES.filter((s) => s !== "write_customers"));
      // Reading needs only read_customers; writing needs write_customers.
      expect(await customerContact(app().shopify, SHOP, "43")).not.toBeNull();
      await denied(updateCustomerContact(app().shopify, SHOP, "43", { firstName: "G" }), "write_customers");
      grant(ALL_SCOPES.filter((s) => s !== "read_orders"));
      await denied(customerDataForExport(app().shopify, SHOP, "43"), "read_orders");
      await denied(lastOrderAt(app().shopify, SHOP, "43"), "read_orders");
      grant(undefined);
      app().fake.setShopState(SHOP, { staffMayErase: false });
      await denied(requestCustomerErasure(app().shopify, SHOP, "191167"), "write_customer_data_erasure");
    } finally {
      grant(undefined);
      app().fake.setShopState(SHOP, { staffMayErase: true });
    }
  });

  it("stamps every call it answers with when (ISO)", () => {
    const graphql = app().fake.calls.filter((c) => c.kind === "graphql");
    expect(graphql.length).toBeGreaterThan(10);
    for (const call of graphql) expect(call.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it("stores the scopes of app/scopes_update on the shop's offline session, and refuses a payload without them", async () => {
    const session = () => app().db.prisma.session.findFirst({ where: { shop: SHOP, isOnline: false }, select: { scope: true } });
    const current = ALL_SCOPES;
    const res = await app().webhook("app/scopes_update", {
      id: 1,
      shop_id: 954889,
      previous: RECENT_ORDERS_ONLY,
      current,
      updated_at: new Date().toISOString(),
    });
    expect(res.status).toBe(200);
    expect((await session())!.scope).toBe(current.join(","));
    const bad = await app().webhook("app/scopes_update", { previous: RECENT_ORDERS_ONLY, current: "read_customers" });
    expect(bad.status).toBe(400);
    expect((await session())!.scope).toBe(current.join(","));
    // The session still works for the Admin API.
    expect(await findCustomerIdByEmail(app().shopify, SHOP, "grace@example.com")).toBe("43");
  });
});

describe("the stand-in Shopify's erasures across a restart", () => {
  it("resumes a scheduled erasure from its state file, and the customer stays gone", async () => {
    const statePath = path.join(mkdtempSync(path.join(os.tmpdir(), "fake-shopify-")), "state.json");
    const options = { apiKey: "k", apiSecret: "s", scopes: ALL_SCOPES, statePath };
    const first = createFakeShopify({ ...options, erasureDelayMs: 300 });
    expect(first.requestErasureAsStaff("a-shop.myshopify.com", 42)).toMatchObject({ state: "scheduled" });
    first.close();
    const seen: number[] = [];
    const second = createFakeShopify({ ...options, onErasure: (_shop, id) => void seen.push(id) });
    await waitFor(async () => seen.length > 0, 5_000, "the resumed erasure");
    expect(seen).toEqual([42]);
    second.close();
    const third = createFakeShopify(options);
    expect(third.customersOf("a-shop.myshopify.com")["42"]).toBeUndefined();
    expect(third.customersOf("a-shop.myshopify.com")["43"]).toMatchObject({ firstName: "Grace" });
    expect(third.erasureOf("a-shop.myshopify.com", 42)).toBeUndefined();
  });
});

describe("the stand-in Shopify's customers/redact after an erasure", () => {
  it("is signed, names the customer and their orders, and is retried with the same webhook id until the app takes it", async () => {
    const received: Array<{ status: number; webhookId: string; valid: boolean; body: Record<string, unknown> }> = [];
    const server = http.createServer((req, res) => {
      let raw = "";
      req.on("data", (chunk) => (raw += chunk));
      req.on("end", () => {
        const status = received.length === 0 ? 503 : 200;
        received.push({
          status,
          webhookId: String(req.headers["x-shopify-webhook-id"]),
          valid: req.headers["x-shopify-hmac-sha256"] === signWebhook(raw, "secret") && req.headers["x-shopify-topic"] === "customers/redact",
          body: JSON.parse(raw),
        });
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    let url = ""; // not listening yet, as when an erasure resumes at start
    const send = sendCustomersRedact({ apiSecret: "secret", appUrl: () => url, logger: createLogger("error", new LogCapture()), retryMs: 50 });
    const sent = send("a-shop.myshopify.com", 42, { email: "ada@example.com", phone: null, orderIds: [5001, 5002] });
    await sleep(20);
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await sent;
    server.close();
    expect(received.map((r) => r.status)).toEqual([503, 200]);
    expect(received.every((r) => r.valid && r.webhookId === received[0]!.webhookId)).toBe(true);
    expect(received[1]!.body).toMatchObject({
      shop_domain: "a-shop.myshopify.com",
      customer: { id: 42, email: "ada@example.com", phone: null },
      orders_to_redact: [5001, 5002],
    });
  });
});

describe("local mode: the stand-in Shopify's calls and its customers/redact after an erasure", () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "consent-local-erasure-"));
  let app: RunningApp;

  beforeAll(async () => {
    app = await startApp(readEnv({ APP_DATA_DIR: dataDir, PORT: "0", LOCAL_ERASURE_DELAY_MS: "300", JOB_POLL_MS: "100" }), {
      logger: createLogger("info", new LogCapture()),
      host: "127.0.0.1",
    });
  });
  afterAll(async () => {
    await app?.close();
  });

  it("lists the Admin API calls newest first at /local/shopify/calls.json, and sends customers/redact after LOCAL_ERASURE_DELAY_MS", async () => {
    expect(await requestCustomerErasure(app.shopify, DEMO_SHOP, "42")).toEqual({ ok: true });
    expect(await findCustomerIdByEmail(app.shopify, DEMO_SHOP, "grace@example.com")).toBe("43");
    const res = await fetch(`${app.url}/local/shopify/calls.json`);
    expect(res.status).toBe(200);
    const calls = (await res.json()) as Array<{ operationName: string; variables: Record<string, unknown>; at: string }>;
    expect(calls.slice(0, 2)).toEqual([
      { operationName: "CustomerByEmail", variables: { query: 'email:"grace@example.com"' }, at: expect.any(String) },
      { operationName: "RequestCustomerErasure", variables: { customerId: "gid://shopify/Customer/42" }, at: expect.any(String) },
    ]);
    expect(Date.parse(calls[0]!.at)).toBeGreaterThanOrEqual(Date.parse(calls[1]!.at));
    expect(calls.every((c) => typeof c.operationName === "string")).toBe(true);

    // Shopify's waiting period (300 ms here) passes: the customer is erased and the app receives customers/redact for 42.
    const request = await waitFor(
      () => app.db.prisma.complianceRequest.findFirst({ where: { shopDomain: DEMO_SHOP, topic: "customers/redact" } }),
      10_000,
      "customers/redact from the stand-in Shopify",
    );
    const keyring = createKeyring((app.local as LocalRuntime).encryptionKey);
    expect(openIdentity(keyring, request.id, request.customerIdentity)).toEqual({
      customerId: "42",
      orderIds: Array.from({ length: 12 }, (_, i) => String(5001 + i)),
    });
    expect((app.local as LocalRuntime).fake.customersOf(DEMO_SHOP)["42"]).toBeUndefined();
  });
});
