import thirdPartyWeb from "third-party-web/nostats-subset.js";
import type { LeakConsent } from "./leak-types.js";
import { TRACKING_COOKIES } from "./tracking-cookies.js";

/** The consent each third-party-web category needs before its scripts may run. */
export const CONSENT_OF_CATEGORY: Readonly<Record<string, LeakConsent>> = {
  ad: "marketing",
  marketing: "marketing",
  social: "marketing",
  // Embedded players (YouTube, Vimeo) set advertising and tracking cookies.
  video: "marketing",
  analytics: "analytics",
  "customer-success": "preferences",
  content: "preferences",
  "tag-manager": "loads_others",
  cdn: "none",
  hosting: "none",
  utility: "none",
  "consent-provider": "none",
  other: "unknown",
};

/**
 * Where third-party-web's category misleads about consent: Microsoft Clarity is filed under "utility",
 * but it records sessions for analytics (https://learn.microsoft.com/en-us/clarity/setup-and-installation/cookie-consent).
 */
const CONSENT_OF_ENTITY: Readonly<Record<string, LeakConsent>> = { Clarity: "analytics" };

export interface Tracker {
  entity: string;
  company: string | null;
  category: string | null;
  consent: LeakConsent;
}

const byName = new Map(thirdPartyWeb.entities.map((e) => [e.name, e]));

/** What an entity name (third-party-web's, or a host of its own) stands for. */
export function trackerNamed(entity: string): Tracker {
  const known = byName.get(entity);
  if (!known) return { entity, company: null, category: null, consent: "unknown" };
  return { entity, company: known.company, category: known.category, consent: CONSENT_OF_ENTITY[entity] ?? CONSENT_OF_CATEGORY[known.category] ?? "unknown" };
}

/** A third-party host: its third-party-web entity, else its own root domain as an unrecognised tracker. */
export function classifyHost(host: string): Tracker {
  const url = `https://${host}/`;
  const known = thirdPartyWeb.getEntity(url);
  return known ? trackerNamed(known.name) : trackerNamed(thirdPartyWeb.getRootDomain(url) || host);
}

/** A cookie name: the tracker that sets it, when it is a well-known one (tracking-cookies.ts); else nothing. */
export function classifyCookie(name: string): Tracker | undefined {
  const match = TRACKING_COOKIES.find((c) => (c.prefix ? name.startsWith(c.name) : name === c.name));
  return match && { ...trackerNamed(match.entity), consent: match.consent };
}

/** The trackers one visit shows, each with the names it was seen by; those that need no consent are left out. */
export function trackersSeen(hosts: readonly string[], cookies: readonly string[]): Map<string, { tracker: Tracker; hosts: string[]; cookies: string[] }> {
  const seen = new Map<string, { tracker: Tracker; hosts: string[]; cookies: string[] }>();
  const note = (tracker: Tracker | undefined, kind: "hosts" | "cookies", name: string) => {
    if (!tracker || tracker.consent === "none") return;
    const entry = seen.get(tracker.entity) ?? { tracker, hosts: [], cookies: [] };
    entry[kind].push(name);
    seen.set(tracker.entity, entry);
  };
  for (const host of hosts) note(classifyHost(host), "hosts", host);
  for (const cookie of cookies) note(classifyCookie(cookie), "cookies", cookie);
  return seen;
}

/** A tracker of one first visit: whether it leaked (loaded or set cookies before the choice) and whether the blocker held it. */
export interface VisitTracker {
  entity: string;
  hosts: string[];
  cookies: string[];
  leaked: boolean;
  held: boolean;
}

/**
 * The trackers of one first visit: those that leaked (loaded or set cookies before the choice) and those
 * the blocker held. A host both loaded and held counts as leaked only in report only (where held means
 * "would have been held" and everything loads); otherwise the blocker's word that it held it is trusted.
 */
export function visitTrackers(hosts: string[], cookies: string[], held: string[], reportOnly: boolean): VisitTracker[] {
  const heldHosts = new Set(held);
  const leaked = trackersSeen(reportOnly ? hosts : hosts.filter((h) => !heldHosts.has(h)), cookies);
  const holds = trackersSeen(held, []);
  const entities = new Set([...leaked.keys(), ...holds.keys()]);
  return [...entities].map((entity) => {
    const l = leaked.get(entity);
    const h = holds.get(entity);
    return {
      entity,
      hosts: [...new Set([...(l?.hosts ?? []), ...(h?.hosts ?? [])])],
      cookies: l?.cookies ?? [],
      leaked: l !== undefined,
      held: h !== undefined,
    };
  });
}
