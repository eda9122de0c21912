import { audit } from "../audit/audit-trail.js";
import { DAY } from "../config/time.js";
import type { Db, Tx } from "../db/database.js";
import { enqueueUnlessWaiting } from "../jobs/queue.js";
import type { JobKind } from "../jobs/worker.js";
import { AdminApiError } from "../shopify/admin-graphql.js";
import { readConsentPolicies } from "../shopify/consent-policy.js";
import type { ShopifyApp } from "../shopify/create-shopify.js";
import { enqueueTrackersSync } from "../leaks/store-trackers.js";
import { isDrift, policyDrift, snapshotOf, type PolicyDrift, type PolicySnapshot } from "./consent-regions.js";

export const CONSENT_REGIONS_CHECK_JOB = "settings/consent-regions-check";

/** A change of Shopify's consent regions the merchant has not acknowledged yet, as Home shows it. */
export interface RegionDrift extends PolicyDrift {
  /** When the first unacknowledged change was seen (ISO). */
  since: string;
  /** When the regions were last read (ISO). */
  checkedAt: string | null;
}

const parse = (text: string | null): PolicySnapshot[] | null => (text ? (JSON.parse(text) as PolicySnapshot[]) : null);

/**
 * Keeps what was read as the shop's snapshot. A difference from the last snapshot that the app did not
 * make itself (`own`: the app's own write) starts a drift, or extends the one not yet acknowledged (whose
 * baseline stays the regions before its first change); regions back as they were end it. Returns the
 * change since the last snapshot when it is one another hand made, else null.
 */
export async function recordPolicies(
  tx: Tx | Db,
  shop: string,
  current: PolicySnapshot[],
  options: { now?: Date; own?: boolean } = {},
): Promise<PolicyDrift | null> {
  const now = options.now ?? new Date();
  const row = await tx.shop.findUnique({
    where: { domain: shop },
    select: { consentPolicySnapshot: true, consentPolicyDriftFrom: true, consentPolicyDriftAt: true },
  });
  const previous = parse(row?.consentPolicySnapshot ?? null);
  const snapshot = JSON.stringify(current);
  const change = previous ? policyDrift(previous, current) : null;
  const pending = parse(row?.consentPolicyDriftFrom ?? null);
  // The app's own write moves the baseline of a pending change with it: what it wrote is not another hand's.
  const baseline =
    pending && options.own && previous ? withOwnWrite(pending, previous, current) : (pending ?? (change && isDrift(change) && !options.own ? previous : null));
  const open = baseline !== null && isDrift(policyDrift(baseline, current));
  const data = {
    consentPolicySnapshot: snapshot,
    consentPolicyCheckedAt: now,
    consentPolicyDriftFrom: open ? JSON.stringify(baseline) : null,
    consentPolicyDriftAt: open ? (row?.consentPolicyDriftAt ?? now) : null,
  };
  await tx.shop.upsert({ where: { domain: shop }, create: { domain: shop, ...data }, update: data });
  return change && isDrift(change) && !options.own ? change : null;
}

/** `baseline` with the places the app changed from `previous` to `current` taken from `current`. */
function withOwnWrite(baseline: PolicySnapshot[], previous: PolicySnapshot[], current: PolicySnapshot[]): PolicySnapshot[] {
  const key = (p: PolicySnapshot | undefined) => JSON.stringify(p ?? null);
  const before = new Map(previous.map((p) => [p.place, p]));
  const changed = new Set(current.filter((p) => key(p) !== key(before.get(p.place))).map((p) => p.place));
  return [...baseline.filter((p) => !changed.has(p.place)), ...current.filter((p) => changed.has(p.place))].sort((a, b) => a.place.localeCompare(b.place));
}

/** The shop's unacknowledged change of its consent regions, or null. */
export async function regionDriftOf(prisma: Db, shop: string): Promise<RegionDrift | null> {
  const row = await prisma.shop.findUnique({
    where: { domain: shop },
    select: { consentPolicySnapshot: true, consentPolicyCheckedAt: true, consentPolicyDriftFrom: true, consentPolicyDriftAt: true },
  });
  const from = parse(row?.consentPolicyDriftFrom ?? null);
  const now = parse(row?.consentPolicySnapshot ?? null);
  if (!row || !from || !now) return null;
  return {
    ...policyDrift(from, now),
    since: (row.consentPolicyDriftAt ?? new Date()).toISOString(),
    checkedAt: row.consentPolicyCheckedAt?.toISOString() ?? null,
  };
}

/** The merchant has seen the change: the warning goes, with an audit line saying what was acknowledged. */
export async function acknowledgeRegionDrift(prisma: Db, shop: string): Promise<void> {
  const drift = await regionDriftOf(prisma, shop);
  if (!drift) return;
  await prisma.$transaction(async (tx) => {
    await tx.shop.updateMany({ where: { domain: shop }, data: { consentPolicyDriftFrom: null, consentPolicyDriftAt: null } });
    await audit(tx, { shopDomain: shop, action: "consent_regions_acknowledged", detail: { ...drift } });
  });
}

/**
 * Queues the daily check of every installed shop whose regions were last read a day ago (or never), unless
 * one is waiting already (the queue's unique key decides). Run by the worker's housekeeping.
 */
export async function scheduleConsentRegionsCheck(prisma: Db, now = new Date(), limit = 100): Promise<number> {
  const due = await prisma.shop.findMany({
    where: { uninstalledAt: null, OR: [{ consentPolicyCheckedAt: null }, { consentPolicyCheckedAt: { lt: new Date(now.getTime() - DAY) } }] },
    select: { domain: true },
    take: limit,
  });
  let queued = 0;
  for (const { domain } of due) if (await enqueueUnlessWaiting(prisma, { shopDomain: domain, kind: CONSENT_REGIONS_CHECK_JOB })) queued++;
  return queued;
}

type Outcome = { policies: PolicySnapshot[] } | { unread: string };

/**
 * settings/consent-regions-check: reads Shopify's consent regions and compares them with the last ones
 * seen. A change made elsewhere (the merchant in Shopify's settings, another app) is kept for Home's warning
 * and noted in the audit trail. A shop that has not granted the permission (or has no session) is noted as
 * checked and tried again the next day; Shopify failing is retried by the queue. Once done, it queues the
 * shop's daily tracker list rewrite (leaks/trackers-sync: written when newly seen trackers changed it).
 */
export function consentRegionsCheckJob(shopify: ShopifyApp): JobKind<Outcome> {
  return {
    async run(job) {
      try {
        return { policies: snapshotOf((await readConsentPolicies(shopify, job.shopDomain)).policies) };
      } catch (error) {
        if (error instanceof AdminApiError && (error.kind === "access_denied" || error.kind === "no_session")) return { unread: error.message };
        throw error;
      }
    },
    async completed(tx, job, outcome) {
      await enqueueTrackersSync(tx, job.shopDomain, 0);
      if ("unread" in outcome) {
        await tx.shop.updateMany({ where: { domain: job.shopDomain }, data: { consentPolicyCheckedAt: new Date() } });
        return;
      }
      const change = await recordPolicies(tx, job.shopDomain, outcome.policies);
      if (change) await audit(tx, { shopDomain: job.shopDomain, action: "consent_regions_changed", detail: { ...change } });
    },
  };
}
