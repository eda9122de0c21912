import type { Db } from "../db/database.js";
import { audit } from "../audit/audit-trail.js";

/** Deletes data exports past their 30 days, each noted in the audit trail. */
export async function purgeExpiredExports(prisma: Db, now = new Date()): Promise<number> {
  const expired = await prisma.dataExport.findMany({ where: { expiresAt: { lt: now } }, select: { id: true, shopDomain: true, requestId: true } });
  for (const row of expired) {
    await prisma.$transaction([
      prisma.dataExport.deleteMany({ where: { id: row.id } }),
      audit(prisma, { shopDomain: row.shopDomain, requestId: row.requestId, action: "export_expired" }),
    ]);
  }
  return expired.length;
}
