import { z } from "zod";
import {
  defaultSettings,
  HEX_COLOR,
  lowContrastPairs,
  MIN_CONTRAST,
  OPTIONS,
  TEXT_KEYS,
  TEXT_MAX,
  type BannerColors,
  type Option,
} from "../../extensions/consent-banner/src/contract.js";
import type { BannerSettings } from "./banner-settings-types.js";

/** Shopify caps `json` metafield values written from API 2026-04 on at 128 KB. */
export const MAX_METAFIELD_BYTES = 128 * 1024;

/** What a shop's banner looks like before the merchant saves anything (the block's own defaults). */
export const DEFAULT_SETTINGS: BannerSettings = defaultSettings();

/** One option of the contract as zod: its type and limits, with messages a merchant can act on. */
function zodOf(option: Option): z.ZodType {
  switch (option.type) {
    case "boolean":
      return z.boolean();
    case "integer": {
      const range = `${option.min.toLocaleString("en")} to ${option.max.toLocaleString("en")}${option.unit ? ` ${option.unit}` : ""}`;
      return z.number().int("Use a whole number").min(option.min, range).max(option.max, range);
    }
    case "choice":
      return z.enum(Object.keys(option.choices) as [string, ...string[]], `One of: ${Object.values(option.choices).join(", ")}`);
    case "color":
      return z
        .string()
        .regex(HEX_COLOR, "Use a hex colour such as #1a1a1a")
        .transform((c) => c.toLowerCase());
    case "string": {
      const text = z
        .string()
        .trim()
        .max(option.max, `At most ${option.max.toLocaleString("en")} characters`)
        .regex(option.pattern, option.message);
      return option.nullable ? text.nullable() : text;
    }
    case "group":
      return z.strictObject(Object.fromEntries(Object.entries(option.options).map(([key, inner]) => [key, zodOf(inner)])));
  }
}

/** The settings as the admin sends them (OPTIONS, and texts per language); `locales` are the languages the extension ships. */
export function settingsSchema(locales: readonly string[]) {
  const options = zodOf({ type: "group", options: OPTIONS }) as z.ZodObject;
  return options.extend({
    text: z.partialRecord(
      z.enum(locales as [string, ...string[]]),
      z.partialRecord(
        z.enum(TEXT_KEYS),
        z
          .string()
          .max(TEXT_MAX, `At most ${TEXT_MAX.toLocaleString("en")} characters`)
          .transform((t) => t.trim()),
      ),
    ),
  });
}

export interface FieldError {
  path: string;
  message: string;
}

/** zod issues as field errors; an unknown key is an error on that key's own path. */
export function fieldErrorsOf(issues: z.core.$ZodIssue[]): FieldError[] {
  return issues.flatMap((issue) =>
    issue.code === "unrecognized_keys"
      ? issue.keys.map((key) => ({ path: [...issue.path, key].join("."), message: `Unknown setting "${key}"` }))
      : [{ path: issue.path.join("."), message: issue.message }],
  );
}

/** Contrast problems (the contract's pairs under MIN_CONTRAST), as errors on the foreground colour of each pair. */
export function contrastErrors(colors: BannerColors): FieldError[] {
  return lowContrastPairs(colors).map(({ pair, ratio }) => ({
    path: `colors.${pair.fg}`,
    message: `${pair.what} is ${ratio.toFixed(2)}:1; WCAG AA needs ${MIN_CONTRAST}:1 so every shopper can read it`,
  }));
}

/**
 * Validates settings from the admin: shape (zod), colour contrast, and the storefront's size limit.
 * Empty text overrides are dropped (the extension's translation applies). Field errors name dotted paths.
 */
export function validateSettings(input: unknown, locales: readonly string[]): { settings: BannerSettings } | { errors: FieldError[] } {
  const parsed = settingsSchema(locales).safeParse(input);
  if (!parsed.success) return { errors: fieldErrorsOf(parsed.error.issues) };
  const settings = parsed.data as unknown as BannerSettings;
  const text: BannerSettings["text"] = {};
  for (const [locale, overrides] of Object.entries(settings.text)) {
    const kept = Object.fromEntries(Object.entries(overrides).filter(([, value]) => value));
    if (Object.keys(kept).length) text[locale] = kept;
  }
  const cleaned = { ...settings, text };
  const errors = contrastErrors(cleaned.colors);
  if (Buffer.byteLength(metafieldValue(cleaned)) > MAX_METAFIELD_BYTES)
    errors.push({ path: "text", message: "The settings are over Shopify's 128 KB limit for the storefront: shorten some texts" });
  return errors.length ? { errors } : { settings: cleaned };
}

/**
 * The value written to the app-owned metafield consent_banner.settings: exactly the shape
 * blocks/consent-banner.liquid reads (`saved.colors.background`, `saved.text[locale][key]`, …).
 */
export function metafieldValue(settings: BannerSettings): string {
  return JSON.stringify(settings);
}

/** Dotted paths of what differs between two versions (leaves only). */
export function changedPaths(before: unknown, after: unknown, prefix = ""): string[] {
  if (before === after) return [];
  const isObject = (v: unknown): v is Record<string, unknown> => Boolean(v) && typeof v === "object" && !Array.isArray(v);
  if (!isObject(before) || !isObject(after)) return [prefix || "(all)"];
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return keys.flatMap((key) => changedPaths(before[key], after[key], prefix ? `${prefix}.${key}` : key));
}
