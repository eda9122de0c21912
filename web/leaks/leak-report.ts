import { DAY, dayOf } from "../config/time.js";
import type { Db } from "../db/database.js";
import { trackerNamed } from "./classify-tracker.js";
import type { LeakConsent, LeakEntity, LeakReport } from "./leak-types.js";
import { choiceOf, trackerCode, trackerDecision } from "./store-trackers.js";

/** Worst first: the consent a tracker needs, then how often it loaded before the choice. */
const SEVERITY: Readonly<Record<LeakConsent, number>> = { marketing: 0, analytics: 1, preferences: 2, loads_others: 3, unknown: 4, none: 5 };
const EXAMPLES = 5;
/** A tracker that failed after release on more than this share of visits is listed first. */
export const BROKEN_FIRST = 0.01;

/**
 * The trackers that loaded before shoppers chose, or that the banner held back until they did, over a
 * shop's last `days` days: from the daily rows (ConsentLeakDaily, ConsentDailyStat.observed), the names
 * they were seen by (ConsentLeakSign) and the merchant's choices (TrackerChoice), never from the receipts
 * themselves, so it costs the same at a million receipts as at ten.
 */
export async function leakReport(prisma: Db, shopDomain: string, days: number, options: { now?: Date; names?: boolean } = {}): Promise<LeakReport> {
  const { now = new Date(), names = true } = options;
  const first = dayOf(new Date(now.getTime() - (days - 1) * DAY));
  const [observed, rows, signs, choices, shop] = await Promise.all([
    prisma.consentDailyStat.aggregate({ where: { shopDomain, day: { gte: first } }, _sum: { observed: true } }),
    prisma.consentLeakDaily.findMany({ where: { shopDomain, day: { gte: first } } }),
    // The names each tracker was seen by: skipped when only the trackers are wanted (the home page).
    names
      ? prisma.consentLeakSign.findMany({ where: { shopDomain, lastSeenAt: { gte: new Date(`${first}T00:00:00.000Z`) } }, orderBy: { lastSeenAt: "desc" } })
      : [],
    prisma.trackerChoice.findMany({ where: { shopDomain } }),
    prisma.shop.findUnique({ where: { domain: shopDomain }, select: { trackersReportOnly: true } }),
  ]);
  const chosen = new Map(choices.map((c) => [c.tracker, c]));
  const observedVisits = observed._sum.observed ?? 0;
  const entities = new Map<string, LeakEntity>();
  for (const row of rows) {
    const heldAt = row.firstHeldAt?.toISOString() ?? null;
    const entity = entities.get(row.entity);
    if (!entity) {
      const tracker = trackerNamed(row.entity);
      const stored = chosen.get(row.entity);
      const choice = stored && choiceOf(stored);
      const code = trackerCode(row.entity, choice);
      entities.set(row.entity, {
        ...tracker,
        // An unrecognised tracker the merchant gave a category needs that consent.
        consent: tracker.consent === "unknown" && choice?.category ? choice.category : tracker.consent,
        visits: row.visits,
        share: 0,
        held: row.held,
        heldSince: heldAt,
        broken: row.broken,
        brokenShare: 0,
        decision: trackerDecision(code, choice),
        code,
        ...(tracker.consent === "unknown" ? { assignable: true as const } : {}),
        choice: stored ? { updatedAt: stored.updatedAt.toISOString(), updatedBy: stored.updatedBy } : null,
        firstSeen: row.firstSeenAt.toISOString(),
        lastSeen: row.lastSeenAt.toISOString(),
        hosts: [],
        cookies: [],
      });
      continue;
    }
    entity.visits += row.visits;
    entity.held += row.held;
    entity.broken += row.broken;
    if (heldAt && (!entity.heldSince || heldAt < entity.heldSince)) entity.heldSince = heldAt;
    if (row.firstSeenAt.toISOString() < entity.firstSeen) entity.firstSeen = row.firstSeenAt.toISOString();
    if (row.lastSeenAt.toISOString() > entity.lastSeen) entity.lastSeen = row.lastSeenAt.toISOString();
  }
  for (const sign of signs) {
    const list = entities.get(sign.entity)?.[sign.kind === "host" ? "hosts" : "cookies"];
    if (list && list.length < EXAMPLES) list.push(sign.name);
  }
  // Listed: what leaked or was held (a row of breakage alone, of a tracker neither leaked nor held in these days, is not).
  const leaks = [...entities.values()].filter((e) => e.consent !== "none" && (e.visits > 0 || e.held > 0));
  for (const leak of leaks) {
    leak.share = observedVisits ? Math.min(1, leak.visits / observedVisits) : 0;
    leak.brokenShare = observedVisits ? Math.min(1, leak.broken / observedVisits) : leak.broken > 0 ? 1 : 0;
  }
  const brokenFirst = (e: LeakEntity) => (e.brokenShare > BROKEN_FIRST ? 0 : 1);
  leaks.sort(
    (a, b) =>
      brokenFirst(a) - brokenFirst(b) ||
      SEVERITY[a.consent] - SEVERITY[b.consent] ||
      b.visits - a.visits ||
      b.held - a.held ||
      a.entity.localeCompare(b.entity),
  );
  return { days, observedVisits, leaks, reportOnly: shop?.trackersReportOnly ?? false };
}
