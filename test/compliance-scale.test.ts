import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { samplePayload } from "../web/local/webhook-delivery.js";
import { PROVIDERS, createTestDatabase, type TestDatabase } from "./support/databases.js";
import { seedReceipts, settledRequest, waitFor } from "./support/seed.js";
import { SHOP, startTestApp, type TestApp } from "./support/test-app.js";

const BIG = 100_000;

describe.each(PROVIDERS)("a shop with %s and 100,000 receipts", (provider) => {
  let database: TestDatabase;
  let app: TestApp;

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    app = await startTestApp(database, { JOB_POLL_MS: "100", LOG_LEVEL: "info" });
    await seedReceipts(app.db.prisma, SHOP, BIG);
    await seedReceipts(app.db.prisma, SHOP, 7, "191167");
    await seedReceipts(app.db.prisma, SHOP, 5_500, "424242");
    if (provider === "postgresql") await app.db.prisma.$executeRawUnsafe(`ANALYZE "ConsentReceipt"`);
  }, 180_000);
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it("finds one customer's receipts through the shop+customer index, not a scan", async () => {
    const query = `SELECT "id" FROM "ConsentReceipt" WHERE "shopDomain" = '${SHOP}' AND "customerId" = '191167' LIMIT 1000`;
    const plan =
      provider === "sqlite"
        ? (await app.db.prisma.$queryRawUnsafe<Array<{ detail: string }>>(`EXPLAIN QUERY PLAN ${query}`)).map((r) => r.detail).join("\n")
        : (await app.db.prisma.$queryRawUnsafe<Array<{ "QUERY PLAN": string }>>(`EXPLAIN ${query}`)).map((r) => r["QUERY PLAN"]).join("\n");
    expect(plan).toContain("ConsentReceipt_shopDomain_customerId_createdAt_id_idx");
    expect(plan).not.toMatch(/SCAN "?ConsentReceipt"?\s*$|Seq Scan/m);
  });

  it("acknowledges the redaction webhook and erases exactly that customer's receipts", async () => {
    const res = await app.webhook("customers/redact", samplePayload("customers/redact", { shop: SHOP }));
    expect(res.status).toBe(200);
    const request = await settledRequest(app.db.prisma, SHOP, "customers/redact", 60_000);
    expect(JSON.parse(request.outcome!)).toMatchObject({ receipts: 7 });
    expect(await app.db.prisma.consentReceipt.count({ where: { shopDomain: SHOP } })).toBe(BIG + 5_500);
  });

  it("erases a customer with 5,500 receipts in batches of COMPLIANCE_BATCH_SIZE (1,000), within the driver's limits", async () => {
    const res = await app.webhook("customers/redact", samplePayload("customers/redact", { shop: SHOP, customerId: 424242 }));
    expect(res.status).toBe(200);
    const request = await waitFor(
      () =>
        app.db.prisma.complianceRequest.findFirst({
          where: { shopDomain: SHOP, topic: "customers/redact", status: { in: ["completed", "failed"] }, outcome: { contains: "5500" } },
        }),
      60_000,
      "the 5,500-receipt redaction",
    );
    expect(request.status).toBe("completed");
    expect(JSON.parse(request.outcome!)).toMatchObject({ receipts: 5_500 });
    expect(await app.db.prisma.consentReceipt.count({ where: { shopDomain: SHOP, customerId: "424242" } })).toBe(0);
    expect(await app.db.prisma.consentReceipt.count({ where: { shopDomain: SHOP } })).toBe(BIG);
  });

  it("erases the whole shop (100,000 receipts) on shop/redact and leaves the counts as proof", async () => {
    expect((await app.webhook("shop/redact", samplePayload("shop/redact", { shop: SHOP }))).status).toBe(200);
    const request = await settledRequest(app.db.prisma, SHOP, "shop/redact", 120_000);
    expect(request.status).toBe("completed");
    expect(await app.db.prisma.consentReceipt.count({ where: { shopDomain: SHOP } })).toBe(0);
    const [proof] = await app.db.prisma.erasureRecord.findMany({ where: { shopDomain: SHOP } });
    expect(JSON.parse(proof!.counts)).toMatchObject({ receipts: BIG });
  }, 150_000);
});
