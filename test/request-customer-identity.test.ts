import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clearExpiredIdentities } from "../web/compliance/customer-identity.js";
import { samplePayload } from "../web/local/webhook-delivery.js";
import { PROVIDERS, createTestDatabase, type TestDatabase } from "./support/databases.js";
import { seedReceipts, settledRequest, waitFor } from "./support/seed.js";
import { SHOP, startTestApp, type TestApp } from "./support/test-app.js";

const CUSTOMER = "191167"; // the customer of Shopify's sample payloads
const DAY = 24 * 3600 * 1000;

// Who asked: Shopify's customer id and order ids are kept encrypted with the request while it is open and
// for 30 days after it completes (shown to the merchant), then cleared, leaving only the pseudonym.
describe.each(PROVIDERS)("a privacy request's customer on %s", (provider) => {
  let database: TestDatabase;
  let app: TestApp;

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    app = await startTestApp(database, { JOB_POLL_MS: "100" });
    expect((await app.api("/api/shop")).status).toBe(200);
    await seedReceipts(app.db.prisma, SHOP, 2, CUSTOMER);
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const viewOf = async (id: string) => (await (await app.api("/api/compliance/requests")).json()).requests.find((r: { id: string }) => r.id === id);

  it("shows the Shopify customer id and order ids, stored only as ciphertext bound to the request", async () => {
    expect((await app.webhook("customers/data_request", samplePayload("customers/data_request", { shop: SHOP }))).status).toBe(200);
    const request = await settledRequest(app.db.prisma, SHOP, "customers/data_request");
    expect(request.customerIdentity).toMatch(/^enc:v1:/);
    expect(request.customerIdentity).not.toContain(CUSTOMER);
    const view = await viewOf(request.id);
    expect(view.shopifyCustomer).toEqual({ id: CUSTOMER, orderIds: ["299938", "280263", "220458"] });
    expect(view.customer).toMatch(/^[0-9a-f]{12}$/);

    // Copied onto another request, the ciphertext does not open there.
    const other = await app.webhook("customers/redact", { ...samplePayload("customers/redact", { shop: SHOP }), customer: null });
    expect(other.status).toBe(200);
    const redact = await settledRequest(app.db.prisma, SHOP, "customers/redact");
    expect(redact.customerIdentity).toBeNull();
    await app.db.prisma.complianceRequest.update({ where: { id: redact.id }, data: { customerIdentity: request.customerIdentity } });
    expect((await viewOf(redact.id)).shopifyCustomer).toBeNull();
  });

  it("the data export has a readable summary beside the JSON: what it holds and how to send it", async () => {
    const request = await settledRequest(app.db.prisma, SHOP, "customers/data_request");
    const detail = await (await app.api(`/api/compliance/requests/${request.id}`)).json();
    expect(detail.exportSummary).toContain(`Data export for Shopify customer ${CUSTOMER}, ${SHOP}`);
    expect(detail.exportSummary).toMatch(/2 consent choices the customer made/);
    expect(detail.exportSummary).toContain("299938, 280263, 220458");
    expect(detail.exportSummary).toContain("How to send it to the customer");
    const summary = await app.api(`/api/compliance/exports/${detail.request.export.id}/summary`);
    expect(summary.status).toBe(200);
    expect(summary.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(summary.headers.get("content-disposition")).toMatch(/attachment; filename="customer-data-.+-summary\.txt"/);
    expect(await summary.text()).toBe(detail.exportSummary);
    expect((await app.api("/api/compliance/exports/nope/summary")).status).toBe(404);
  });

  it("clears the customer id and order ids 30 days after completion; the pseudonym stays", async () => {
    const request = await settledRequest(app.db.prisma, SHOP, "customers/data_request");
    const completedAt = request.completedAt!;
    // 29 days after completion: still shown.
    expect(await clearExpiredIdentities(app.db.prisma, new Date(completedAt.getTime() + 29 * DAY))).toBe(0);
    expect((await viewOf(request.id)).shopifyCustomer?.id).toBe(CUSTOMER);
    // 31 days after: cleared, only the pseudonym remains.
    expect(await clearExpiredIdentities(app.db.prisma, new Date(completedAt.getTime() + 31 * DAY))).toBeGreaterThanOrEqual(1);
    const row = await app.db.prisma.complianceRequest.findUniqueOrThrow({ where: { id: request.id } });
    expect(row.customerIdentity).toBeNull();
    expect(row.customerRef).toBe(request.customerRef);
    const view = await viewOf(request.id);
    expect(view.shopifyCustomer).toBeNull();
    expect(view.customer).toBe(request.customerRef!.slice(0, 12));
  });

  it("customers/redact clears the customer's ids on their earlier requests and keeps its own until 30 days after it completes", async () => {
    const earlier = await settledRequest(app.db.prisma, SHOP, "customers/data_request");
    await app.db.prisma.complianceRequest.update({ where: { id: earlier.id }, data: { customerIdentity: null } });
    expect((await app.webhook("customers/data_request", { ...samplePayload("customers/data_request", { shop: SHOP }), data_request: { id: 77 } })).status).toBe(
      200,
    );
    const asked = await waitForIdentity(earlier.id);
    expect((await app.webhook("customers/redact", { ...samplePayload("customers/redact", { shop: SHOP }), orders_to_redact: ["299938"] })).status).toBe(200);
    const redact = await waitForCompleted("customers/redact", asked.customerRef!);
    expect((await app.db.prisma.complianceRequest.findUniqueOrThrow({ where: { id: asked.id } })).customerIdentity).toBeNull();
    expect(redact.customerIdentity).toMatch(/^enc:v1:/);
    expect((await viewOf(redact.id)).shopifyCustomer).toEqual({ id: CUSTOMER, orderIds: ["299938"] });
  });

  /** The customer's data request recorded after `before` (its ids still kept). */
  async function waitForIdentity(before: string) {
    let found: Awaited<ReturnType<typeof app.db.prisma.complianceRequest.findFirst>> = null;
    await waitFor(
      async () => {
        found = await app.db.prisma.complianceRequest.findFirst({
          where: { shopDomain: SHOP, topic: "customers/data_request", id: { not: before }, customerIdentity: { not: null } },
        });
        return found !== null;
      },
      10_000,
      "the data request to be recorded",
    );
    return found!;
  }

  /** The topic's request for the customer that completed with its ids still kept. */
  async function waitForCompleted(topic: string, customerRef: string) {
    let found: Awaited<ReturnType<typeof app.db.prisma.complianceRequest.findFirst>> = null;
    await waitFor(
      async () => {
        found = await app.db.prisma.complianceRequest.findFirst({
          where: { shopDomain: SHOP, topic, customerRef, status: "completed", customerIdentity: { not: null } },
        });
        return found !== null;
      },
      20_000,
      `${topic} to complete`,
    );
    return found!;
  }
});
