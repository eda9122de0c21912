import type { Db } from "../db/database.js";
import { DAY, dayOf } from "../config/time.js";
import type { ConsentStatsResponse, DayStats } from "./consent-types.js";

const rate = (consented: number, total: number) => (total ? consented / total : null);

/**
 * The last `days` days of a shop's consent, from the daily rows (at most one per day and region: an
 * index range, whatever the number of receipts), with the days without choices filled in.
 */
export async function consentStats(prisma: Db, shopDomain: string, days: number, now = new Date()): Promise<ConsentStatsResponse> {
  const first = dayOf(new Date(now.getTime() - (days - 1) * DAY));
  const [rows, shop] = await Promise.all([
    prisma.consentDailyStat.findMany({ where: { shopDomain, day: { gte: first } } }),
    prisma.shop.findUnique({ where: { domain: shopDomain }, select: { receiptRetentionMonths: true, retentionRunAt: true, retentionDeleted: true } }),
  ]);
  const byDay = new Map<string, DayStats & { consented: number }>();
  for (let i = days - 1; i >= 0; i--) {
    const day = dayOf(new Date(now.getTime() - i * DAY));
    byDay.set(day, { day, total: 0, acceptAll: 0, rejectAll: 0, custom: 0, gpc: 0, consentRate: null, consented: 0 });
  }
  const regions = new Map<string, { total: number; consented: number }>();
  for (const row of rows) {
    const day = byDay.get(row.day);
    if (day) {
      day.total += row.total;
      day.acceptAll += row.acceptAll;
      day.rejectAll += row.rejectAll;
      day.custom += row.custom;
      day.gpc += row.gpc;
      day.consented += row.consented;
    }
    const region = regions.get(row.region) ?? { total: 0, consented: 0 };
    region.total += row.total;
    region.consented += row.consented;
    regions.set(row.region, region);
  }
  const list = [...byDay.values()];
  const sum = (key: "total" | "acceptAll" | "rejectAll" | "custom" | "gpc" | "consented") => list.reduce((n, d) => n + d[key], 0);
  return {
    days: list.map(({ consented, ...day }) => ({ ...day, consentRate: rate(consented, day.total) })),
    totals: {
      total: sum("total"),
      acceptAll: sum("acceptAll"),
      rejectAll: sum("rejectAll"),
      custom: sum("custom"),
      gpc: sum("gpc"),
      consentRate: rate(sum("consented"), sum("total")),
    },
    regions: [...regions.entries()]
      .map(([region, r]) => ({ region, total: r.total, consentRate: r.consented / r.total }))
      .sort((a, b) => b.total - a.total || a.region.localeCompare(b.region)),
    retention: {
      months: shop?.receiptRetentionMonths ?? 24,
      lastRunAt: shop?.retentionRunAt?.toISOString() ?? null,
      lastDeleted: shop?.retentionDeleted ?? null,
    },
  };
}
