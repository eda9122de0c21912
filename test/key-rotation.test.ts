import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { samplePayload } from "../web/local/webhook-delivery.js";
import { PROVIDERS, createTestDatabase, type TestDatabase } from "./support/databases.js";
import { seedReceipts, settledRequest } from "./support/seed.js";
import { ENCRYPTION_KEY, SHOP, startTestApp, type TestApp } from "./support/test-app.js";

const NEW_KEY = "b".repeat(64);

describe.each(PROVIDERS)("an ENCRYPTION_KEY rotation on %s", (provider) => {
  let database: TestDatabase;
  let app: TestApp | undefined;

  beforeAll(async () => {
    database = await createTestDatabase(provider);
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it("still finds a customer's export made under the previous key when the customer is erased", async () => {
    app = await startTestApp(database, { JOB_POLL_MS: "100" });
    await seedReceipts(app.db.prisma, SHOP, 3, "191167");
    expect((await app.webhook("customers/data_request", samplePayload("customers/data_request", { shop: SHOP }))).status).toBe(200);
    expect((await settledRequest(app.db.prisma, SHOP, "customers/data_request")).status).toBe("completed");
    expect(await app.db.prisma.dataExport.count({ where: { shopDomain: SHOP } })).toBe(1);
    await app.close();

    app = await startTestApp(database, { JOB_POLL_MS: "100", ENCRYPTION_KEY: NEW_KEY, ENCRYPTION_KEYS_PREVIOUS: ENCRYPTION_KEY });
    expect((await app.webhook("customers/redact", samplePayload("customers/redact", { shop: SHOP }))).status).toBe(200);
    const request = await settledRequest(app.db.prisma, SHOP, "customers/redact");
    expect(JSON.parse(request.outcome!)).toEqual({ receipts: 3, exports: 1, customerIdPresent: true });
    expect(await app.db.prisma.dataExport.count({ where: { shopDomain: SHOP } })).toBe(0);
  });
});
