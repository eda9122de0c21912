// The banner's contract with the server and the theme: defined once, here. The storefront script, the
// server's receipt validation (web/consent/receipt-endpoint.ts), the admin's text editor and the tests of
// the Liquid block and locale files all import these lists; none keeps a copy.

/** Consent categories, as Shopify's Customer Privacy API names them (strictly necessary is always on). */
export const CATEGORIES = ["preferences", "analytics", "marketing", "sale_of_data"] as const;
export type Category = (typeof CATEGORIES)[number];

/** How a choice was made, as a receipt records it. */
export const METHODS = ["accept_all", "reject_all", "custom", "gpc"] as const;
export type Method = (typeof METHODS)[number];

/**
 * Every text the banner shows: the keys of locales/*.json under "banner", of the Liquid block's list,
 * and of the merchant's per-language overrides.
 */
export const TEXT_KEYS = [
  "title", "description", "accept_all", "reject_all", "customise", "save", "close", "privacy_policy",
  "privacy_choices", "always_on", "gpc_notice", "revision_notice", "error", "necessary", "necessary_desc",
  "preferences", "preferences_desc", "analytics", "analytics_desc", "marketing", "marketing_desc",
  "sale_of_data", "sale_of_data_desc",
] as const;
export type TextKey = (typeof TEXT_KEYS)[number];
