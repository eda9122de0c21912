// GET /api/home's answer: defined once, built by home-api.ts, read by the admin UI (`import type`).
export interface SetupStatus {
  /** The banner settings were reviewed and saved at least once. */
  settingsSaved: boolean;
  /** The merchant's own policy link, from the saved settings (overrides the shop's policy). */
  customPolicyUrl: string | null;
  /** The shop's privacy policy page (the default link), null when it has none. */
  shopPolicy: { url: string; title: string } | null;
  /** Why the shop's policy could not be read (a permission not granted yet), else null. */
  shopPolicyError: string | null;
  /** Shopify's own cookie banner; null when it could not be read (see the error). */
  shopifyBanner: { enabled: boolean; autoManaged: boolean } | null;
  shopifyBannerError: string | null;
  /** Shopify's consent regions against where the banner asks (web/settings/consent-regions.ts); null when unread (see the error). */
  consentRegions: ConsentRegionsStatus | null;
  consentRegionsError: string | null;
  /** The merchant closed the guide once it was complete. */
  dismissed: boolean;
}

/** Places are ISO 3166 codes: "DE", or "US-CA" for a region of a country. */
export interface ConsentRegionsStatus {
  /** The banner is set to "Show to every visitor". */
  everywhere: boolean;
  /** The countries whose law asks for consent (the EU, the rest of the EEA, the UK, Switzerland). */
  consentCountries: string[];
  /** Where Shopify's own cookies wait for consent now. */
  requiring: string[];
  /** No region requires consent: Shopify's cookies are set before any choice, everywhere. */
  noneRequire: boolean;
  /** Of consentCountries, where Shopify's cookies do not wait. */
  missing: string[];
  /** Where Shopify also requires consent (kept). */
  beyond: string[];
  /** Of `missing`, what Shopify does not let an app set. */
  unsettable: string[];
  agree: boolean;
}

/** A change of Shopify's consent regions made outside the app, shown on Home until acknowledged. */
export interface ConsentRegionDrift {
  consentAdded: string[];
  consentRemoved: string[];
  optOutAdded: string[];
  optOutRemoved: string[];
  /** When the first unacknowledged change was seen, and when the regions were last read (ISO). */
  since: string;
  checkedAt: string | null;
}

export interface HomeMetrics {
  /** Consent receipts stored in the last 30 days. */
  receipts30d: number;
  /** Share of those choices that granted both analytics and marketing (null without receipts). */
  consentRate30d: number | null;
  openRequests: number;
  /** The nearest due date of an open privacy request (ISO 8601). */
  nearestDueAt: string | null;
  /** Open requests past their due date. */
  overdueRequests: number;
  /** Open requests due within the next `dueSoonDays` days (not yet overdue). */
  dueSoonRequests: number;
  dueSoonDays: number;
  /**
   * The consent leak report's last 7 days: visits observed, and the trackers needing marketing or analytics
   * consent that loaded before the choice (worst first), with the host and cookie names they were seen by.
   */
  leaks7d: { observedVisits: number; trackers: Array<{ entity: string; hosts: string[]; cookies: string[] }> };
}

export interface HomeResponse {
  setup: SetupStatus;
  metrics: HomeMetrics;
  /** Shopify's consent regions changed since the merchant last looked (the daily check), or null. */
  consentRegionDrift: ConsentRegionDrift | null;
}
