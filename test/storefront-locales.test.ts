import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { TEXT_KEYS } from "../extensions/consent-banner/src/contract.js";
import { ROOT } from "../web/config/paths.js";
import { GLOSSARY_TERMS, STOREFRONT_LOCALES, type Glossary, type GlossaryTerm } from "../web/i18n/storefront-locales.js";

const BANNER_DIR = path.join(ROOT, "extensions/consent-banner/locales");
const PRIVACY_DIR = path.join(ROOT, "web/privacy-centre/locales");
const GLOSSARY_DIR = path.join(ROOT, "web/i18n/glossary");
const json = (file: string) => JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
const bannerFile = (locale: string) => path.join(BANNER_DIR, locale === "en" ? "en.default.json" : `${locale}.json`);
const banner = (locale: string) => (json(bannerFile(locale)) as { banner: Record<string, string> }).banner;
const privacy = (locale: string) => json(path.join(PRIVACY_DIR, `${locale}.json`)) as Record<string, string>;
const glossary = (locale: string) => json(path.join(GLOSSARY_DIR, `${locale}.json`)) as Glossary;
const names = (dir: string) =>
  readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .map((f) => f.replace(/(\.default)?\.json$/, ""))
    .sort();
const placeholders = (text: string) => (text.match(/\{\w+\}/g) ?? []).sort().join(",");
/** English source strings a language may keep as they are (names, codes, loanwords the language uses as is). */
const SAME_AS_ENGLISH = new Set(["ZIP", "Marketing"]);
const TRANSLATED = STOREFRONT_LOCALES.filter((l) => l !== "en");

/** Scripts other than Latin, and the locales written in each. */
const SCRIPTS = {
  Arabic: /[\u0600-\u06FF]/g,
  Hebrew: /[\u0590-\u05FF]/g,
  Cyrillic: /[\u0400-\u04FF]/g,
  Greek: /[\u0370-\u03FF]/g,
  Devanagari: /[\u0900-\u097F]/g,
  Thai: /[\u0E00-\u0E7F]/g,
  Hangul: /[\uAC00-\uD7AF\u1100-\u11FF]/g,
  Kana: /[\u3040-\u30FF]/g,
  Han: /[\u4E00-\u9FFF]/g,
};
const OWN_SCRIPTS: Record<string, string[]> = {
  ar: ["Arabic"],
  he: ["Hebrew"],
  bg: ["Cyrillic"],
  uk: ["Cyrillic"],
  el: ["Greek"],
  hi: ["Devanagari"],
  th: ["Thai"],
  ko: ["Hangul"],
  ja: ["Kana", "Han"],
  "zh-CN": ["Han"],
  "zh-TW": ["Han"],
};

/** Every storefront text of a locale, keyed "banner.x" and "privacy.y". */
const allTexts = (locale: string) => ({
  ...Object.fromEntries(Object.entries(banner(locale)).map(([k, v]) => [`banner.${k}`, v])),
  ...Object.fromEntries(Object.entries(privacy(locale)).map(([k, v]) => [`privacy.${k}`, v])),
});

describe("the storefront's languages", () => {
  it("are the same list in the banner, the privacy centre and the glossary", () => {
    const list = [...STOREFRONT_LOCALES].sort();
    expect(names(BANNER_DIR)).toEqual(list);
    expect(names(PRIVACY_DIR)).toEqual(list);
    expect(names(GLOSSARY_DIR)).toEqual(TRANSLATED.slice().sort());
  });

  it("stay inside the theme app extension's limits: at most 100 locale files of at most 15 KB each", () => {
    const files = readdirSync(BANNER_DIR);
    expect(files.length).toBeLessThanOrEqual(100);
    for (const file of files) expect(statSync(path.join(BANNER_DIR, file)).size, file).toBeLessThanOrEqual(15 * 1024);
  });

  it.each(TRANSLATED)("%s: every key, filled, the same placeholders, no markup or Liquid, nothing left in English", (locale) => {
    const english = allTexts("en");
    const texts = allTexts(locale);
    expect(Object.keys(texts)).toEqual(Object.keys(english));
    expect(Object.keys(banner(locale))).toEqual([...TEXT_KEYS]);
    for (const [key, source] of Object.entries(english)) {
      const text = texts[key]!;
      expect(text.trim(), `${locale} ${key}`).not.toBe("");
      expect(text, `${locale} ${key} has spaces around it`).toBe(text.trim());
      expect(placeholders(text), `${locale} ${key}`).toBe(placeholders(source));
      expect(text, `${locale} ${key}`).not.toMatch(/<|>|\{\{|\{%/);
      if (!SAME_AS_ENGLISH.has(source)) expect(text, `${locale} ${key} is still English`).not.toBe(source);
    }
  });

  it.each(TRANSLATED)("%s: written in its own script (beside Latin for names), no letter of another", (locale) => {
    const own = OWN_SCRIPTS[locale] ?? [];
    for (const [key, text] of Object.entries(allTexts(locale)))
      for (const [script, letters] of Object.entries(SCRIPTS))
        if (!own.includes(script)) expect(text.match(letters) ?? [], `${locale} ${key} has ${script} letters: ${text}`).toEqual([]);
  });

  it.each(TRANSLATED)("%s: the legal terms are rendered as its glossary says, wherever English uses them", (locale) => {
    const terms = glossary(locale);
    expect(Object.keys(terms).sort()).toEqual(Object.keys(GLOSSARY_TERMS).sort());
    const english = allTexts("en");
    const texts = allTexts(locale);
    for (const [term, { source }] of Object.entries(GLOSSARY_TERMS) as [GlossaryTerm, (typeof GLOSSARY_TERMS)[GlossaryTerm]][]) {
      const { term: written, stems } = terms[term];
      expect(written.trim(), `${locale} glossary ${term}`).not.toBe("");
      expect(stems.length, `${locale} glossary ${term}`).toBeGreaterThan(0);
      // A stem short enough to match anything would make the check empty.
      for (const stem of stems)
        expect([...stem].length, `${locale} glossary ${term} stem "${stem}"`).toBeGreaterThanOrEqual(/[\u3040-\u9fff\uac00-\ud7af]/.test(stem) ? 2 : 4);
      expect(
        stems.some((stem) => written.toLocaleLowerCase(locale).includes(stem.toLocaleLowerCase(locale))),
        `${locale} glossary ${term}: the term contains one of its stems`,
      ).toBe(true);
      for (const [key, text] of Object.entries(english)) {
        if (!source.test(text)) continue;
        const translated = texts[key]!.toLocaleLowerCase(locale);
        expect(
          stems.some((stem) => translated.includes(stem.toLocaleLowerCase(locale))),
          `${locale} ${key} says "${term}" in English but none of ${JSON.stringify(stems)}: ${texts[key]}`,
        ).toBe(true);
      }
    }
  });
});
