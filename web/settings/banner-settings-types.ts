// The banner settings as the admin API exchanges them and as the storefront's metafield holds them:
// defined once, imported by the server and by the admin UI (`import type`).
import type { TextKey } from "../../extensions/consent-banner/src/contract.js";

export interface BannerColors {
  background: string;
  text: string;
  button: string;
  buttonText: string;
}

export interface BannerSettings {
  /** Policy revision: raising it asks every visitor again. */
  revision: number;
  /** Show to every visitor, not only where Shopify requires consent. */
  everywhere: boolean;
  /** Google Consent Mode v2. */
  gcm: boolean;
  position: "bottom" | "top";
  /** A bar across the page, or a box in a corner. */
  layout: "bar" | "box";
  /** Corner radius in px. */
  radius: number;
  colors: BannerColors;
  /** The app proxy path the banner posts receipts to (Settings › Apps › App proxy). */
  proxyPath: string;
  /** The privacy policy link; null: the shop's own privacy policy. */
  policyUrl: string | null;
  /** The merchant's texts per language; a missing or empty one falls back to the extension's translation. */
  text: Record<string, Partial<Record<TextKey, string>>>;
}

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
