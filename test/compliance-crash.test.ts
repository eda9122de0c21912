import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../web/db/database.js";
import { runMigrations } from "../web/db/migrate.js";
import { deliverWebhook, samplePayload, signedDelivery } from "../web/local/webhook-delivery.js";
import { spawnApp, type ChildApp } from "./support/child-app.js";
import { PROVIDERS, createTestDatabase, type TestDatabase } from "./support/databases.js";
import { seedReceipts, waitFor } from "./support/seed.js";
import { API_KEY, API_SECRET, ENCRYPTION_KEY, SHOP } from "./support/test-app.js";

// The worker runs inside the app process; killing that process with SIGKILL mid-job is the crash.
describe.each(PROVIDERS)("a worker killed mid-job on %s", (provider) => {
  let database: TestDatabase;
  let db: Database;
  const children: ChildApp[] = [];
  const start = () => {
    const child = spawnApp({
      SHOPIFY_API_KEY: API_KEY,
      SHOPIFY_API_SECRET: API_SECRET,
      SHOPIFY_APP_URL: "https://consent-app.example.test",
      ENCRYPTION_KEY,
      DATABASE_URL: database.url,
      APP_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "consent-crash-")),
      PORT: "0",
      JOB_POLL_MS: "100",
      JOB_LEASE_MS: "1500",
      COMPLIANCE_BATCH_SIZE: "200",
      COMPLIANCE_BATCH_PAUSE_MS: "100",
    });
    children.push(child);
    return child;
  };

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    await runMigrations(database.url);
    db = openDatabase(database.url);
    await seedReceipts(db.prisma, SHOP, 4_000, "191167");
    await seedReceipts(db.prisma, SHOP, 100, "555");
  });
  afterAll(async () => {
    for (const child of children) child.child.kill("SIGKILL");
    await db?.close();
    await database?.drop();
  });

  it("resumes the job after a restart and completes it exactly once", async () => {
    const first = start();
    const { port } = (await first.waitForLog((e) => e.msg === "listening")) as { port: number };
    const delivery = signedDelivery("customers/redact", SHOP, samplePayload("customers/redact", { shop: SHOP }), API_SECRET);
    expect((await deliverWebhook(`http://127.0.0.1:${port}/api/webhooks`, delivery)).status).toBe(200);

    const alice = () => db.prisma.consentReceipt.count({ where: { shopDomain: SHOP, customerId: "191167" } });
    await waitFor(
      async () => {
        const left = await alice();
        return left > 0 && left <= 3_400;
      },
      30_000,
      "the redaction to be under way",
    );
    first.child.kill("SIGKILL");
    await first.exited;
    const leftAfterCrash = await alice();
    expect(leftAfterCrash).toBeGreaterThan(0);
    const job = await db.prisma.job.findFirstOrThrow({ where: { shopDomain: SHOP } });
    expect(job.status).toBe("running");

    const second = start();
    await second.waitForLog((e) => e.msg === "listening");
    const done = await waitFor(
      () => db.prisma.complianceRequest.findFirst({ where: { shopDomain: SHOP, status: "completed" } }),
      60_000,
      "the request to complete",
    );

    expect(await alice()).toBe(0);
    // The counts cover both attempts: each batch's count was committed with the batch itself.
    expect(JSON.parse(done.outcome!)).toMatchObject({ receipts: 4_000, customerIdPresent: true });
    expect(await db.prisma.consentReceipt.count({ where: { shopDomain: SHOP, customerId: "555" } })).toBe(100);
    const finished = await db.prisma.job.findUniqueOrThrow({ where: { id: job.id } });
    expect(finished).toMatchObject({ status: "done", attempts: 2 });
    const actions = (await db.prisma.auditEvent.findMany({ where: { requestId: done.id }, orderBy: { createdAt: "asc" } })).map((e) => e.action);
    expect(actions).toEqual(["received", "started", "started", "completed"]);
    second.child.kill("SIGTERM");
    expect(await second.exited).toBe(0);
  });
});
