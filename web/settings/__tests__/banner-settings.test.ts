import { describe, expect, it } from "vitest";
import { contrast } from "../../../extensions/consent-banner/src/contract.js";
import { changedPaths, contrastErrors, DEFAULT_SETTINGS, MAX_METAFIELD_BYTES, metafieldValue, validateSettings } from "../banner-settings.js";
import { readBannerLocales } from "../banner-locales.js";

const LOCALES = Object.keys(readBannerLocales().texts);
const errorsOf = (input: unknown) => {
  const result = validateSettings(input, LOCALES);
  return "errors" in result ? result.errors : [];
};

describe("banner settings validation", () => {
  it("accepts the defaults and normalises what the merchant typed", () => {
    const result = validateSettings(
      {
        ...DEFAULT_SETTINGS,
        colors: { ...DEFAULT_SETTINGS.colors, background: "#FFFFFF" },
        text: { de: { title: "  Hallo  ", description: "" }, fr: { title: "" } },
      },
      LOCALES,
    );
    expect("settings" in result && result.settings).toMatchObject({ colors: { background: "#ffffff" }, text: { de: { title: "Hallo" } } });
    expect("settings" in result && result.settings.text).not.toHaveProperty("fr");
  });

  it("names each bad field by its path, with a reason", () => {
    const errors = errorsOf({
      ...DEFAULT_SETTINGS,
      radius: 40,
      position: "left",
      colors: { ...DEFAULT_SETTINGS.colors, text: "black" },
      proxyPath: "/admin/x",
      policyUrl: "javascript:alert(1)",
      text: { xx: {} },
      extra: 1,
    });
    const paths = errors.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(["radius", "position", "colors.text", "proxyPath", "policyUrl", "text.xx", "extra"]));
    expect(errors.every((e) => e.message.length > 3)).toBe(true);
  });

  it("refuses text keys the banner does not have", () => {
    expect(errorsOf({ ...DEFAULT_SETTINGS, text: { en: { headline: "x" } } }).map((e) => e.path)).toContain("text.en.headline");
  });

  it("blocks colours under WCAG AA contrast (4.5:1), on the foreground field of each pair", () => {
    expect(contrastErrors(DEFAULT_SETTINGS.colors)).toEqual([]);
    const low = { background: "#ffffff", text: "#999999", button: "#2c6ecb", buttonText: "#3a7bd5" };
    const errors = contrastErrors(low);
    expect(errors.map((e) => e.path)).toEqual(["colors.text", "colors.buttonText"]);
    expect(errors[0]!.message).toMatch(/2\.85:1.*4\.5:1/);
    expect(errorsOf({ ...DEFAULT_SETTINGS, colors: low }).map((e) => e.path)).toEqual(["colors.text", "colors.buttonText"]);
    // The same function the storefront uses in the theme editor.
    expect(contrast("#000000", "#ffffff")).toBeCloseTo(21, 5);
    expect(contrast("#767676", "#ffffff")).toBeGreaterThanOrEqual(4.5);
  });

  it("refuses settings that would not fit Shopify's 128 KB metafield", () => {
    const long = Object.fromEntries(
      LOCALES.map((l) => [l, { description: "x".repeat(1_000), gpc_notice: "y".repeat(1_000), revision_notice: "z".repeat(1_000) }]),
    );
    const many = { ...DEFAULT_SETTINGS, text: long };
    expect(Buffer.byteLength(metafieldValue(many))).toBeLessThan(MAX_METAFIELD_BYTES); // the schema's own limits keep it under
    expect(errorsOf(many)).toEqual([]);
  });
});

describe("settings to metafield", () => {
  it("writes the shape the Liquid block reads", () => {
    const value = JSON.parse(metafieldValue({ ...DEFAULT_SETTINGS, layout: "box", radius: 4, text: { de: { title: "Hallo" } } }));
    expect(value).toMatchObject({
      revision: 1,
      everywhere: false,
      gcm: false,
      position: "bottom",
      layout: "box",
      radius: 4,
      proxyPath: "/apps/consent",
      policyUrl: null,
    });
    expect(value.colors).toEqual({ background: "#ffffff", text: "#1a1a1a", button: "#1a1a1a", buttonText: "#ffffff" });
    expect(value.text.de.title).toBe("Hallo");
  });

  it("lists what changed between versions", () => {
    expect(
      changedPaths(DEFAULT_SETTINGS, { ...DEFAULT_SETTINGS, radius: 0, colors: { ...DEFAULT_SETTINGS.colors, text: "#000000" }, text: { de: { title: "x" } } }),
    ).toEqual(["colors.text", "radius", "text.de"]);
    expect(changedPaths(DEFAULT_SETTINGS, DEFAULT_SETTINGS)).toEqual([]);
  });
});
