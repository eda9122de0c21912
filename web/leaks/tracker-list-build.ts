import { gzipSync } from "node:zlib";
// The full data set, with each entity's prevalence (totalOccurrences): read at build time only, never shipped.
import entities from "third-party-web/dist/entities.json" with { type: "json" };
import { consentOfEntity } from "./classify-tracker.js";
import { covers, NEVER_HELD_HOSTS } from "./never-held-hosts.js";
import type { LeakConsent } from "./leak-types.js";
import { TRACKING_COOKIES } from "./tracking-cookies.js";

/**
 * Writes extensions/consent-banner/src/tracker-list.ts, the storefront blocker's built-in tracker list
 * (`npm run build:banner` calls trackerListSource()): the hosts of every entity that sets a cookie of
 * tracking-cookies.ts, then of the third-party-web entities that need consent, those on the most page loads
 * (totalOccurrences) per byte of their domains first, as many as TRACKER_LIST_GZIP_BUDGET allows; and the
 * cookies of tracking-cookies.ts, by consent.
 */

/** The most the list's data (its host and cookie strings) may weigh gzipped, in bytes: the blocker's share of the storefront's 6,000 B. */
export const TRACKER_LIST_GZIP_BUDGET = 430;

/** Storefront codes by consent (contract.ts TrackerCode); "none" and "unknown" are never listed. */
const CODE_OF_CONSENT: Partial<Record<LeakConsent, HostCode>> = { marketing: "m", analytics: "a", preferences: "p", loads_others: "t" };
type HostCode = "m" | "a" | "p" | "t";
type CookieCode = "m" | "a" | "p";
const HOST_CODES: readonly HostCode[] = ["m", "a", "p", "t"];
const COOKIE_CODES: readonly CookieCode[] = ["m", "a", "p"];

interface Entity {
  name: string;
  category: string;
  domains: string[];
  totalOccurrences?: number;
}

const ALL = entities as Entity[];
const strip = (domain: string) => domain.replace(/^\*\./, "").toLowerCase();

/** Every host the list must leave alone: NEVER_HELD_HOSTS and the domains of entities that need no consent. */
export function neverHeldHosts(): string[] {
  const hosts = new Set(NEVER_HELD_HOSTS);
  for (const entity of ALL) if (consentOfEntity(entity.name, entity.category) === "none") for (const d of entity.domains) hosts.add(strip(d));
  return [...hosts].sort();
}

/**
 * An entity's regional copies of one of its own .com domains (adservice.google.de beside
 * adservice.google.com): dropped when there are two or more, which the .com one stands for.
 */
function countryVariants(domains: readonly string[]): Set<string> {
  const byBase = new Map<string, string[]>();
  for (const domain of domains) {
    const match = /^(.+?)\.(?:com?\.[a-z]{2}|[a-z]{2})$/.exec(domain);
    if (match && domains.includes(`${match[1]}.com`)) byBase.set(match[1]!, [...(byBase.get(match[1]!) ?? []), domain]);
  }
  return new Set([...byBase.values()].filter((variants) => variants.length >= 2).flat());
}

export interface TrackerList {
  hosts: Record<HostCode, string>;
  cookies: Record<CookieCode, string>;
  /** The third-party-web entities whose hosts are listed, in the order they were taken. */
  entities: string[];
  /** The gzipped size of the list's data, as measured against TRACKER_LIST_GZIP_BUDGET. */
  gzipBytes: number;
}

const gzipOf = (hosts: Record<HostCode, string>, cookies: Record<CookieCode, string>) => gzipSync(JSON.stringify({ hosts, cookies }), { level: 9 }).length;

