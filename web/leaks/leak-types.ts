// The consent leak report's contract (GET /api/consent/leaks), shared with the admin by `import type`.

/**
 * The consent a tracker needs before it may run: a Customer Privacy API category, none (CDNs, hosting,
 * utilities), "loads_others" (a tag manager: whatever it loads decides) or unknown (not recognised).
 */
export type LeakConsent = "marketing" | "analytics" | "preferences" | "loads_others" | "unknown" | "none";

/** One tracker seen before shoppers chose, over the report's days. */
export interface LeakEntity {
  /** third-party-web's entity name ("Google Analytics"), or the host name when it is not recognised. */
  entity: string;
  company: string | null;
  /** third-party-web's category (ad, analytics, social, tag-manager, …), null when unrecognised. */
  category: string | null;
  consent: LeakConsent;
  /** Observed visits (first choices) in which it had loaded, or set its cookies, before the choice. */
  visits: number;
  /** visits ÷ observed visits over the same days, 0–1. */
  share: number;
  firstSeen: string;
  lastSeen: string;
  /** Up to five host names and five cookie names it was seen by (names only, never URLs or values). */
  hosts: string[];
  cookies: string[];
}

export interface LeakReport {
  days: number;
  /** First choices whose browsers reported what loaded before them. */
  observedVisits: number;
  /** Worst first: what needs marketing consent, then analytics, preferences, tag managers, unknown. */
  leaks: LeakEntity[];
}
