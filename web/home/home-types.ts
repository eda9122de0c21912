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
  /** The merchant closed the guide once it was complete. */
  dismissed: boolean;
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
}
