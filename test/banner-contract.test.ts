import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  contrast,
  defaultSettings,
  OPTIONS,
  optionLeaves,
  storefrontConfig,
  type BannerSettings,
  type OptionLeaf,
  type TextKey,
} from "../extensions/consent-banner/src/contract.js";
import { generateBlock, generatePrivacyLink } from "../extensions/consent-banner/src/block-liquid.js";
import { renderEmbed, renderPrivacyLink } from "../web/local/storefront/render-embed.js";
import { readBannerLocales } from "../web/settings/banner-locales.js";
import { contrastErrors, validateSettings } from "../web/settings/banner-settings.js";
// @ts-expect-error plain ESM build scripts
import { BLOCK, PRIVACY_LINK, buildBanner, buildBlock, buildBlocker, buildPrivacyLink } from "../scripts/build-banner.mjs";

const LOCALES = readBannerLocales();
const SHOP_POLICY = "/policies/privacy-policy";

/** The config the rendered block puts in the page. */
async function renderedConfig(context: { settings?: Record<string, unknown>; savedSettings?: unknown; locale?: string; designMode?: boolean }) {
  const html = await renderEmbed({ locale: "en", privacyPolicyUrl: SHOP_POLICY, assetBase: "/assets", ...context });
  return JSON.parse(/<script type="application\/json" id="consent-banner-config"[^>]*>([^<]*)<\/script>/.exec(html)![1]!);
}
/** The texts the block renders for a locale: the merchant's override, else the extension's translation. */
const textsFor = (locale: string, settings: BannerSettings) =>
  Object.fromEntries(Object.entries(LOCALES.texts[locale]!).map(([key, text]) => [key, settings.text[locale]?.[key as TextKey] || text])) as Record<
    TextKey,
    string
  >;

const get = (value: unknown, at: string[]) => at.reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], value);
const withValue = <T>(value: T, at: string[], leaf: unknown): T => {
  const copy = structuredClone(value) as Record<string, unknown>;
  const parent = at.slice(0, -1).reduce<Record<string, unknown>>((node, key) => node[key] as Record<string, unknown>, copy);
  parent[at.at(-1)!] = leaf;
  return copy as T;
};
/** A valid value other than the default, for every option type (a string option needs its own sample here). */
const STRING_SAMPLES: Record<string, string> = { proxyPath: "/a/consent-test", policyUrl: "https://example.com/privacy" };
const COLOR_SAMPLES: Record<string, string> = {
  "colors.background": "#102030",
  "colors.text": "#fafafa",
  "colors.button": "#fafafa",
  "colors.buttonText": "#102030",
};
function otherValue(at: string[], option: OptionLeaf): unknown {
  switch (option.type) {
    case "boolean":
      return !option.default;
    case "integer":
      return option.default === option.max ? option.min : option.max;
    case "choice":
      return Object.keys(option.choices).find((value) => value !== option.default);
    case "color":
      return COLOR_SAMPLES[at.join(".")] ?? "#123456";
    case "string":
      return STRING_SAMPLES[at.join(".")] ?? expect.fail(`add a sample value for the string option ${at.join(".")}`);
  }
}
const nonDefaults = (): BannerSettings =>
  optionLeaves().reduce((settings, { path: at, option }) => withValue(settings, at, otherValue(at, option)), {
    ...defaultSettings(),
    text: { de: { title: "Hallo" } },
  });

