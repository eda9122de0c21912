// The consent leak report's contract (GET /api/consent/leaks) and the tracker choices' API
// (PUT /api/consent/trackers/:key, PUT /api/consent/trackers-report-only), shared with the admin by `import type`.

/** What the storefront's blocker does with a tracker's hosts (the banner's contract defines the codes). */
export type { TrackerCode } from "../../extensions/consent-banner/src/contract.js";
import type { TrackerCode } from "../../extensions/consent-banner/src/contract.js";

/**
 * The consent a tracker needs before it may run: a Customer Privacy API category, none (CDNs, hosting,
 * utilities), "loads_others" (a tag manager: whatever it loads decides) or unknown (not recognised).
 */
export type LeakConsent = "marketing" | "analytics" | "preferences" | "loads_others" | "unknown" | "none";

/** The merchant's choice for a tracker: it waits for consent, or it is allowed as necessary (never waits). */
export type TrackerDecision = "wait" | "necessary";

/** The categories a merchant may give an unrecognised tracker. */
export type AssignableCategory = "marketing" | "analytics" | "preferences";

/** One tracker seen on the shop's storefront over the report's days: held back until consent, leaked before it, or both. */
export interface LeakEntity {
  /** third-party-web's entity name ("Google Analytics"), or the host name when it is not recognised. The key of PUT /api/consent/trackers/:key. */
  entity: string;
  company: string | null;
  /** third-party-web's category (ad, analytics, social, tag-manager, …), null when unrecognised. */
  category: string | null;
  /** The consent it needs: its classification, or the category the merchant gave an unrecognised tracker. */
  consent: LeakConsent;
  /** Leaked: observed visits (first choices) in which it had loaded, or set its cookies, before the choice. */
  visits: number;
  /** visits ÷ observed visits over the same days, 0–1. */
  share: number;
  /** Observed visits in which the banner held it back until the choice (report only: in which it would have). */
  held: number;
  /** When it was first held back in the report's days (ISO), null when it never was. */
  heldSince: string | null;
  /** Pages on which it failed to load or threw after being released ("may be broken by waiting"). */
  broken: number;
  /** broken ÷ observed visits over the same days, 0–1; above 0.01 the tracker is listed first. */
  brokenShare: number;
  /**
   * The merchant's choice, else the default: "wait" for what the storefront holds back (code m, a, p, t),
   * "necessary" for what it lets load (code n, or an unrecognised tracker without a category: code null).
   */
  decision: TrackerDecision;
  /** What the storefront's blocker does with its hosts; null: not recognised and no category given, so it loads. */
  code: TrackerCode | null;
  /** An unrecognised tracker: the merchant may give it a category (PUT with decision "wait" and a category). */
  assignable?: true;
  /** The merchant's own choice, when there is one: when and by whom (Shopify's staff id; null when unknown). */
  choice: { updatedAt: string; updatedBy: string | null } | null;
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
  /**
   * Trackers that leaked or were held: those flagged broken on more than 1 % of visits first, then by the
   * consent they need (marketing, analytics, preferences, tag managers, unknown), then by leaked visits.
   */
  leaks: LeakEntity[];
  /** The merchant's "report only" switch: nothing is held on the storefront; `held` counts what would have been. */
  reportOnly: boolean;
}

/** Whether the store's tracker list reached the storefront (the app-owned metafield consent_banner.trackers). */
export interface StorefrontWrite {
  /** true: written now. false: Shopify failed; a retry is queued (with backoff) and `error` says why. */
  written: boolean;
  error?: string;
}

/**
 * PUT /api/consent/trackers/:key (key: a LeakEntity's `entity`, URL-encoded).
 * `category` only for an unrecognised tracker, and only with decision "wait" (which then requires it); 400 otherwise.
 */
export interface TrackerChoiceRequest {
  decision: TrackerDecision;
  category?: AssignableCategory;
}

/** 200 from PUT /api/consent/trackers/:key: the choice as stored, what the storefront now does, and whether it got there. */
export interface TrackerChoiceResponse {
  entity: string;
  decision: TrackerDecision;
  category: AssignableCategory | null;
  code: TrackerCode | null;
  storefront: StorefrontWrite;
}

/** PUT /api/consent/trackers-report-only */
export interface ReportOnlyRequest {
  reportOnly: boolean;
}

/** 200 from PUT /api/consent/trackers-report-only */
export interface ReportOnlyResponse {
  reportOnly: boolean;
  storefront: StorefrontWrite;
}

/** 400 from either PUT: what is wrong with the request. */
export interface TrackerChoiceError {
  error: string;
}
