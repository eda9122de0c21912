import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { samplePayload } from "../web/local/webhook-delivery.js";
import { PROVIDERS, createTestDatabase, type TestDatabase } from "./support/databases.js";
import { seedReceipts, waitFor } from "./support/seed.js";
import { SHOP, startTestApp, type TestApp } from "./support/test-app.js";

const CUSTOMERS = Array.from({ length: 24 }, (_, i) => 7000 + i);

describe.each(PROVIDERS)("two app instances sharing one %s database", (provider) => {
  let database: TestDatabase;
  const apps: TestApp[] = [];

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    for (let i = 0; i < 2; i++) apps.push(await startTestApp(database, { JOB_POLL_MS: "20" }));
    for (const customer of CUSTOMERS) await seedReceipts(apps[0]!.db.prisma, SHOP, 5, String(customer));
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await database?.drop();
  });

  it("never run the same job twice", async () => {
    const responses = await Promise.all(
      CUSTOMERS.map((customerId, i) => apps[i % 2]!.webhook("customers/redact", samplePayload("customers/redact", { shop: SHOP, customerId }))),
    );
    expect(responses.map((r) => r.status)).toEqual(CUSTOMERS.map(() => 200));
    const prisma = apps[0]!.db.prisma;
    await waitFor(
      async () => (await prisma.complianceRequest.count({ where: { status: "completed" } })) === CUSTOMERS.length,
      60_000,
      "all requests to complete",
    );

    const events = await prisma.auditEvent.findMany({ where: { action: { in: ["started", "completed"] } } });
    const requests = await prisma.complianceRequest.findMany();
    for (const request of requests) {
      const mine = events.filter((e) => e.requestId === request.id);
      expect(mine.map((e) => e.action).sort()).toEqual(["completed", "started"]);
      expect(JSON.parse(request.outcome!).receipts).toBe(5);
    }
    expect(await prisma.job.count({ where: { status: "done", attempts: 1 } })).toBe(CUSTOMERS.length);
    expect(await prisma.consentReceipt.count()).toBe(0);
  });
});
