import { createHash } from "node:crypto";
import { HOST_NAME, TRACKERS_METAFIELD_KEY, type StoreTrackers } from "../../extensions/consent-banner/src/contract.js";
import { suffixes, table } from "../../extensions/consent-banner/src/blocker.js";
import { KNOWN_HOSTS } from "../../extensions/consent-banner/src/tracker-list.js";
import type { Db, Tx } from "../db/database.js";
import { enqueueUnlessWaiting } from "../jobs/queue.js";
import type { JobKind } from "../jobs/worker.js";
import { merchantReason } from "../jobs/failure-reason.js";
import { adminGraphql, AdminApiError } from "../shopify/admin-graphql.js";
import type { ShopifyApp } from "../shopify/create-shopify.js";
import { trackerNamed } from "./classify-tracker.js";
import { neverHeld } from "./never-held-hosts.js";
import type { AssignableCategory, LeakConsent, StorefrontWrite, TrackerCode, TrackerDecision } from "./leak-types.js";

export type { StoreTrackers };
/** The app-owned metafield the storefront's blocker reads the list from (Liquid: `app.metafields.consent_banner.trackers.value`). */
export const TRACKERS_METAFIELD = { namespace: "consent_banner", key: TRACKERS_METAFIELD_KEY } as const;
export const TRACKERS_SYNC_JOB = "leaks/trackers-sync";
/** At most this many hosts (the most recently seen first): the list is inlined into every storefront page. */
export const STORE_HOSTS_CAP = 200;

const BUILT_IN = table(KNOWN_HOSTS);
/** What the storefront's built-in list decides for a host (its longest listed suffix), as the blocker reads it. */
const builtInCode = (host: string): TrackerCode | undefined =>
  suffixes(host)
    .map((suffix) => BUILT_IN[suffix])
    .find(Boolean);

/** What the storefront does with a tracker by the consent it needs. */
const CODE_OF_CONSENT: Readonly<Record<LeakConsent, TrackerCode | null>> = {
  marketing: "m",
  analytics: "a",
  preferences: "p",
  loads_others: "t",
  none: "n",
  unknown: null,
};

/** A merchant's stored choice (TrackerChoice). */
export interface Choice {
  decision: TrackerDecision;
  category: AssignableCategory | null;
}

/**
 * What the storefront does with a tracker (by its entity name): the merchant's choice ("necessary" → n;
 * an unrecognised one that waits → its category's code), else its classification; null: it is not
 * recognised and has no category, so it loads.
 */
export function trackerCode(entity: string, choice: Choice | undefined): TrackerCode | null {
  if (choice?.decision === "necessary") return "n";
  if (choice?.category) return CODE_OF_CONSENT[choice.category];
  return CODE_OF_CONSENT[trackerNamed(entity).consent];
}

/** The decision shown for a tracker: the merchant's, else "wait" for what the storefront holds back. */
export function trackerDecision(code: TrackerCode | null, choice: Choice | undefined): TrackerDecision {
  return choice?.decision ?? (code && code !== "n" ? "wait" : "necessary");
}

export const choiceOf = (row: { decision: string; category: string | null }): Choice => ({
  decision: row.decision as TrackerDecision,
  category: row.category as AssignableCategory | null,
});

/**
 * The store's tracker list: every host the leak report has seen on the shop (ConsentLeakSign, kind host),
 * the most recently seen first, mapped to its tracker's code; unrecognised trackers the merchant gave a
 * category are listed by their own name too (a suffix: it covers their subdomains). Trackers that are not
 * recognised and have no category are left out (they load), and so are the hosts the blocker never holds.
 */
export async function storeTrackers(prisma: Db | Tx, shopDomain: string): Promise<StoreTrackers> {
  const [signs, choices, shop] = await Promise.all([
    prisma.consentLeakSign.findMany({
      where: { shopDomain, kind: "host" },
      orderBy: [{ lastSeenAt: "desc" }, { name: "asc" }],
      select: { entity: true, name: true },
    }),
    prisma.trackerChoice.findMany({ where: { shopDomain } }),
    prisma.shop.findUnique({ where: { domain: shopDomain }, select: { trackersReportOnly: true } }),
  ]);
  const chosen = new Map(choices.map((c) => [c.tracker, choiceOf(c)]));
  const listed = new Map<string, TrackerCode>();
  for (const [entity, choice] of chosen) {
    const code = trackerCode(entity, choice);
    if (code && trackerNamed(entity).consent === "unknown" && HOST_NAME.test(entity)) listed.set(entity, code);
  }
  for (const sign of signs) {
    if (listed.size >= STORE_HOSTS_CAP) break;
    const code = trackerCode(sign.entity, chosen.get(sign.entity));
    // What the built-in list already decides alike is left out: the list is inlined into every storefront page.
    // Hosts a page needs, and content hosts, load whatever their company's entity needs (never-held-hosts.ts).
    if (code && !listed.has(sign.name) && builtInCode(sign.name) !== code && !neverHeld(sign.name)) listed.set(sign.name, code);
  }
  const hosts = Object.fromEntries([...listed].slice(0, STORE_HOSTS_CAP).sort(([a], [b]) => a.localeCompare(b)));
  return { hosts, reportOnly: shop?.trackersReportOnly ?? false };
}

