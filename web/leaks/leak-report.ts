import { DAY, dayOf } from "../config/time.js";
import type { Db } from "../db/database.js";
import { trackerNamed } from "./classify-tracker.js";
import type { LeakConsent, LeakEntity, LeakReport, TrackerCode } from "./leak-types.js";

/** Worst first: the consent a tracker needs, then how often it loaded before the choice. */
const SEVERITY: Readonly<Record<LeakConsent, number>> = { marketing: 0, analytics: 1, preferences: 2, loads_others: 3, unknown: 4, none: 5 };
const EXAMPLES = 5;

/** What the storefront does with a tracker by its classification alone. */
const CODE_OF_CONSENT: Readonly<Record<LeakConsent, TrackerCode | null>> = {
  marketing: "m",
  analytics: "a",
  preferences: "p",
  loads_others: "t",
  none: "n",
  unknown: null,
};

function defaultDecision(consent: LeakConsent): Pick<LeakEntity, "decision" | "code" | "assignable"> {
  const code = CODE_OF_CONSENT[consent];
  return { decision: code && code !== "n" ? "wait" : "necessary", code, ...(consent === "unknown" ? { assignable: true as const } : {}) };
}

/**
 * The trackers that loaded before shoppers chose, over a shop's last `days` days: from the daily rows
 * (ConsentLeakDaily, ConsentDailyStat.observed) and the names they were seen by (ConsentLeakSign), never
 * from the receipts themselves, so it costs the same at a million receipts as at ten.
 */
export async function leakReport(prisma: Db, shopDomain: string, days: number, options: { now?: Date; names?: boolean } = {}): Promise<LeakReport> {
  const { now = new Date(), names = true } = options;
  const first = dayOf(new Date(now.getTime() - (days - 1) * DAY));
  const [observed, rows, signs] = await Promise.all([
    prisma.consentDailyStat.aggregate({ where: { shopDomain, day: { gte: first } }, _sum: { observed: true } }),
    prisma.consentLeakDaily.findMany({ where: { shopDomain, day: { gte: first } } }),
    // The names each tracker was seen by: skipped when only the trackers are wanted (the home page).
    names
      ? prisma.consentLeakSign.findMany({ where: { shopDomain, lastSeenAt: { gte: new Date(`${first}T00:00:00.000Z`) } }, orderBy: { lastSeenAt: "desc" } })
      : [],
  ]);
  const observedVisits = observed._sum.observed ?? 0;
  const entities = new Map<string, LeakEntity>();
  for (const row of rows) {
    const entity = entities.get(row.entity);
    if (!entity) {
      const tracker = trackerNamed(row.entity);
      entities.set(row.entity, {
        ...tracker,
        visits: row.visits,
        share: 0,
        held: 0,
        heldSince: null,
        broken: 0,
        brokenShare: 0,
        ...defaultDecision(tracker.consent),
        choice: null,
        firstSeen: row.firstSeenAt.toISOString(),
        lastSeen: row.lastSeenAt.toISOString(),
        hosts: [],
        cookies: [],
      });
      continue;
    }
    entity.visits += row.visits;
    if (row.firstSeenAt.toISOString() < entity.firstSeen) entity.firstSeen = row.firstSeenAt.toISOString();
    if (row.lastSeenAt.toISOString() > entity.lastSeen) entity.lastSeen = row.lastSeenAt.toISOString();
  }
  for (const sign of signs) {
    const list = entities.get(sign.entity)?.[sign.kind === "host" ? "hosts" : "cookies"];
    if (list && list.length < EXAMPLES) list.push(sign.name);
  }
  const leaks = [...entities.values()].filter((e) => e.consent !== "none");
  for (const leak of leaks) leak.share = observedVisits ? Math.min(1, leak.visits / observedVisits) : 0;
  leaks.sort((a, b) => SEVERITY[a.consent] - SEVERITY[b.consent] || b.visits - a.visits || a.entity.localeCompare(b.entity));
  return { days, observedVisits, leaks, reportOnly: false };
}
