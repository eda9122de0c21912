import { Prisma } from "@prisma/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATA_INVENTORY, EXPORT_DAYS, RECEIPT_DAYS_AT_MOST, inventoryEntries, type ModelName } from "../web/data-inventory/data-inventory.js";
import { purgePastRetention } from "../web/data-inventory/housekeeping.js";
import { RETENTION_JOB, RETENTION_MONTHS, retentionCutoff, scheduleRetention } from "../web/consent/retention.js";
import { samplePayload } from "../web/local/webhook-delivery.js";
import { PROVIDERS, createTestDatabase, type TestDatabase } from "./support/databases.js";
import { fillShop } from "./support/fill-shop.js";
import { settledRequest, waitFor } from "./support/seed.js";
import { OTHER_SHOP, SHOP, startTestApp, type TestApp } from "./support/test-app.js";

const models = Prisma.dmmf.datamodel.models;
const fieldsOf = (model: string) => new Set(models.find((m) => m.name === model)!.fields.map((f) => f.name));

describe("the data inventory", () => {
  it("has an entry for every model of the schema, and none for a model it does not have", () => {
    expect(Object.keys(DATA_INVENTORY).sort()).toEqual(models.map((m) => m.name).sort());
  });

  it("names only columns its model has, and says in words what, why, how long and how protected", () => {
    for (const [model, entry] of inventoryEntries()) {
      const fields = fieldsOf(model);
      const { shopRedact, customerRedact, retention, uninstall } = entry.erasure;
      const columns = [
        entry.shopColumn,
        shopRedact.action === "delete-except-own-request" ? shopRedact.ownRequestColumn : undefined,
        customerRedact.action === "keep" ? undefined : customerRedact.match.column,
        ...(customerRedact.action === "clear" ? customerRedact.columns : []),
        retention.action === "keep" ? undefined : retention.column,
        retention.action === "delete-after-days" ? retention.onlyWithout : undefined,
      ].filter((c): c is string => c !== undefined);
      for (const column of columns) expect(fields, `${model}.${column}`).toContain(column);
      for (const text of [
        entry.holds,
        entry.purpose,
        entry.retention.words,
        entry.security.words,
        shopRedact.words,
        customerRedact.words,
        retention.words,
        uninstall.words,
      ])
        expect(text.length, model).toBeGreaterThan(3);
      if (entry.personalData.length) expect(entry.dataSubjects.length, model).toBeGreaterThan(0);
      if (entry.retention.days !== null) expect(entry.retention.days, model).toBeGreaterThan(0);
      // A batched delete goes by "id".
      if ((shopRedact.action === "delete" && shopRedact.batched) || (customerRedact.action === "delete" && customerRedact.batched))
        expect(fields).toContain("id");
    }
  });

  it("states the longest a receipt can be kept, and the export period data requests use", () => {
    const now = new Date();
    const longest = (now.getTime() - retentionCutoff(RETENTION_MONTHS.max, now).getTime()) / (24 * 3600 * 1000);
    expect(RECEIPT_DAYS_AT_MOST).toBeGreaterThanOrEqual(longest);
    expect(RECEIPT_DAYS_AT_MOST).toBeLessThan(longest + 2);
    expect(DATA_INVENTORY.ConsentReceipt.retention.days).toBe(RECEIPT_DAYS_AT_MOST);
    expect(DATA_INVENTORY.DataExport.retention.days).toBe(EXPORT_DAYS);
  });

  it("keeps nothing of an erased shop but its proof: only ErasureRecord is kept by shop/redact", () => {
    const kept = inventoryEntries().filter(([, e]) => e.erasure.shopRedact.action === "keep");
    expect(kept.map(([m]) => m)).toEqual(["ErasureRecord"]);
  });
});

