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
  "title",
  "description",
  "accept_all",
  "reject_all",
  "customise",
  "save",
  "close",
  "privacy_policy",
  "privacy_choices",
  "always_on",
  "gpc_notice",
  "revision_notice",
  "error",
  "necessary",
  "necessary_desc",
  "preferences",
  "preferences_desc",
  "analytics",
  "analytics_desc",
  "marketing",
  "marketing_desc",
  "sale_of_data",
  "sale_of_data_desc",
] as const;
export type TextKey = (typeof TEXT_KEYS)[number];

/**
 * What the banner reports of a first visit (the consent leak report): at most SEEN_CAP third-party host
 * names and cookie names each, names only. The banner sends only names these accept; the server refuses
 * a receipt with any other.
 */
export const SEEN_CAP = 40;
/** A host name as URL.hostname gives it (lower case, punycode), with at least one dot: no IPv6 literals. */
export const HOST_NAME = /^(?=.{3,253}$)([a-z0-9-]{1,63}\.)+[a-z0-9-]{1,63}$/;
/** A cookie name (RFC 6265 token), at most 64 characters: no commas, so a list joins safely. */
export const COOKIE_NAME = /^[\w!#$%&'*+.^`|~-]{1,64}$/;
/**
 * A consent id as a receipt carries it: what Shopify's Customer Privacy API `consentId()` returns (a
 * UUID-like token; the local stand-in's are `local-…`). Letters, digits and `_ . : -`, at most 100
 * characters, starting with a letter, digit or `_`: never `-`, `=`, `+` or `@`, which a spreadsheet
 * opening the CSV export would read as a formula. The banner sends no id that fails it; the server
 * refuses one.
 */
export const CONSENT_ID = /^\w[\w.:-]{0,99}$/;
