// The Banner page's API types, shared by the server and the admin UI (`import type`). The settings' own
// shape (BannerSettings) is the banner's contract: extensions/consent-banner/src/contract.ts.
import type { BannerColors, BannerSettings, TextKey } from "../../extensions/consent-banner/src/contract.js";

export type { BannerColors, BannerSettings };

export type SyncState = "pending" | "synced" | "failed" | "superseded";

export interface SettingsVersionView {
  version: number;
  createdAt: string;
  /** Shopify's id of the staff member who saved it (the session token's `sub`). */
  createdBy: string | null;
  /** Dotted paths of the fields that changed against the previous version. */
  changes: string[];
  /** Why the policy revision was raised, when that is what this version did. */
  reason: string | null;
  /** Whether this version reached the storefront (the app-owned metafield). */
  syncState: SyncState;
  syncError: string | null;
  syncedAt: string | null;
}

/** GET /api/settings */
export interface SettingsResponse {
  /** The current version, or null before the first save (the defaults apply then). */
  current: (SettingsVersionView & { settings: BannerSettings }) | null;
  defaults: BannerSettings;
  /** The extension's own texts per shipped language (placeholders, and what applies when a field is empty). */
  locales: { defaultLocale: string; texts: Record<string, Record<TextKey, string>> };
  /** The shop's privacy policy, the default link (null when it has none or the scope is missing). */
  shopPolicyUrl: string | null;
}

/** GET /api/settings/history */
export interface SettingsHistoryResponse {
  versions: SettingsVersionView[];
}

/** 400 from PUT /api/settings: what is wrong, next to which field. */
export interface FieldErrorsResponse {
  error: string;
  fieldErrors: Array<{ path: string; message: string }>;
}
