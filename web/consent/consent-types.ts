// What the admin API answers about consent: defined once, built by the server, read by the admin UI
// (`import type`).
import type { Category, Method } from "../../extensions/consent-banner/src/contract.js";

export interface DayStats {
  /** YYYY-MM-DD, UTC. */
  day: string;
  total: number;
  acceptAll: number;
  rejectAll: number;
  custom: number;
  gpc: number;
  /** Share of choices that granted analytics and marketing (null on a day without choices). */
  consentRate: number | null;
}

export interface RegionStats {
  /** Shopify's region code (country + subdivision, e.g. DEBE, USCA), "" when unknown. */
  region: string;
  total: number;
  consentRate: number;
}

export interface RetentionView {
  /** How long receipts are kept, in months (6 to 60). */
  months: number;
  /** The daily purge's last run, and how many receipts it removed. */
  lastRunAt: string | null;
  lastDeleted: number | null;
}

/** GET /api/consent/stats?days=7|30|90 */
export interface ConsentStatsResponse {
  days: DayStats[];
  totals: Omit<DayStats, "day">;
  regions: RegionStats[];
  retention: RetentionView;
}

export interface ReceiptView {
  id: string;
  recordedAt: string;
  consentId: string | null;
  customerId: string | null;
  method: Method;
  granted: Category[];
  denied: Category[];
  revision: number;
  region: string | null;
  textHash: string;
}

/** GET /api/consent/receipts?q=&cursor= (newest first) */
export interface ReceiptLogResponse {
  receipts: ReceiptView[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

/** POST /api/consent/receipts/export */
export interface ExportLinkResponse {
  /** A signed download link, valid for one minute, for this shop only. */
  url: string;
  expiresAt: string;
}
