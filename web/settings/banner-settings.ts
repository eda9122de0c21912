import { z } from "zod";
import { TEXT_KEYS } from "../../extensions/consent-banner/src/contract.js";
import { contrast } from "../../extensions/consent-banner/src/state.js";
import type { BannerSettings } from "./banner-settings-types.js";

/** WCAG 2.1 AA for body text. */
export const MIN_CONTRAST = 4.5;
/** Shopify caps `json` metafield values written from API 2026-04 on at 128 KB. */
export const MAX_METAFIELD_BYTES = 128 * 1024;

/** What a shop's banner looks like before the merchant saves anything (the block's own defaults). */
export const DEFAULT_SETTINGS: BannerSettings = {
  revision: 1,
  everywhere: false,
  gcm: false,
  position: "bottom",
  layout: "bar",
  radius: 12,
  colors: { background: "#ffffff", text: "#1a1a1a", button: "#1a1a1a", buttonText: "#ffffff" },
  proxyPath: "/apps/consent",
  policyUrl: null,
  text: {},
};

const color = z
  .string()
  .regex(/^#[0-9a-f]{6}$/i, "Use a hex colour such as #1a1a1a")
  .transform((c) => c.toLowerCase());
const textKey = z.enum(TEXT_KEYS);

/** The settings as the admin sends them; `locales` are the languages the extension ships. */
export function settingsSchema(locales: readonly string[]) {
  return z.strictObject({
    revision: z.number().int().min(1).max(1_000_000),
    everywhere: z.boolean(),
    gcm: z.boolean(),
    position: z.enum(["bottom", "top"]),
    layout: z.enum(["bar", "box"]),
    radius: z.number().int("Use whole pixels").min(0, "0 to 24 px").max(24, "0 to 24 px"),
    colors: z.strictObject({ background: color, text: color, button: color, buttonText: color }),
    proxyPath: z
      .string()
      .regex(
        /^\/(apps|a|community|tools)\/[A-Za-z0-9_-]{1,30}$/,
        "Your app proxy URL: /apps, /a, /community or /tools, then the subpath (Settings › Apps › App proxy)",
      ),
    policyUrl: z
      .string()
      .trim()
      .max(2_000)
      .refine((url) => /^(https:\/\/[^\s/]+|\/)[^\s]*$/.test(url), "Use an https:// address or a path on your store such as /policies/privacy-policy")
      .nullable(),
    text: z.partialRecord(
      z.enum(locales as [string, ...string[]]),
      z.partialRecord(
        textKey,
        z
          .string()
          .max(1_000, "At most 1,000 characters")
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

/** Contrast problems, as errors on the foreground colour of each pair. */
export function contrastErrors(colors: BannerSettings["colors"]): FieldError[] {
  const pairs = [
    ["colors.text", colors.text, colors.background, "Text on background"],
    ["colors.buttonText", colors.buttonText, colors.button, "Button text on button"],
  ] as const;
  return pairs
    .map(([path, fg, bg, what]) => ({ path, ratio: contrast(fg, bg), what }))
    .filter(({ ratio }) => ratio < MIN_CONTRAST)
    .map(({ path, ratio, what }) => ({ path, message: `${what} is ${ratio.toFixed(2)}:1; WCAG AA needs ${MIN_CONTRAST}:1 so every shopper can read it` }));
}

/**
 * Validates settings from the admin: shape (zod), colour contrast, and the storefront's size limit.
 * Empty text overrides are dropped (the extension's translation applies). Field errors name dotted paths.
 */
export function validateSettings(input: unknown, locales: readonly string[]): { settings: BannerSettings } | { errors: FieldError[] } {
  const parsed = settingsSchema(locales).safeParse(input);
  if (!parsed.success) return { errors: fieldErrorsOf(parsed.error.issues) };
  const settings = parsed.data as BannerSettings;
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
