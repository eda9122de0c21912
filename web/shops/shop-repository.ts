import type { Db } from "../db/database.js";

/** Install bookkeeping for a shop. A reinstall (after app/uninstalled) restores normal operation. */
export async function markInstalled(prisma: Db, domain: string, now = new Date()): Promise<void> {
  const existing = await prisma.shop.findUnique({ where: { domain } });
  if (!existing) {
    await prisma.shop.create({ data: { domain, installedAt: now } }).catch(async (error: { code?: string }) => {
      if (error.code !== "P2002") throw error; // created by a concurrent first request
    });
  } else if (existing.uninstalledAt) {
    await prisma.shop.update({ where: { domain }, data: { installedAt: now, uninstalledAt: null } });
  }
}

export function findShop(prisma: Db, domain: string) {
  return prisma.shop.findUnique({ where: { domain } });
}
