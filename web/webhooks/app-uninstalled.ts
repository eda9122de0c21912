import { audit } from "../audit/audit-trail.js";
import type { Db } from "../db/database.js";
import { uninstallPlan } from "../data-inventory/erasure-plan.js";
import { runErasurePlan } from "../data-inventory/run-erasure.js";
import type { WebhookHandler } from "./types.js";

/**
 * app/uninstalled: the access token is already revoked, so delete what the data inventory says goes
 * with it (every session of the shop) and mark the shop uninstalled, in one transaction. Its data stays
 * until shop/redact (48 h later); a reinstall before then resumes normally (token exchange runs again
 * and markInstalled clears uninstalledAt).
 */
export function appUninstalled(prisma: Db): WebhookHandler {
  return async ({ shop }) => {
    const now = new Date();
    await prisma.$transaction(async (tx) => {
      await runErasurePlan(tx, uninstallPlan(shop));
      await tx.shop.upsert({
        where: { domain: shop },
        create: { domain: shop, installedAt: now, uninstalledAt: now },
        update: { uninstalledAt: now },
      });
      await audit(tx, { shopDomain: shop, action: "app_uninstalled" });
    });
  };
}
