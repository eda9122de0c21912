import type { Db } from "../../web/db/database.js";
import type { ModelName } from "../../web/data-inventory/data-inventory.js";

const DAY = 24 * 3600 * 1000;

/**
 * Rows of every model for a shop: `n` of each (or the counts given), one writer per model, so a model
 * added to the schema without one here fails to compile. Requests are finished ones, each with its job,
 * three audit lines and an export, like a shop's history.
 */
export async function fillShop(prisma: Db, shop: string, counts: Partial<Record<ModelName, number>> = {}, n = 3): Promise<void> {
  const tag = `${shop}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const at = new Date(Date.now() - DAY);
  const times = (model: ModelName) => Array.from({ length: counts[model] ?? n }, (_, i) => i);
  const writers: Record<ModelName, () => Promise<unknown>> = {
    Shop: () => prisma.shop.upsert({ where: { domain: shop }, create: { domain: shop }, update: {} }),
    Session: () =>
      prisma.session.createMany({
        data: times("Session").map((i) => ({ id: `${tag}-session-${i}`, shop, state: "s", accessToken: "enc:v1:x", email: "staff@example.com" })),
      }),
    ComplianceRequest: () =>
      prisma.complianceRequest.createMany({
        data: times("ComplianceRequest").map((i) => ({
          id: `${tag}-request-${i}`,
          shopDomain: shop,
          topic: "customers/data_request",
          webhookId: `${tag}-${i}`,
          dedupKey: `${tag}-dedup-${i}`,
          dueAt: new Date(at.getTime() + 30 * DAY),
          status: "completed",
          payload: "",
          customerRef: `ref-${i}`,
        })),
      }),
    Job: () =>
      prisma.job.createMany({
        data: times("Job").map((i) => ({ shopDomain: shop, kind: "customers/data_request", requestId: `${tag}-request-${i}`, status: "done", finishedAt: at })),
      }),
    AuditEvent: () =>
      prisma.auditEvent.createMany({
        data: times("AuditEvent").map((i) => ({ shopDomain: shop, requestId: i % 3 === 2 ? null : `${tag}-request-${i % 3}`, action: "completed" })),
      }),
    DataExport: () =>
      prisma.dataExport.createMany({
        data: times("DataExport").map((i) => ({
          shopDomain: shop,
          requestId: `${tag}-request-${i}`,
          customerRef: `ref-${i}`,
          content: "enc:v1:x",
          recordCount: 1,
          expiresAt: new Date(at.getTime() + 30 * DAY),
        })),
      }),
    ErasureRecord: () =>
      prisma.erasureRecord.createMany({ data: times("ErasureRecord").map(() => ({ shopDomain: shop, requestReceivedAt: at, counts: "{}" })) }),
    ConsentReceipt: () =>
      prisma.consentReceipt.createMany({
        data: times("ConsentReceipt").map((i) => ({
          shopDomain: shop,
          customerId: String(100 + i),
          granted: "analytics",
          denied: "marketing",
          method: "custom",
          revision: 1,
          textHash: "a".repeat(64),
          ipHash: "b".repeat(64),
        })),
      }),
    ConsentDailyStat: () =>
      prisma.consentDailyStat.createMany({
        data: times("ConsentDailyStat").map((i) => ({ shopDomain: shop, day: `2026-01-${String(i + 1).padStart(2, "0")}`, region: "DE" })),
      }),
    ConsentLeakDaily: () =>
      prisma.consentLeakDaily.createMany({
        data: times("ConsentLeakDaily").map((i) => ({
          shopDomain: shop,
          day: `2026-01-${String(i + 1).padStart(2, "0")}`,
          entity: "Google",
          firstSeenAt: at,
          lastSeenAt: at,
        })),
      }),
    ConsentLeakSign: () =>
      prisma.consentLeakSign.createMany({
        data: times("ConsentLeakSign").map((i) => ({
          shopDomain: shop,
          entity: "Google",
          kind: "host",
          name: `h${i}.example`,
          firstSeenAt: at,
          lastSeenAt: at,
        })),
      }),
    TrackerChoice: () =>
      prisma.trackerChoice.createMany({
        data: times("TrackerChoice").map((i) => ({ shopDomain: shop, tracker: `tracker-${i}.example`, decision: "necessary", updatedBy: "42" })),
      }),
    BannerSettingsVersion: () =>
      prisma.bannerSettingsVersion.createMany({
        data: times("BannerSettingsVersion").map((i) => ({ shopDomain: shop, version: i + 1, settings: "{}", changes: "[]", createdBy: "42" })),
      }),
  };
  for (const write of Object.values(writers)) await write();
}
