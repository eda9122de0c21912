import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { TEXT_KEYS, type TextKey } from "../../extensions/consent-banner/src/contract.js";
import { ROOT } from "../config/paths.js";

const LOCALES_DIR = path.join(ROOT, "extensions/consent-banner/locales");

/** The languages the theme app extension ships, and their texts: read from its locales/, never copied. */
export function readBannerLocales(): { defaultLocale: string; texts: Record<string, Record<TextKey, string>> } {
  let defaultLocale = "en";
  const texts: Record<string, Record<TextKey, string>> = {};
  for (const file of readdirSync(LOCALES_DIR)
    .filter((f) => f.endsWith(".json"))
    .sort()) {
    const locale = file.replace(/(\.default)?\.json$/, "");
    if (file.includes(".default.")) defaultLocale = locale;
    const banner = (JSON.parse(readFileSync(path.join(LOCALES_DIR, file), "utf8")) as { banner: Record<string, string> }).banner;
    texts[locale] = Object.fromEntries(TEXT_KEYS.map((key) => [key, banner[key] ?? ""])) as Record<TextKey, string>;
  }
  return { defaultLocale, texts };
}
