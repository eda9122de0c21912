import type { Driver } from "../db/driver.js";
import { tableRows, tally, type TableRows } from "../db/hot-path-writes.js";

/** A tracker seen before a visitor's first choice: counted once into its day, with the names it was seen by. */
export interface TrackerSighting {
  shopDomain: string;
  day: string;
  at: Date;
  entity: string;
  hosts: string[];
  cookies: string[];
}

/**
 * The consent leak report's rows for a batch of first choices, written in the receipts' own
 * transaction: per shop, day and tracker, the visits (ConsentLeakDaily), and the host and cookie names
 * it was seen by (ConsentLeakSign), each added to what is stored.
 */
export function leakRows(driver: Driver, sightings: TrackerSighting[]): TableRows[] {
  const days = tally(
    sightings,
    (t) => `${t.shopDomain}\n${t.day}\n${t.entity}`,
    (t) => ({ shopDomain: t.shopDomain, day: t.day, entity: t.entity, visits: 0, firstSeenAt: t.at, lastSeenAt: t.at }),
    (row, t) => ((row.visits += 1), (row.lastSeenAt = t.at)),
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
      ...tableRows(driver, "ConsentLeakDaily", days, ["shopDomain", "day", "entity", "visits", "firstSeenAt", "lastSeenAt"]),
      suffix: ` ON CONFLICT ("shopDomain", "day", "entity") DO UPDATE SET "visits" = "ConsentLeakDaily"."visits" + excluded."visits", "lastSeenAt" = excluded."lastSeenAt"`,
    },
    {
      ...tableRows(driver, "ConsentLeakSign", signs, ["shopDomain", "entity", "kind", "name", "firstSeenAt", "lastSeenAt"]),
      suffix: ` ON CONFLICT ("shopDomain", "entity", "kind", "name") DO UPDATE SET "lastSeenAt" = excluded."lastSeenAt"`,
    },
  ];
}
