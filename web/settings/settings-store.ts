import type { Db, Tx } from "../db/database.js";
import { changedPaths, DEFAULT_SETTINGS } from "./banner-settings.js";
import type { BannerSettings, SettingsVersionView, SyncState } from "./banner-settings-types.js";

type Row = Awaited<ReturnType<Db["bannerSettingsVersion"]["findFirstOrThrow"]>>;

/** A save based on a version that is no longer the current one (another tab, another staff member). */
export class StaleVersionError extends Error {
  constructor(readonly current: number) {
    super(`These settings changed since you loaded them (now version ${current}).`);
    this.name = "StaleVersionError";
  }
}

export const toView = (row: Row): SettingsVersionView => ({
  version: row.version,
  createdAt: row.createdAt.toISOString(),
  createdBy: row.createdBy,
  changes: JSON.parse(row.changes) as string[],
  reason: row.reason,
  syncState: row.syncState as SyncState,
  syncError: row.syncError,
  syncedAt: row.syncedAt?.toISOString() ?? null,
});

export const settingsOf = (row: Row): BannerSettings => ({ ...DEFAULT_SETTINGS, ...(JSON.parse(row.settings) as BannerSettings) });

/** The shop's current (highest) version, if it ever saved one. */
export function currentVersion(prisma: Db | Tx, shopDomain: string): Promise<Row | null> {
  return prisma.bannerSettingsVersion.findFirst({ where: { shopDomain }, orderBy: { version: "desc" } });
}

export function listVersions(prisma: Db, shopDomain: string, take = 50): Promise<Row[]> {
  return prisma.bannerSettingsVersion.findMany({ where: { shopDomain }, orderBy: { version: "desc" }, take });
}

/**
 * Stores a new version on top of `basedOn` (0: nothing saved yet). Refuses with StaleVersionError when
 * another save came first: checked in the transaction, and guarded by the unique (shop, version) key.
 */
export async function saveVersion(
  prisma: Db,
  input: { shopDomain: string; basedOn: number; settings: BannerSettings; createdBy: string | null; reason?: string },
): Promise<Row> {
  try {
    return await prisma.$transaction(async (tx) => {
      const current = await currentVersion(tx, input.shopDomain);
      if ((current?.version ?? 0) !== input.basedOn) throw new StaleVersionError(current?.version ?? 0);
      return tx.bannerSettingsVersion.create({
        data: {
          shopDomain: input.shopDomain,
          version: input.basedOn + 1,
          settings: JSON.stringify(input.settings),
          changes: JSON.stringify(changedPaths(current ? settingsOf(current) : DEFAULT_SETTINGS, input.settings)),
          createdBy: input.createdBy,
          reason: input.reason ?? null,
        },
      });
    });
  } catch (error) {
    if ((error as { code?: string }).code === "P2002") {
      throw new StaleVersionError((await currentVersion(prisma, input.shopDomain))?.version ?? input.basedOn + 1);
    }
    throw error;
  }
}

/** The version reached the storefront; older ones that never did are superseded by it. */
export async function markSynced(prisma: Db, shopDomain: string, version: number): Promise<void> {
  await prisma.$transaction([
    prisma.bannerSettingsVersion.updateMany({ where: { shopDomain, version }, data: { syncState: "synced", syncError: null, syncedAt: new Date() } }),
    prisma.bannerSettingsVersion.updateMany({
      where: { shopDomain, version: { lt: version }, syncState: { in: ["pending", "failed"] } },
      data: { syncState: "superseded" },
    }),
  ]);
}

export async function markSyncFailed(prisma: Db, shopDomain: string, version: number, reason: string): Promise<void> {
  await prisma.bannerSettingsVersion.updateMany({
    where: { shopDomain, version, syncState: { not: "synced" } },
    data: { syncState: "failed", syncError: reason },
  });
}
