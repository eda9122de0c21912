import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../../config/paths.js";
import { inert } from "../liquid-safe.js";
import { PRIVACY_LOCALES, resolveLocale, textsFor } from "../texts.js";

const dir = path.join(ROOT, "web/privacy-centre/locales");
const read = (locale: string) => JSON.parse(readFileSync(path.join(dir, `${locale}.json`), "utf8")) as Record<string, string>;
const english = read("en");
const placeholders = (text: string) => (text.match(/\{\w+\}/g) ?? []).sort().join(",");
/** Strings that may read the same as English in a language (brand names, codes, the banner's category "Marketing"). */
const SAME_AS_ENGLISH = new Set(["ZIP", "Marketing"]);

describe("the privacy centre's texts", () => {
  it("speaks every language the banner speaks", () => {
    const banner = readdirSync(path.join(ROOT, "extensions/consent-banner/locales")).map((f) => f.replace(/(\.default)?\.json$/, ""));
    expect([...PRIVACY_LOCALES].sort()).toEqual([...banner].sort());
  });

  it.each(PRIVACY_LOCALES.filter((l) => l !== "en"))(
    "%s has every key, filled, with the same placeholders, no markup or Liquid, and nothing left in English",
    (locale) => {
      const texts = read(locale);
      expect(Object.keys(texts)).toEqual(Object.keys(english));
      for (const [key, source] of Object.entries(english)) {
        const text = texts[key]!;
        expect(text.trim(), key).not.toBe("");
        expect(placeholders(text), key).toBe(placeholders(source));
        expect(text, key).not.toMatch(/<|>|\{\{|\{%/);
        if (!SAME_AS_ENGLISH.has(source)) expect(text, `${locale}.${key} is still English`).not.toBe(source);
      }
    },
  );

  it("resolves storefront locales: exact, then the language, then a regional variant, then English", () => {
    expect(resolveLocale("de")).toBe("de");
    expect(resolveLocale("de-AT")).toBe("de");
    expect(resolveLocale("pt-BR")).toBe("pt-BR");
    expect(resolveLocale("pt-PT")).toBe("pt-PT");
    expect(resolveLocale("pt")).toBe("pt-BR");
    expect(resolveLocale("sv-FI")).toBe("sv");
    expect(resolveLocale("no")).toBe("nb");
    expect(resolveLocale("nb-NO")).toBe("nb");
    expect(resolveLocale("zh")).toBe("zh-CN");
    expect(resolveLocale("zh-HK")).toBe("zh-TW");
    expect(resolveLocale("zh-Hant-HK")).toBe("zh-TW");
    expect(resolveLocale("zh-Hans-SG")).toBe("zh-CN");
    expect(resolveLocale("zh-tw")).toBe("zh-TW");
    expect(resolveLocale("eo")).toBe("en");
    expect(resolveLocale("{{ shop.name }}")).toBe("en");
    expect(textsFor("ar").dir).toBe("rtl");
    expect(textsFor("he").dir).toBe("rtl");
  });

  it("fills placeholders after making the text itself inert, and leaves the values as given", () => {
    const texts = textsFor("en", inert);
    expect(texts.t("sent_body", { email: inert("{{ shop.name }}@x") })).toContain("&#123;&#123; shop.name &#125;&#125;@x can receive");
    expect(inert(`{% raw %}<a href="x">'`)).toBe("&#123;% raw %&#125;&lt;a href=&quot;x&quot;&gt;&#39;");
  });
});
