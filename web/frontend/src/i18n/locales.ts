import { resolveLocale } from "../../../i18n/resolve-locale.js";

/** Shopify admin's own languages: Polaris ships its component strings for each. */
export const SHOPIFY_ADMIN_LOCALES = [
  "cs",
  "da",
  "de",
  "en",
  "es",
  "fi",
  "fr",
  "it",
  "ja",
  "ko",
  "nb",
  "nl",
  "pl",
  "pt-BR",
  "pt-PT",
  "sv",
  "th",
  "tr",
  "vi",
  "zh-CN",
  "zh-TW",
] as const;

/** Shopify's admin does not offer Arabic; the app does, for merchants whose admin URL or App Bridge passes ar. */
export const APP_ONLY_ADMIN_LOCALES = ["ar"] as const;

/**
 * The admin's languages: Shopify admin's own and the app's own additions. One catalogue per language in
 * web/frontend/locales/<locale>.json (ICU MessageFormat), English the source.
 */
export const ADMIN_LOCALES = [...SHOPIFY_ADMIN_LOCALES, ...APP_ONLY_ADMIN_LOCALES] as const;
export type AdminLocale = (typeof ADMIN_LOCALES)[number];

/**
 * The pseudo-locale: every English text wrapped in ⟦…⟧ and lengthened by 30 % (web/frontend/i18n-catalogues.ts
 * builds it). Opened with `?locale=en-XA`, it shows any text that does not come from the catalogue.
 */
export const PSEUDO_LOCALE = "en-XA";

/**
 * The admin locale for what Shopify passes (`locale` on the app's URL, App Bridge's config: "de", "pt-BR",
 * "zh-TW"): the exact locale, else the one it stands for, else its language or a regional variant, else English.
 */
export function resolveAdminLocale(requested: string | null | undefined): AdminLocale | typeof PSEUDO_LOCALE {
  if ((requested ?? "").trim().toLowerCase() === PSEUDO_LOCALE.toLowerCase()) return PSEUDO_LOCALE;
  return resolveLocale(requested, ADMIN_LOCALES, "en");
}