/** The metafield's value: JSON, hosts in name order, so the same list always gives the same text (and hash). */
export const trackersValue = (list: StoreTrackers) => JSON.stringify({ hosts: list.hosts, reportOnly: list.reportOnly });
const EMPTY_LIST = trackersValue({ hosts: {}, reportOnly: false });
const hashOf = (value: string) => createHash("sha256").update(value, "utf8").digest("hex");

const INSTALLATION = `#graphql
  query AppInstallationId { currentAppInstallation { id } }`;
const SET_METAFIELD = `#graphql
  mutation SetStoreTrackers($metafields: [MetafieldsSetInput!]!) {
    metafieldsSet(metafields: $metafields) { metafields { id key } userErrors { field message code } }
  }`;

/** Writes the list to the storefront: one metafieldsSet on the current app installation (type json), its own key (never a settings version). */
export async function writeTrackersMetafield(shopify: ShopifyApp, shop: string, value: string): Promise<void> {
  const { currentAppInstallation } = await adminGraphql<{ currentAppInstallation: { id: string } }>(shopify, shop, INSTALLATION);
  const { metafieldsSet } = await adminGraphql<{ metafieldsSet: { userErrors: Array<{ message: string }> } | null }>(shopify, shop, SET_METAFIELD, {
    metafields: [{ ownerId: currentAppInstallation.id, ...TRACKERS_METAFIELD, type: "json", value }],
  });
  const problems = metafieldsSet?.userErrors ?? [{ message: "no answer" }];
  if (problems.length) throw new AdminApiError("user_errors", `Shopify refused the tracker list: ${problems.map((e) => e.message).join("; ")}`);
}

/**
 * Puts the shop's tracker list on its storefront. Unless `always`, only when it differs from the list last
 * written (its hash on the Shop row), or nothing was written since the last install (an uninstall removes
 * the app's metafields) and the list is not empty. On failure the reason is kept on the Shop row and the error thrown. Returns
 * whether it wrote.
 */
export async function syncStoreTrackers(prisma: Db, shopify: ShopifyApp, shop: string, options: { always?: boolean } = {}): Promise<boolean> {
  const value = trackersValue(await storeTrackers(prisma, shop));
  const hash = hashOf(value);
  const row = await prisma.shop.findUnique({ where: { domain: shop }, select: { trackersListHash: true, trackersWrittenAt: true, installedAt: true } });
  const writtenSinceInstall = row?.trackersWrittenAt != null && row.trackersWrittenAt >= row.installedAt;
  // Nothing written since the install and nothing to list: the storefront without the metafield does the same.
  const onStorefront = writtenSinceInstall ? row.trackersListHash === hash : value === EMPTY_LIST;
  if (onStorefront && !options.always) return false;
  try {
    await writeTrackersMetafield(shopify, shop, value);
  } catch (error) {
    const reason = error instanceof AdminApiError ? error.message : merchantReason(error);
    await prisma.shop.updateMany({ where: { domain: shop }, data: { trackersWriteError: reason } });
    throw error;
  }
  await prisma.shop.updateMany({ where: { domain: shop }, data: { trackersListHash: hash, trackersWrittenAt: new Date(), trackersWriteError: null } });
  return true;
}

/** Has the job queue (re)write the shop's tracker list (with backoff), unless such a job is already waiting. */
export async function enqueueTrackersSync(tx: Db | Tx, shop: string, delayMs = 5_000): Promise<boolean> {
  return enqueueUnlessWaiting(tx, { shopDomain: shop, kind: TRACKERS_SYNC_JOB, runAt: new Date(Date.now() + delayMs) });
}

/**
 * Writes the tracker list to the storefront now; when Shopify fails, the job queue retries it. What the
 * merchant's save answers with.
 */
export async function publishStoreTrackers(prisma: Db, shopify: ShopifyApp, shop: string, onFailure: (error: unknown) => void): Promise<StorefrontWrite> {
  try {
    await syncStoreTrackers(prisma, shopify, shop, { always: true });
    return { written: true };
  } catch (error) {
    onFailure(error);
    await enqueueTrackersSync(prisma, shop);
    return { written: false, error: error instanceof AdminApiError ? error.message : merchantReason(error) };
  }
}

/**
 * leaks/trackers-sync: writes the shop's tracker list to the storefront when it changed (newly seen
 * trackers, a failed save's retry). Queued daily by the shop's consent regions check, and by a save that
 * Shopify failed; the queue retries with backoff.
 */
export function trackersSyncJob(prisma: Db, shopify: ShopifyApp): JobKind<void> {
  return {
    async run(job) {
      try {
        await syncStoreTrackers(prisma, shopify, job.shopDomain);
      } catch (error) {
        // A shop without a session (uninstalled meanwhile) has no storefront to write to; its next save or day tries again.
        if (error instanceof AdminApiError && error.kind === "no_session") return;
        throw error;
      }
    },
    async completed() {},
  };
}
