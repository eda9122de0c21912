import { audit } from "../audit/audit-trail.js";
import type { Db } from "../db/database.js";
import type { WebhookHandler } from "./types.js";

/**
 * app/uninstalled: the access token is already revoked, so drop every session of the shop and mark it
 * uninstalled, in one transaction. Its data stays until shop/redact (48 h later); a reinstall before
 * then resumes normally (token exchange runs again and markInstalled clears uninstalledAt).
 */
export function appUninstalled(prisma: Db): WebhookHandler {
  return async ({ shop }) => {
    const now = new Date();
    await prisma.$transaction([
      prisma.session.deleteMany({ where: { shop } }),
      prisma.shop.upsert({
        where: { domain: shop },
        create: { domain: shop, installedAt: now, uninstalledAt: now },
        update: { uninstalledAt: now },
      }),
      audit(prisma, { shopDomain: shop, action: "app_uninstalled" }),
    ]);
  };
}
