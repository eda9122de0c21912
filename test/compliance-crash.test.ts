import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../web/db/database.js";
import { runMigrations } from "../web/db/migrate.js";
import { customerRefOf } from "../web/compliance/customer-ref.js";
import { createKeyring } from "../web/security/encryption.js";
import { deliverWebhook, samplePayload, signedDelivery } from "../web/local/webhook-delivery.js";
import { spawnApp, type ChildApp } from "./support/child-app.js";
import { fillShop } from "./support/fill-shop.js";
import { PROVIDERS, createTestDatabase, type TestDatabase } from "./support/databases.js";
import { seedReceipts, waitFor } from "./support/seed.js";
import { API_KEY, API_SECRET, ENCRYPTION_KEY, OTHER_SHOP, SHOP } from "./support/test-app.js";

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

  /** Makes every INSERT into `table` (matching `when`, SQL on NEW) fail until the returned function is called. */
  const holdInserts = async (table: string, when = "TRUE") => {
    const sqlite = provider === "sqlite";
    const statements = sqlite
      ? [`CREATE TRIGGER "hold_${table}" BEFORE INSERT ON "${table}" WHEN ${when} BEGIN SELECT RAISE(ABORT, 'held by the test'); END`]
      : [
          `CREATE FUNCTION "hold_${table}"() RETURNS trigger AS $$ BEGIN IF ${when} THEN RAISE EXCEPTION 'held by the test'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`,
          `CREATE TRIGGER "hold_${table}" BEFORE INSERT ON "${table}" FOR EACH ROW EXECUTE FUNCTION "hold_${table}"()`,
        ];
    for (const sql of statements) await db.prisma.$executeRawUnsafe(sql);
    return () => db.prisma.$executeRawUnsafe(`DROP TRIGGER "hold_${table}"${sqlite ? "" : ` ON "${table}"`}`);
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

  it("a shop/redact killed after its last delete committed, before its completion, still proves what it erased", async () => {
    await fillShop(db.prisma, OTHER_SHOP, { Session: 30, ComplianceRequest: 25, Job: 25, AuditEvent: 75, DataExport: 25, ConsentReceipt: 450 });
    // No retention or consent-regions check job meanwhile: the counts are of the rows filled here.
    await db.prisma.shop.update({ where: { domain: OTHER_SHOP }, data: { retentionRunAt: new Date(), consentPolicyCheckedAt: new Date() } });
    // The completion is held: a trigger refuses the proof, so the job fails after its deletes committed.
    const release = await holdInserts("ErasureRecord");
    const first = start();
    const { port } = (await first.waitForLog((e) => e.msg === "listening")) as { port: number };
    const delivery = signedDelivery("shop/redact", OTHER_SHOP, samplePayload("shop/redact", { shop: OTHER_SHOP }), API_SECRET);
    expect((await deliverWebhook(`http://127.0.0.1:${port}/api/webhooks`, delivery)).status).toBe(200);
    const job = await waitFor(
      () => db.prisma.job.findFirst({ where: { shopDomain: OTHER_SHOP, kind: "shop/redact", lastError: { not: null } } }),
      30_000,
      "the completion to fail",
    );
    first.child.kill("SIGKILL");
    await first.exited;
    expect(await db.prisma.session.count({ where: { shop: OTHER_SHOP } })).toBe(0);
    expect(await db.prisma.erasureRecord.count({ where: { shopDomain: OTHER_SHOP } })).toBe(3);
    await release();

    const second = start();
    await second.waitForLog((e) => e.msg === "listening");
    const done = await waitFor(
      () => db.prisma.complianceRequest.findFirst({ where: { shopDomain: OTHER_SHOP, topic: "shop/redact", status: "completed" } }),
      60_000,
      "the shop/redact to complete",
    );
    const expected = { receipts: 450, sessions: 30, requests: 25, jobs: 25, auditEvents: 75, exports: 25 };
    expect(JSON.parse(done.outcome!)).toMatchObject(expected);
    const proof = await db.prisma.erasureRecord.findFirstOrThrow({ where: { shopDomain: OTHER_SHOP }, orderBy: { completedAt: "desc" } });
    expect(JSON.parse(proof.counts)).toMatchObject(expected);
    expect((await db.prisma.job.findUniqueOrThrow({ where: { id: job.id } })).status).toBe("done");
    second.child.kill("SIGTERM");
    expect(await second.exited).toBe(0);
  });

  it("a customers/redact killed after its deletes committed, before its completion, still counts the exports it erased", async () => {
    const shop = "third-shop.myshopify.com";
    const keyring = createKeyring(Buffer.from(ENCRYPTION_KEY, "hex"));
    await seedReceipts(db.prisma, shop, 300, "191167");
    await fillShop(db.prisma, shop, { DataExport: 4, ConsentReceipt: 0, Job: 0 });
    await db.prisma.dataExport.updateMany({ where: { shopDomain: shop }, data: { customerRef: customerRefOf(keyring, shop, "191167") } });
    await db.prisma.shop.update({ where: { domain: shop }, data: { retentionRunAt: new Date() } }); // no retention job meanwhile
    const release = await holdInserts("AuditEvent", `NEW."action" = 'completed'`);

    const first = start();
    const { port } = (await first.waitForLog((e) => e.msg === "listening")) as { port: number };
    const delivery = signedDelivery("customers/redact", shop, samplePayload("customers/redact", { shop }), API_SECRET);
    expect((await deliverWebhook(`http://127.0.0.1:${port}/api/webhooks`, delivery)).status).toBe(200);
    await waitFor(
      () => db.prisma.job.findFirst({ where: { shopDomain: shop, kind: "customers/redact", lastError: { not: null } } }),
      30_000,
      "the completion to fail",
    );
    first.child.kill("SIGKILL");
    await first.exited;
    expect(await db.prisma.dataExport.count({ where: { shopDomain: shop } })).toBe(0);
    await release();

    const second = start();
    await second.waitForLog((e) => e.msg === "listening");
    const done = await waitFor(
      () => db.prisma.complianceRequest.findFirst({ where: { shopDomain: shop, topic: "customers/redact", status: "completed" } }),
      60_000,
      "the customers/redact to complete",
    );
    expect(JSON.parse(done.outcome!)).toMatchObject({ receipts: 300, exports: 4, customerIdPresent: true });
    second.child.kill("SIGTERM");
    expect(await second.exited).toBe(0);
  });
});
