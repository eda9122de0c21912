import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { ROOT } from "../config/paths.js";
import { resolveLocale as resolveAnyLocale } from "../i18n/resolve-locale.js";
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

/**
 * The locale to speak for a storefront locale (Shopify's `request.locale.iso_code`: "de", "pt-BR", "zh-TW"):
 * the exact locale, else the one it stands for ("no" → nb, "zh-HK" → zh-TW), else its language, else another
 * regional variant of the language, else English.
 */
export const resolveLocale = (requested: string | null | undefined): string => resolveAnyLocale(requested, PRIVACY_LOCALES, "en");

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
