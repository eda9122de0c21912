import type { Db } from "../../db/database.js";
import type { JobKind } from "../../jobs/worker.js";
import { deleteReceiptBatch } from "../../consent/receipts.js";
import { completeRequest, requestLifecycle } from "../request-lifecycle.js";

type Outcome = Record<string, number>;

/**
 * shop/redact (48 h after uninstall): erases everything the app holds for the shop: sessions, consent
 * receipts, consent statistics and leak reports, exports, banner settings, other compliance requests, their jobs and audit lines, the shop record. What
 * remains is this request with its counts and an ErasureRecord: proof, with no personal data.
 */
export function shopRedactJob(prisma: Db, batchSize: number): JobKind<Outcome> {
  return {
    ...requestLifecycle,
    async run(job, context) {
      const shopDomain = job.shopDomain;
      const own = job.requestId ?? "";
      while ((await context.step(async (tx) => ({ receipts: await deleteReceiptBatch(tx, { shopDomain }, batchSize) }))).receipts > 0);
      const [sessions, exports, jobs, requests, auditEvents, settingsVersions, dailyStats, leakDays, leakSigns, shops] = await prisma.$transaction([
        prisma.session.deleteMany({ where: { shop: shopDomain } }),
        prisma.dataExport.deleteMany({ where: { shopDomain } }),
        prisma.job.deleteMany({ where: { shopDomain, id: { not: job.id } } }),
        prisma.complianceRequest.deleteMany({ where: { shopDomain, id: { not: own } } }),
        prisma.auditEvent.deleteMany({ where: { shopDomain, OR: [{ requestId: null }, { requestId: { not: own } }] } }),
        prisma.bannerSettingsVersion.deleteMany({ where: { shopDomain } }),
        prisma.consentDailyStat.deleteMany({ where: { shopDomain } }),
        prisma.consentLeakDaily.deleteMany({ where: { shopDomain } }),
        prisma.consentLeakSign.deleteMany({ where: { shopDomain } }),
        prisma.shop.deleteMany({ where: { domain: shopDomain } }),
      ]);
      return {
        receipts: context.progress.receipts ?? 0,
        sessions: sessions.count,
        exports: exports.count,
        jobs: jobs.count,
        requests: requests.count,
        auditEvents: auditEvents.count,
        settingsVersions: settingsVersions.count,
        dailyStats: dailyStats.count,
        leakDays: leakDays.count,
        leakSigns: leakSigns.count,
        shops: shops.count,
      };
    },
    // The proof of erasure is this kind's own: written with the request's completion, exactly once.
    async completed(tx, job, outcome) {
      const request = await completeRequest(tx, job, outcome);
      await tx.erasureRecord.create({
        data: { shopDomain: job.shopDomain, requestReceivedAt: request.receivedAt, completedAt: request.completedAt!, counts: JSON.stringify(outcome) },
      });
    },
  };
}
