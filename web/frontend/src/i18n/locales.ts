/**
 * The admin's languages: Shopify admin's own (Polaris ships its component strings for each). One catalogue
 * per language in web/frontend/locales/<locale>.json (ICU MessageFormat), English the source.
 */
export const ADMIN_LOCALES = [
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
export type AdminLocale = (typeof ADMIN_LOCALES)[number];

/**
 * The pseudo-locale: every English text wrapped in ⟦…⟧ and lengthened by 30 % (web/frontend/i18n-catalogues.ts
 * builds it). Opened with `?locale=en-XA`, it shows any text that does not come from the catalogue.
 */
export const PSEUDO_LOCALE = "en-XA";

/** Locales that stand for another: Norwegian ("no") is written in Bokmål; Chinese by script and region. */
const ALIASES: Record<string, AdminLocale> = {
  no: "nb",
  "zh-hant": "zh-TW",
  "zh-hk": "zh-TW",
  "zh-mo": "zh-TW",
  "zh-hans": "zh-CN",
  "zh-sg": "zh-CN",
  pt: "pt-BR",
  zh: "zh-CN",
};

/**
 * The admin locale for what Shopify passes (`locale` on the app's URL, App Bridge's config: "de", "pt-BR",
 * "zh-TW"): the exact locale, else the one it stands for, else its language, else English.
 */
export function resolveAdminLocale(requested: string | null | undefined): AdminLocale | typeof PSEUDO_LOCALE {
  const wanted = (requested ?? "").trim().toLowerCase();
  if (wanted === PSEUDO_LOCALE.toLowerCase()) return PSEUDO_LOCALE;
  if (!/^[a-z]{2,3}(-[a-z0-9]{2,4}){0,2}$/.test(wanted)) return "en";
  const exact = ADMIN_LOCALES.find((l) => l.toLowerCase() === wanted);
  if (exact) return exact;
  const [language, ...subtags] = wanted.split("-");
  const alias = [`${language}-${subtags[0]}`, `${language}-${subtags[1]}`, language!].map((tag) => ALIASES[tag]).find(Boolean);
  return alias ?? ADMIN_LOCALES.find((l) => l === language) ?? "en";
}
