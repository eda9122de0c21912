import type { Db } from "../../db/database.js";
import type { JobKind } from "../../jobs/worker.js";
import { deleteReceiptsInBatches } from "../../consent/receipts.js";

/**
 * shop/redact (48 h after uninstall): erases everything the app holds for the shop: sessions, consent
 * receipts, exports, other compliance requests, their jobs and audit lines, the shop record. What
 * remains is this request with its counts and an ErasureRecord: proof, with no personal data.
 */
export function shopRedactJob(prisma: Db, batchSize: number): Pick<JobKind<Record<string, number>>, "run"> {
  return {
    async run(job, context) {
      const shopDomain = job.shopDomain;
      const own = job.requestId ?? "";
      const receipts = await deleteReceiptsInBatches(prisma, { shopDomain }, batchSize, context.checkpoint);
      const [sessions, exports, jobs, requests, auditEvents, shops] = await prisma.$transaction([
        prisma.session.deleteMany({ where: { shop: shopDomain } }),
        prisma.dataExport.deleteMany({ where: { shopDomain } }),
        prisma.job.deleteMany({ where: { shopDomain, id: { not: job.id } } }),
        prisma.complianceRequest.deleteMany({ where: { shopDomain, id: { not: own } } }),
        prisma.auditEvent.deleteMany({ where: { shopDomain, OR: [{ requestId: null }, { requestId: { not: own } }] } }),
        prisma.shop.deleteMany({ where: { domain: shopDomain } }),
      ]);
      return {
        receipts,
        sessions: sessions.count,
        exports: exports.count,
        jobs: jobs.count,
        requests: requests.count,
        auditEvents: auditEvents.count,
        shops: shops.count,
      };
    },
  };
}
