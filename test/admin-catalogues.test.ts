import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { setupI18n } from "@lingui/core";
import { compileMessage } from "@lingui/message-utils/compileMessage";
import { describe, expect, it } from "vitest";
import { ROOT } from "../web/config/paths.js";
import { compileCatalogue, pseudo } from "../web/frontend/i18n-catalogues.js";
import { pseudoText } from "../web/frontend/src/i18n/pseudo.js";
import { ADMIN_LOCALES, resolveAdminLocale } from "../web/frontend/src/i18n/locales.js";

const DIR = path.join(ROOT, "web/frontend/locales");
const read = (locale: string) => JSON.parse(readFileSync(path.join(DIR, `${locale}.json`), "utf8")) as Record<string, string>;
const english = read("en");

type Token = string | [string, string?, Record<string, Token[] | string>?];
/** The arguments a message uses ({name}, {count, plural, …}), and each plural or select's format. */
function argumentsOf(message: string): string[] {
  const out = new Set<string>();
  const walk = (tokens: Token[] | string) => {
    if (typeof tokens === "string") return;
    for (const token of tokens) {
      if (typeof token === "string") continue;
      const [name, format, options] = token;
      out.add(format ? `${name}:${format}` : name);
      if (options) for (const [key, value] of Object.entries(options)) if (!key.startsWith("offset")) walk(value);
    }
  };
  walk(compileMessage(message) as Token[] | string);
  return [...out].sort();
}
/** Every plural in a message: the categories it offers. */
function pluralCategories(message: string): string[][] {
  const out: string[][] = [];
  const walk = (tokens: Token[] | string) => {
    if (typeof tokens === "string") return;
    for (const token of tokens) {
      if (typeof token === "string") continue;
      const [, format, options] = token;
      if (format === "plural" && options) out.push(Object.keys(options).filter((k) => !/^(=|offset)/.test(k)));
      if (options) for (const [key, value] of Object.entries(options)) if (!key.startsWith("offset")) walk(value);
    }
  };
  walk(compileMessage(message) as Token[] | string);
  return out;
}
/** English texts a language may keep (names, codes). */
const SAME_AS_ENGLISH = /^(Shopify|Banner|GDPR|CCPA|CSV|JSON|PDF|ID|URL|OK|Google Consent Mode|Microsoft UET|App Bridge|\{[\w, #{}]*\})$/;

describe("the admin's message catalogues", () => {
  it("exist for exactly the admin's languages: Shopify admin's own and Arabic", () => {
    const files = readdirSync(DIR)
      .filter((f) => f.endsWith(".json"))
      .map((f) => f.replace(/\.json$/, ""))
      .sort();
    expect(files).toEqual([...ADMIN_LOCALES].sort());
  });

  it("compile as ICU messages, English included", () => {
    expect(() => compileCatalogue(english)).not.toThrow();
  });

  it.each(ADMIN_LOCALES.filter((l) => l !== "en"))(
    "%s: every key and no other, filled, with English's arguments, the plural forms the language needs, nothing left in English",
    (locale) => {
      const texts = read(locale);
      expect(Object.keys(texts).sort()).toEqual(Object.keys(english).sort());
      const needs = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
      for (const [id, source] of Object.entries(english)) {
        const text = texts[id]!;
        expect(text.trim(), `${locale} ${id}`).not.toBe("");
        expect(argumentsOf(text), `${locale} ${id}`).toEqual(argumentsOf(source));
        for (const categories of pluralCategories(text))
          expect(
            needs.filter((c) => !categories.includes(c)),
            `${locale} ${id} lacks plural forms`,
          ).toEqual([]);
        if (!SAME_AS_ENGLISH.test(source) && source.length > 3) expect(text, `${locale} ${id} is still English`).not.toBe(source);
      }
    },
  );

  it("ar: Lingui picks Arabic's plural form for each count (zero, one, two, few, many, other)", () => {
    const i18n = setupI18n({ locale: "ar", messages: { ar: compileCatalogue(read("ar")) as never } });
    // Six forms, each worded apart: a count given the wrong form shows.
    const lastDays = (count: number) => i18n._("period.lastDays", { count });
    expect([0, 1, 2, 3, 11, 100].map(lastDays)).toEqual(["آخر 0 يوم", "آخر يوم", "آخر يومين", "آخر 3 أيام", "آخر 11 يومًا", "آخر 100 يوم"]);
  });

  it("English offers the plural forms English needs", () => {
    for (const [id, source] of Object.entries(english))
      for (const categories of pluralCategories(source)) expect(categories, id).toEqual(expect.arrayContaining(["one", "other"]));
  });
});

describe("the pseudo-locale", () => {
  it("wraps and lengthens every text part in breakable padding, and keeps arguments, plural keys and tags", () => {
    expect(pseudo(compileMessage("Save") as never)).toEqual(["⟦Save ~~~⟧"]);
    expect(pseudo(compileMessage("{count, plural, one {# request} other {# requests}} for {shop}") as never)).toEqual([
      ["count", "plural", { one: ["#", "⟦ request ~~~⟧"], other: ["#", "⟦ requests ~~~⟧"] }],
      "⟦ for  ~~~⟧",
      ["shop"],
    ]);
    expect(pseudoText("Use <0>app pixels</0> ({n}).")).toBe("⟦Use  ~~~⟧<0>⟦app pixels ~~~⟧</0>⟦ ( ~~~⟧{n}⟦). ~~~⟧");
    expect(
      pseudoText("A long sentence of forty characters here")
        .split(" ")
        .every((word) => word.length < 12),
    ).toBe(true);
  });
});

describe("the admin's language", () => {
  it("follows what Shopify passes: exact, regional aliases, then the language (Arabic's regions too), else English", () => {
    expect(resolveAdminLocale("de")).toBe("de");
    expect(resolveAdminLocale("de-AT")).toBe("de");
    expect(resolveAdminLocale("pt-BR")).toBe("pt-BR");
    expect(resolveAdminLocale("pt-PT")).toBe("pt-PT");
    expect(resolveAdminLocale("pt")).toBe("pt-BR");
    expect(resolveAdminLocale("zh-HK")).toBe("zh-TW");
    expect(resolveAdminLocale("no")).toBe("nb");
    expect(resolveAdminLocale("en-XA")).toBe("en-XA");
    expect(resolveAdminLocale("ar")).toBe("ar");
    expect(resolveAdminLocale("ar-SA")).toBe("ar");
    expect(resolveAdminLocale("ar-EG")).toBe("ar");
    expect(resolveAdminLocale("he")).toBe("en");
    expect(resolveAdminLocale("<script>")).toBe("en");
    expect(resolveAdminLocale(undefined)).toBe("en");
  });
});
