import type { Driver } from "../db/driver.js";
import { tableRows, tally, type TableRows } from "../db/hot-path-writes.js";

/**
 * A tracker in a visitor's first choice: counted once into its day, as leaked (it loaded or set cookies
 * before the choice), held (the blocker held it back; report only: would have) or both, with the names
 * it was seen by.
 */
export interface TrackerSighting {
  shopDomain: string;
  day: string;
  at: Date;
  entity: string;
  hosts: string[];
  cookies: string[];
  leaked: boolean;
  held: boolean;
}

/** The trackers whose tags failed on one page after the blocker released them. */
export interface Breakage {
  shopDomain: string;
  day: string;
  at: Date;
  entities: string[];
}

/**
 * The consent leak report's rows for a batch of first choices, written in the receipts' own
 * transaction: per shop, day and tracker, the visits it leaked in and those it was held in
 * (ConsentLeakDaily), and the host and cookie names it was seen by (ConsentLeakSign), each added to
 * what is stored.
 */
export function leakRows(driver: Driver, sightings: TrackerSighting[]): TableRows[] {
  const days = tally(
    sightings,
    (t) => `${t.shopDomain}\n${t.day}\n${t.entity}`,
    (t) => ({
      shopDomain: t.shopDomain,
      day: t.day,
      entity: t.entity,
      visits: 0,
      held: 0,
      firstSeenAt: t.at,
      lastSeenAt: t.at,
      firstHeldAt: null as Date | null,
    }),
    (row, t) => {
      if (t.leaked) row.visits += 1;
      if (t.held) {
        row.held += 1;
        row.firstHeldAt ??= t.at;
      }
      row.lastSeenAt = t.at;
    },
  );
  const names = sightings.flatMap((t) => [...t.hosts.map((name) => ({ t, kind: "host", name })), ...t.cookies.map((name) => ({ t, kind: "cookie", name }))]);
  const signs = tally(
    names,
    (n) => `${n.t.shopDomain}\n${n.t.entity}\n${n.kind}\n${n.name}`,
    (n) => ({ shopDomain: n.t.shopDomain, entity: n.t.entity, kind: n.kind, name: n.name, firstSeenAt: n.t.at, lastSeenAt: n.t.at }),
    (row, n) => (row.lastSeenAt = n.t.at),
  );
  return [
    {
      ...tableRows(driver, "ConsentLeakDaily", days, ["shopDomain", "day", "entity", "visits", "held", "firstSeenAt", "lastSeenAt", "firstHeldAt"]),
      suffix:
        ` ON CONFLICT ("shopDomain", "day", "entity") DO UPDATE SET "visits" = "ConsentLeakDaily"."visits" + excluded."visits",` +
        ` "held" = "ConsentLeakDaily"."held" + excluded."held", "lastSeenAt" = excluded."lastSeenAt",` +
        ` "firstHeldAt" = COALESCE("ConsentLeakDaily"."firstHeldAt", excluded."firstHeldAt")`,
    },
    {
      ...tableRows(driver, "ConsentLeakSign", signs, ["shopDomain", "entity", "kind", "name", "firstSeenAt", "lastSeenAt"]),
      suffix: ` ON CONFLICT ("shopDomain", "entity", "kind", "name") DO UPDATE SET "lastSeenAt" = excluded."lastSeenAt"`,
    },
  ];
}

/** Pages' broken trackers, each counted once per page into its day's ConsentLeakDaily.broken (one row per shop, day and tracker). */
export function breakageRows(driver: Driver, pages: Breakage[]): TableRows {
  const found = pages.flatMap((page) => [...new Set(page.entities)].map((entity) => ({ page, entity })));
  const rows = tally(
    found,
    (f) => `${f.page.shopDomain}\n${f.page.day}\n${f.entity}`,
    (f) => ({ shopDomain: f.page.shopDomain, day: f.page.day, entity: f.entity, broken: 0, firstSeenAt: f.page.at, lastSeenAt: f.page.at }),
    (row, f) => ((row.broken += 1), (row.lastSeenAt = f.page.at)),
  );
  return {
    ...tableRows(driver, "ConsentLeakDaily", rows, ["shopDomain", "day", "entity", "broken", "firstSeenAt", "lastSeenAt"]),
    suffix: ` ON CONFLICT ("shopDomain", "day", "entity") DO UPDATE SET "broken" = "ConsentLeakDaily"."broken" + excluded."broken", "lastSeenAt" = excluded."lastSeenAt"`,
  };
}
