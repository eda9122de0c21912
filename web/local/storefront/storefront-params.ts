// The local storefront's query parameters: what Shopify and the visitor decide (the page's own), and one per
// banner option with a theme-editor setting (named as that block setting, from the contract). A given option
// parameter wins over the settings saved from the admin, and the page names what it overrode.
import { DEMO_CUSTOMER_ID } from "../webhook-delivery.js";
import { HEX_COLOR, MIN_CONTRAST, optionLeaves, type OptionLeaf } from "../../../extensions/consent-banner/src/contract.js";

export interface ParamDoc {
  name: string;
  example: string;
  meaning: string;
}

/** The page's own parameters: Shopify's and the visitor's part. */
export const PAGE_PARAMS: ParamDoc[] = [
  {
    name: "locale",
    example: "de",
    meaning: "the storefront's language: en (default) or any of the 40 storefront languages, e.g. de, fi, pt-PT, zh-TW; ar and he right to left",
  },
  {
    name: "region",
    example: "USCA",
    meaning:
      "the visitor's region as Shopify's Customer Privacy API gives it (default DEBE); USCA is a sale-of-data opt-out region (no banner: the pinned \"Your privacy choices\" link)",
  },
  { name: "customer", example: String(DEMO_CUSTOMER_ID), meaning: "a logged-in customer's id, kept in a cookie for the app proxy (customer= logs out)" },
  { name: "design", example: "1", meaning: `Shopify's theme editor: colours under ${MIN_CONTRAST}:1 are pointed out to the merchant` },
  { name: "fail", example: "1", meaning: "the Customer Privacy API refuses to save the choice" },
  { name: "banner", example: "0", meaning: "the same page without the app embed, for comparisons" },
  {
    name: "tracker",
    example: "1",
    meaning: "a stand-in tracker pasted into the theme, loaded before any consent from tracker.localhost (or tracker=<host>), setting a _ga-style cookie",
  },
  {
    name: "theme",
    example: "trackers",
    meaning:
      "code pasted into the theme, as merchants do: APP_DATA_DIR/theme/NAME.head.html right after the app embed in <head>, NAME.body.html at the end of <body> (the shipped example 'trackers': a gtag.js snippet, a Meta pixel, a YouTube iframe, a reCAPTCHA form)",
  },
];

const BOOLEAN: Record<string, boolean> = { "1": true, true: true, "0": false, false: false };

/** A query value as the option's value, or why it is not one. */
function parse(option: OptionLeaf, raw: string): { value: unknown } | { problem: string } {
  switch (option.type) {
    case "boolean":
      return raw in BOOLEAN ? { value: BOOLEAN[raw] } : { problem: "use 1 or 0" };
    case "integer": {
      const value = Number(raw);
      const range = `${option.min} to ${option.max}${option.unit ? ` ${option.unit}` : ""}`;
      return /^-?\d+$/.test(raw) && value >= option.min && value <= option.max ? { value } : { problem: `a whole number, ${range}` };
    }
    case "choice":
      return Object.hasOwn(option.choices, raw) ? { value: raw } : { problem: `one of ${Object.keys(option.choices).join(", ")}` };
    case "color": {
      const hex = raw.startsWith("#") ? raw : `#${raw}`;
      return HEX_COLOR.test(hex) ? { value: hex.toLowerCase() } : { problem: "a hex colour such as %23102030 or 102030" };
    }
    case "string":
      return option.pattern.test(raw.trim()) && raw.length <= option.max ? { value: raw.trim() } : { problem: option.message };
  }
}

/** One parameter per option with a block setting, as the index page documents them. */
export function optionParams(): Array<ParamDoc & { path: string[]; option: OptionLeaf }> {
  return optionLeaves().flatMap(({ path, option }) => {
    if (!option.block) return [];
    const example =
      option.type === "boolean"
        ? String(Number(!option.default))
        : option.type === "choice"
          ? Object.keys(option.choices).find((value) => value !== option.default)!
          : option.type === "integer"
            ? String(option.default === option.min ? option.default + 1 : option.min)
            : String(option.default);
    const meaning = `${option.block.label} (${path.join(".")}; default ${JSON.stringify(option.default)})`;
    return [{ name: option.block.id, example: option.type === "color" ? example.replace("#", "%23") : example, meaning, path, option }];
  });
}

export interface GivenOption {
  name: string;
  /** Its dotted path in the saved settings (colors.buttonText). */
  path: string;
  value: unknown;
}

/** The option parameters given in a query: valid ones, and the ones ignored with the reason. */
export function optionsFromQuery(query: Record<string, unknown>): { given: GivenOption[]; ignored: Array<{ name: string; value: string; problem: string }> } {
  const given: GivenOption[] = [];
  const ignored: Array<{ name: string; value: string; problem: string }> = [];
  for (const { name, path, option } of optionParams()) {
    const raw = query[name];
    if (typeof raw !== "string" || raw === "") continue;
    const parsed = parse(option, raw);
    if ("value" in parsed) given.push({ name, path: path.join("."), value: parsed.value });
    else ignored.push({ name, value: raw, problem: parsed.problem });
  }
  return { given, ignored };
}

export interface Override extends GivenOption {
  /** What the saved settings held there (undefined: nothing). */
  saved: unknown;
}

/** The saved settings with the given options written over them (a copy), and what each one replaced. */
export function overrideSaved(saved: unknown, given: GivenOption[]): { settings: Record<string, unknown>; overrides: Override[] } {
  const settings = structuredClone(saved && typeof saved === "object" ? saved : {}) as Record<string, unknown>;
  const overrides = given.map((option) => {
    const keys = option.path.split(".");
    let node = settings;
    for (const key of keys.slice(0, -1)) {
      if (!node[key] || typeof node[key] !== "object") node[key] = {};
      node = node[key] as Record<string, unknown>;
    }
    const last = keys.at(-1)!;
    const before = node[last];
    node[last] = option.value;
    return { ...option, saved: before };
  });
  return { settings, overrides };
}