/** The list as the storefront gets it. */
export function buildTrackerList(budget = TRACKER_LIST_GZIP_BUDGET): TrackerList {
  const cookieSets: Record<CookieCode, string[]> = { m: [], a: [], p: [] };
  for (const cookie of TRACKING_COOKIES) {
    const code = CODE_OF_CONSENT[cookie.consent];
    if (code && code !== "t") cookieSets[code].push(cookie.prefix ? `${cookie.name}*` : cookie.name);
  }
  const cookies = Object.fromEntries(COOKIE_CODES.map((code) => [code, cookieSets[code].join(" ")])) as Record<CookieCode, string>;

  const protectedHosts = neverHeldHosts();
  const byName = new Map(ALL.map((entity) => [entity.name, entity]));
  const needsConsent = (entity: Entity) => CODE_OF_CONSENT[consentOfEntity(entity.name, entity.category)] !== undefined;
  const cookieEntities = [...new Set(TRACKING_COOKIES.map((c) => c.entity))].map((name) => {
    const entity = byName.get(name);
    if (!entity || !needsConsent(entity)) throw new Error(`tracking-cookies.ts names ${name}, which third-party-web does not list as a tracker`);
    return entity;
  });
  // Most page loads covered per byte first: prevalence over the length of the entity's domains (a greedy knapsack).
  const weight = (entity: Entity) => (entity.totalOccurrences ?? 0) / entity.domains.reduce((length, d) => length + strip(d).length + 1, 0);
  const byPrevalence = ALL.filter((entity) => needsConsent(entity) && !cookieEntities.includes(entity)).sort(
    (a, b) => weight(b) - weight(a) || a.name.localeCompare(b.name),
  );

  const listed = new Map<string, HostCode>(); // suffix → code
  const taken: string[] = [];
  const render = () =>
    Object.fromEntries(
      HOST_CODES.map((code) => [
        code,
        [...listed]
          .filter(([, c]) => c === code)
          .map(([suffix]) => suffix)
          .sort()
          .join(" "),
      ]),
    ) as Record<HostCode, string>;
  /** The suffixes an entity adds: its domains without "*.", regional copies, ones a listed suffix of the same code covers, and any that would cover a host the page needs. */
  const suffixesOf = (entity: Entity, code: HostCode) => {
    const domains = [...new Set(entity.domains.map(strip))];
    const variants = countryVariants(domains);
    const own = domains.filter((d) => !variants.has(d) && !protectedHosts.some((host) => covers(d, host) || covers(host, d)));
    return own.filter((d) => !own.some((other) => other !== d && covers(other, d)) && ![...listed].some(([s, c]) => c === code && covers(s, d)));
  };
  const take = (entity: Entity) => {
    const code = CODE_OF_CONSENT[consentOfEntity(entity.name, entity.category)]!;
    const suffixes = suffixesOf(entity, code);
    if (suffixes.length === 0) return false;
    // A new suffix may cover ones already listed with the same code: those go.
    for (const [s, c] of [...listed]) if (c === code && suffixes.some((d) => d !== s && covers(d, s))) listed.delete(s);
    for (const suffix of suffixes) listed.set(suffix, code);
    taken.push(entity.name);
    return true;
  };

  for (const entity of cookieEntities) take(entity);
  for (const entity of byPrevalence) {
    const before = new Map(listed);
    const count = taken.length;
    if (!take(entity)) continue;
    if (gzipOf(render(), cookies) > budget) {
      // Over the budget: this one stays out; a smaller, less prevalent one may still fit.
      listed.clear();
      for (const [s, c] of before) listed.set(s, c);
      taken.length = count;
    }
  }
  const hosts = render();
  return { hosts, cookies, entities: taken, gzipBytes: gzipOf(hosts, cookies) };
}

/** The text of extensions/consent-banner/src/tracker-list.ts. */
export function trackerListSource(list: TrackerList = buildTrackerList()): string {
  const record = (values: Record<string, string>) =>
    Object.entries(values)
      .map(([code, text]) => `  ${code}: ${JSON.stringify(text)},\n`)
      .join("");
  return (
    "// generated by npm run build:banner from third-party-web and web/leaks/tracking-cookies.ts: do not edit\n" +
    `// (${list.entities.length} entities, ${list.gzipBytes} B gzipped of TRACKER_LIST_GZIP_BUDGET ${TRACKER_LIST_GZIP_BUDGET} B; web/leaks/tracker-list-build.ts)\n` +
    "\n" +
    "/** Host suffixes of known trackers, space-separated, by the consent they wait for. */\n" +
    'export const KNOWN_HOSTS: Record<"m" | "a" | "p" | "t", string> = {\n' +
    record(list.hosts) +
    "};\n" +
    "\n" +
    '/** First-party cookie names known trackers set, space-separated by consent; a trailing "*" marks a prefix. */\n' +
    'export const KNOWN_COOKIES: Record<"m" | "a" | "p", string> = {\n' +
    record(list.cookies) +
    "};\n"
  );
}
