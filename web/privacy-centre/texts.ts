import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { ROOT } from "../config/paths.js";
import type { ShopperRequestType } from "./request-types.js";

/** The privacy centre's text keys: English is the source, every other locale has the same keys (test/privacy-centre-texts.test.ts). */
export type PrivacyTextKey = keyof typeof import("./locales/en.json");
export type PrivacyTexts = Record<PrivacyTextKey, string>;

const LOCALES_DIR = path.join(ROOT, "web/privacy-centre/locales");
const english = JSON.parse(readFileSync(path.join(LOCALES_DIR, "en.json"), "utf8")) as PrivacyTexts;

/** Every locale the privacy centre speaks (file names of locales/), English first. */
export const PRIVACY_LOCALES: string[] = readdirSync(LOCALES_DIR)
  .filter((file) => file.endsWith(".json"))
  .map((file) => file.replace(/\.json$/, ""))
  .sort((a, b) => (a === "en" ? -1 : b === "en" ? 1 : a.localeCompare(b)));

const catalogues = new Map<string, PrivacyTexts>();

function catalogue(locale: string): PrivacyTexts {
  let texts = catalogues.get(locale);
  if (!texts) {
    const own = JSON.parse(readFileSync(path.join(LOCALES_DIR, `${locale}.json`), "utf8")) as Partial<PrivacyTexts>;
    texts = { ...english, ...own };
    catalogues.set(locale, texts);
  }
  return texts;
}

/** Locales that stand for another: Norwegian ("no") is written in Bokmål; Chinese by script and region. */
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
 * The locale to speak for a storefront locale (Shopify's `request.locale.iso_code`: "de", "pt-BR", "zh-TW"):
 * the exact locale, else the one it stands for (ALIASES: "no" → nb, "zh-HK" → zh-TW, "zh-Hans-SG" → zh-CN),
 * else its language, else another regional variant of the language, else English.
 */
export function resolveLocale(requested: string | null | undefined): string {
  const wanted = (requested ?? "").trim().toLowerCase();
  if (!/^[a-z]{2,3}(-[a-z0-9]{2,4}){0,2}$/.test(wanted)) return "en";
  const exact = PRIVACY_LOCALES.find((l) => l.toLowerCase() === wanted);
  if (exact) return exact;
  const [language, ...subtags] = wanted.split("-");
  // The script before the region: zh-Hant-HK is Traditional Chinese whatever the region.
  const alias = [wanted, `${language}-${subtags[0]}`, `${language}-${subtags[1]}`, language!].map((tag) => ALIASES[tag]).find(Boolean);
  if (alias) return alias;
  return PRIVACY_LOCALES.find((l) => l.toLowerCase() === language) ?? PRIVACY_LOCALES.find((l) => l.toLowerCase().startsWith(`${language}-`)) ?? "en";
}

/** Right-to-left scripts among the locales. */
export const isRightToLeft = (locale: string) => /^(ar|he|fa|ur)(-|$)/.test(locale);

export interface Texts {
  locale: string;
  dir: "ltr" | "rtl";
  /** A text with its {placeholders} filled; `escape` applies to the text and, unless already safe, to each value. */
  t(key: PrivacyTextKey, values?: Record<string, string>): string;
  /** A date as the locale writes it (UTC). */
  date(at: Date): string;
  /** The request type as a fragment of a sentence ("a copy of my data"). */
  type(type: ShopperRequestType): string;
}

/**
 * The texts of a locale. `t` fills placeholders as given: callers that build HTML or Liquid pass an
 * escaping `render` (liquid-safe.ts), so neither the texts nor the values can open markup or Liquid.
 */
export function textsFor(requested: string | null | undefined, render: (text: string) => string = (text) => text): Texts {
  const locale = resolveLocale(requested);
  const texts = catalogue(locale);
  const dates = new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" });
  // The text's own parts go through `render`; each {placeholder} is replaced by its value as given.
  const t = (key: PrivacyTextKey, values: Record<string, string> = {}) =>
    texts[key]
      .split(/(\{\w+\})/)
      .map((part) => {
        const name = /^\{(\w+)\}$/.exec(part)?.[1];
        return name !== undefined && name in values ? values[name]! : render(part);
      })
      .join("");
  return {
    locale,
    dir: isRightToLeft(locale) ? "rtl" : "ltr",
    t,
    date: (at) => dates.format(at),
    type: (type) => render(texts[`type_${type}`]),
  };
}