describe.each(PROVIDERS)("erasures driven by the data inventory on %s", (provider) => {
  let database: TestDatabase;
  let app: TestApp;
  const countOf = (model: ModelName, shop: string, where: Record<string, unknown> = {}) =>
    (app.db.prisma as unknown as Record<string, { count(a: unknown): Promise<number> }>)[model[0]!.toLowerCase() + model.slice(1)]!.count({
      where: { [DATA_INVENTORY[model].shopColumn]: shop, ...where },
    });
  const countsOf = async (shop: string) => Object.fromEntries(await Promise.all(inventoryEntries().map(async ([m]) => [m, await countOf(m, shop)] as const)));

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    app = await startTestApp(database, { JOB_POLL_MS: "100", COMPLIANCE_BATCH_SIZE: "2" });
    for (const shop of [SHOP, OTHER_SHOP]) await fillShop(app.db.prisma, shop);
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it("shop/redact leaves of the shop only its ErasureRecords and its own request, and the other shop untouched", async () => {
    const before = await countsOf(SHOP);
    for (const [model, count] of Object.entries(before)) expect(count, `${model} filled`).toBeGreaterThan(0);
    const others = await countsOf(OTHER_SHOP);

    expect((await app.webhook("shop/redact", samplePayload("shop/redact", { shop: SHOP }))).status).toBe(200);
    const request = await settledRequest(app.db.prisma, SHOP, "shop/redact");
    expect(request.status).toBe("completed");

    const after = await countsOf(SHOP);
    const left = Object.fromEntries(Object.entries(after).filter(([, n]) => n > 0));
    expect(left).toEqual({ ErasureRecord: before.ErasureRecord! + 1, ComplianceRequest: 1, Job: 1, AuditEvent: after.AuditEvent });
    expect(await countOf("ComplianceRequest", SHOP, { id: request.id })).toBe(1);
    expect(await countOf("Job", SHOP, { requestId: request.id })).toBe(1);
    expect(await countOf("AuditEvent", SHOP, { requestId: request.id })).toBe(after.AuditEvent);
    expect(await countsOf(OTHER_SHOP)).toEqual(others);

    const proof = await app.db.prisma.erasureRecord.findFirstOrThrow({ where: { shopDomain: SHOP }, orderBy: { completedAt: "desc" } });
    const counts = JSON.parse(proof.counts) as Record<string, number>;
    // The jobs: the three filled, and the retention run housekeeping may have queued for the shop meanwhile.
    expect(counts.jobs).toBeGreaterThanOrEqual(3);
    expect(counts).toEqual({
      receipts: 3,
      dailyStats: 3,
      leakDays: 3,
      leakSigns: 3,
      exports: 3,
      trackerChoices: 3,
      settingsVersions: 3,
      sessions: 3,
      jobs: counts.jobs,
      auditEvents: 3,
      requests: 3,
      shops: 1,
    });
  });

  it("housekeeping purges finished jobs and audit lines outside a request's trail past the inventory's days, nothing else", async () => {
    const old = new Date(Date.now() - 400 * 24 * 3600 * 1000);
    const prisma = app.db.prisma;
    await prisma.job.updateMany({ where: { shopDomain: OTHER_SHOP }, data: { finishedAt: old } });
    await prisma.job.create({ data: { shopDomain: OTHER_SHOP, kind: "consent/retention", status: "queued" } });
    await prisma.auditEvent.updateMany({ where: { shopDomain: OTHER_SHOP }, data: { createdAt: old } });
    const trail = await countOf("AuditEvent", OTHER_SHOP, { requestId: { not: null } });
    expect(trail).toBeGreaterThan(0);

    // In bounded batches (two rows a statement here): every row past its days goes all the same.
    const purged = await purgePastRetention(prisma, new Date(), 2);
    expect(purged).toMatchObject({ Job: 3, AuditEvent: 1 });
    expect(await countOf("Job", OTHER_SHOP)).toBe(1);
    expect(await countOf("AuditEvent", OTHER_SHOP)).toBe(trail);
    expect(await purgePastRetention(prisma)).toMatchObject({ Job: 0, AuditEvent: 0 });
  });

  it("a retention run that deleted nothing notes its run on the shop but adds no audit line", async () => {
    const prisma = app.db.prisma;
    const quiet = "quiet-shop.myshopify.com";
    await prisma.shop.create({ data: { domain: quiet } });
    await scheduleRetention(prisma);
    app.worker!.wake();
    await waitFor(() => prisma.shop.findFirst({ where: { domain: quiet, retentionRunAt: { not: null } } }), 20_000, "the retention run");
    expect(await prisma.job.count({ where: { shopDomain: quiet, kind: RETENTION_JOB, status: "done" } })).toBe(1);
    expect(await prisma.auditEvent.count({ where: { shopDomain: quiet } })).toBe(0);
  });
});