describe("the banner's contract (extensions/consent-banner/src/contract.ts)", () => {
  it("is what the block's generated parts say (rebuild with `npm run build:banner`)", async () => {
    const block = readFileSync(BLOCK, "utf8");
    const blocker = await buildBlocker();
    expect(generateBlock(block, blocker)).toBe(block);
    expect(await buildBlock()).toBe(block);
    // The check can fail: a hand edit inside a generated part is undone, one outside is kept.
    const edited = block.replace("assign cb_proxy_path = '/apps/consent'", "assign cb_proxy_path = '/apps/other'");
    expect(edited).not.toBe(block);
    expect(generateBlock(edited, blocker)).toBe(block);
    expect(generateBlock(`${block}\n{% comment %}kept{% endcomment %}`, blocker)).toBe(`${block}\n{% comment %}kept{% endcomment %}`);
    // A stale blocker in the block is one too.
    expect(generateBlock(block, `${blocker};`)).not.toBe(block);
  });

  it("gives the storefront, from the saved metafield, exactly the config the admin's preview builds", async () => {
    const settings = nonDefaults();
    expect(validateSettings(settings, Object.keys(LOCALES.texts))).toEqual({ settings });
    for (const locale of ["de", "en"]) {
      const config = await renderedConfig({ savedSettings: settings, locale });
      expect(config).toEqual(storefrontConfig(settings, { locale, text: textsFor(locale, settings), shopPolicyUrl: SHOP_POLICY }));
    }
    // Nothing saved: the block's own defaults, which are the contract's; an empty policy link is the shop's policy.
    const defaults = defaultSettings();
    expect(await renderedConfig({})).toEqual(storefrontConfig(defaults, { locale: "en", text: textsFor("en", defaults), shopPolicyUrl: SHOP_POLICY }));
    expect((await renderedConfig({ savedSettings: { ...settings, policyUrl: null } })).policyUrl).toBe(SHOP_POLICY);
  });

  it("reads every option from the theme editor's block setting when nothing is saved, and from the metafield over it", async () => {
    for (const { path: at, option } of optionLeaves().filter(({ option }) => option.block)) {
      const value = otherValue(at, option);
      expect(get(await renderedConfig({ settings: { [option.block!.id]: value } }), at), at.join(".")).toEqual(value);
      const saved = withValue(defaultSettings(), at, option.default);
      expect(get(await renderedConfig({ settings: { [option.block!.id]: value }, savedSettings: saved }), at), at.join(".")).toEqual(option.default);
    }
  });

  it("validates every option on the server by its type and limits, naming its path", () => {
    const locales = Object.keys(LOCALES.texts);
    const bad = (option: OptionLeaf): unknown[] =>
      ({
        boolean: ["yes", 1],
        integer: option.type === "integer" ? [option.min - 1, option.max + 1, option.min + 0.5, "3"] : [],
        choice: ["sideways", 3],
        color: ["red", "#12345"],
        string: ["", "x".repeat(3_000), 5],
      })[option.type];
    for (const { path: at, option } of optionLeaves()) {
      for (const value of bad(option)) {
        const result = validateSettings(withValue(defaultSettings(), at, value), locales);
        expect("errors" in result && [...new Set(result.errors.map((e) => e.path))], `${at.join(".")} = ${JSON.stringify(value)}`).toEqual([at.join(".")]);
      }
    }
    expect(Object.keys(OPTIONS)).toEqual(Object.keys(defaultSettings()).filter((key) => key !== "text"));
  });

  it("holds one contrast rule: the server refuses exactly the pairs the theme editor warns about", async () => {
    const cases = [
      { background: "#ffffff", text: "#aaaaaa", button: "#1a1a1a", buttonText: "#ffffff" },
      { background: "#ffffff", text: "#1a1a1a", button: "#2c6ecb", buttonText: "#3a7bd5" },
      { background: "#102030", text: "#ffffff", button: "#ffffff", buttonText: "#102030" },
      { background: "#777777", text: "#888888", button: "#777777", buttonText: "#888888" },
    ];
    for (const colors of cases) {
      const refused = contrastErrors(colors).map((e) => e.path.replace("colors.", ""));
      const config = await renderedConfig({
        designMode: true,
        settings: { background: colors.background, text: colors.text, button: colors.button, button_text: colors.buttonText },
      });
      const warned = [...((config.lowContrast as string | undefined) ?? "").matchAll(/(text|button) [\d.]+:1/g)].map((m) =>
        m[1] === "text" ? "text" : "buttonText",
      );
      expect(warned, JSON.stringify(colors)).toEqual(refused);
      if (config.lowContrast) expect(config.lowContrast).toMatch(/^Low contrast: .* \(WCAG AA needs 4\.5:1\)/);
    }
    expect(contrast("#000000", "#ffffff")).toBeCloseTo(21, 5);
  });

  it("keeps the options' description out of the storefront script (it imports only types from the contract)", async () => {
    const { js } = await buildBanner();
    const labels = optionLeaves()
      .flatMap(({ option }) => (option.block ? [option.block.label, option.block.info ?? ""] : []))
      .filter((label) => label.includes(" "));
    expect(labels.length).toBeGreaterThan(5);
    for (const label of labels) expect(js).not.toContain(label);
    expect(js).not.toContain(OPTIONS.proxyPath.message);
  });

  it("gives the \"Privacy rights link\" block the embed's app proxy path and the storefront's language", async () => {
    const block = readFileSync(PRIVACY_LINK, "utf8");
    expect(generatePrivacyLink(block)).toBe(block);
    expect(await buildPrivacyLink()).toBe(block);
    expect(generatePrivacyLink(block.replace("assign cb_proxy_path = '/apps/consent'", "assign cb_proxy_path = '/x'"))).toBe(block);
    const link = async (context: Parameters<typeof renderPrivacyLink>[0]) => {
      const html = await renderPrivacyLink(context);
      const a = /<a href="([^"]*)" class="consent-privacy-link" data-consent-privacy-link>([^<]*)<\/a>/.exec(html);
      return { href: a?.[1], label: a?.[2] };
    };
    expect(await link({ locale: "en" })).toEqual({ href: "/apps/consent/privacy?locale=en", label: "Your privacy rights" });
    expect(await link({ locale: "de" })).toEqual({ href: "/apps/consent/privacy?locale=de", label: LOCALES.texts.de!.privacy_rights });
    expect(await link({ locale: "pt-BR", settings: { proxy_path: "/a/rights" } })).toMatchObject({ href: "/a/rights/privacy?locale=pt-BR" });
    // As in the embed, the path saved from the admin wins over the block's setting.
    expect(await link({ locale: "fr", settings: { proxy_path: "/a/rights" }, savedSettings: { proxyPath: "/tools/mine" } })).toEqual({
      href: "/tools/mine/privacy?locale=fr",
      label: LOCALES.texts.fr!.privacy_rights,
    });
  });
});
