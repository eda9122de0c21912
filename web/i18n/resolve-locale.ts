/** Locales that stand for another: Norwegian ("no") is written in Bokmål; Chinese by script or region. */
const ALIASES: Record<string, string> = {
  no: "nb",
  "zh-hant": "zh-TW",
  "zh-hk": "zh-TW",
  "zh-mo": "zh-TW",
  "zh-hans": "zh-CN",
  "zh-sg": "zh-CN",
  "zh-my": "zh-CN",
};

/**
 * Which of `available` speaks to a requested locale ("de", "pt-BR", "zh-Hant-HK", as Shopify passes them): the
 * exact locale, else the one it stands for (ALIASES), else its language, else the first regional variant of the
 * language in `available`, else `fallback`. Pure: the storefront's and the admin's languages both use it.
 */
export function resolveLocale<L extends string>(requested: string | null | undefined, available: readonly L[], fallback: L): L {
  const wanted = (requested ?? "").trim().toLowerCase();
  if (!/^[a-z]{2,3}(-[a-z0-9]{2,4}){0,2}$/.test(wanted)) return fallback;
  const find = (tag: string | undefined) => (tag ? available.find((l) => l.toLowerCase() === tag.toLowerCase()) : undefined);
  const [language, ...subtags] = wanted.split("-");
  // The script before the region: zh-Hant-HK is Traditional Chinese whatever the region.
  const alias = [wanted, `${language}-${subtags[0]}`, `${language}-${subtags[1]}`, language!].map((tag) => find(ALIASES[tag])).find(Boolean);
  return find(wanted) ?? alias ?? find(language) ?? available.find((l) => l.toLowerCase().startsWith(`${language}-`)) ?? fallback;
}
