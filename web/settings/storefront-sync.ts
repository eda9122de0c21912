import type { Db } from "../db/database.js";
import { enqueueUnlessWaiting } from "../jobs/queue.js";
import type { JobKind } from "../jobs/worker.js";
import { merchantReason } from "../jobs/failure-reason.js";
import { adminGraphql, AdminApiError } from "../shopify/admin-graphql.js";
import type { ShopifyApp } from "../shopify/create-shopify.js";
import { MAX_METAFIELD_BYTES, metafieldValue } from "./banner-settings.js";
import type { BannerSettings } from "./banner-settings-types.js";
import { currentVersion, markSyncFailed, markSynced, settingsOf } from "./settings-store.js";

export const SETTINGS_SYNC_JOB = "settings/sync";
export const METAFIELD = { namespace: "consent_banner", key: "settings" } as const;

const INSTALLATION = `#graphql
  query AppInstallationId { currentAppInstallation { id } }`;
const SET_METAFIELD = `#graphql
  mutation SetBannerSettings($metafields: [MetafieldsSetInput!]!) {
    metafieldsSet(metafields: $metafields) { metafields { id key } userErrors { field message code } }
  }`;

/** Writes the settings to the storefront: one metafieldsSet on the current app installation (type json). */
export async function writeSettingsMetafield(shopify: ShopifyApp, shop: string, settings: BannerSettings): Promise<void> {
  const value = metafieldValue(settings);
  if (Buffer.byteLength(value) > MAX_METAFIELD_BYTES) throw new AdminApiError("user_errors", "The settings are over Shopify's 128 KB limit.");
  const { currentAppInstallation } = await adminGraphql<{ currentAppInstallation: { id: string } }>(shopify, shop, INSTALLATION);
  const { metafieldsSet } = await adminGraphql<{ metafieldsSet: { userErrors: Array<{ message: string }> } | null }>(shopify, shop, SET_METAFIELD, {
    metafields: [{ ownerId: currentAppInstallation.id, ...METAFIELD, type: "json", value }],
  });
  const problems = metafieldsSet?.userErrors ?? [{ message: "no answer" }];
  if (problems.length) throw new AdminApiError("user_errors", `Shopify refused the settings: ${problems.map((e) => e.message).join("; ")}`);
}

/**
 * Puts the shop's current version on its storefront, unless it is there already. On failure the
 * version is marked failed with a readable reason (and the error thrown).
 */
export async function syncCurrentSettings(prisma: Db, shopify: ShopifyApp, shop: string): Promise<void> {
  const row = await currentVersion(prisma, shop);
  if (!row || row.syncState === "synced") return;
  try {
    await writeSettingsMetafield(shopify, shop, settingsOf(row));
  } catch (error) {
    await markSyncFailed(prisma, shop, row.version, error instanceof AdminApiError ? error.message : merchantReason(error));
    throw error;
  }
  await markSynced(prisma, shop, row.version);
}

/** Has the job queue retry the shop's sync (with backoff), unless a retry is already waiting (the queue's unique key decides). */
export async function enqueueSettingsSync(prisma: Db, shop: string, delayMs = 5_000): Promise<void> {
  await enqueueUnlessWaiting(prisma, { shopDomain: shop, kind: SETTINGS_SYNC_JOB, runAt: new Date(Date.now() + delayMs) });
}

/** settings/sync: retries writing the current settings to the storefront until it succeeds (or gives up). */
export function settingsSyncJob(prisma: Db, shopify: ShopifyApp): JobKind<void> {
  return {
    async run(job) {
      await syncCurrentSettings(prisma, shopify, job.shopDomain);
    },
    async completed() {},
  };
}
