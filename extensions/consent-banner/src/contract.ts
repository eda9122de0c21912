// The banner's contract with the server, the theme and the admin: defined once, here. The storefront script,
// the server's receipt and settings validation (web/consent/receipt-endpoint.ts, web/settings/banner-settings.ts),
// the Liquid block (generated parts), the admin's editor and preview all import it; none keeps a copy.

/** Consent categories, as Shopify's Customer Privacy API names them (strictly necessary is always on). */
export const CATEGORIES = ["preferences", "analytics", "marketing", "sale_of_data"] as const;
export type Category = (typeof CATEGORIES)[number];

/** How a choice was made, as a receipt records it. */
export const METHODS = ["accept_all", "reject_all", "custom", "gpc"] as const;
export type Method = (typeof METHODS)[number];

/**
 * Every text the banner shows: the keys of locales/*.json under "banner", of the Liquid block's list,
 * and of the merchant's per-language overrides.
 */
export const TEXT_KEYS = [
  "title",
  "description",
  "accept_all",
  "reject_all",
  "customise",
  "save",
  "close",
  "privacy_policy",
  "privacy_choices",
  "privacy_rights",
  "opt_out_request",
  "always_on",
  "gpc_notice",
  "revision_notice",
  "error",
  "necessary",
  "necessary_desc",
  "preferences",
  "preferences_desc",
  "analytics",
  "analytics_desc",
  "marketing",
  "marketing_desc",
  "sale_of_data",
  "sale_of_data_desc",
] as const;
export type TextKey = (typeof TEXT_KEYS)[number];

/** The merchant's texts per language (at most TEXT_MAX characters each); a missing one falls back to the extension's translation. */
export type TextOverrides = Record<string, Partial<Record<TextKey, string>>>;
export const TEXT_MAX = 1_000;

// ---- The banner's settings: every option once, as data ----
// The server turns OPTIONS into its zod schema and defaults (web/settings/banner-settings.ts); the Liquid
// block's settings code and {% schema %} are generated from it (src/block-liquid.ts, `npm run build:banner`);
// the admin's preview builds the storefront's config with storefrontConfig(); the local storefront takes
// each option with a block setting as a query parameter. The storefront script imports only types from here.

/** Where the theme editor shows an option: the app embed block's setting (also the local storefront's query parameter). */
export interface BlockSetting {
  id: string;
  label: string;
  info?: string;
  /** For integers: a number box, or a slider (range, step 1). */
  input?: "number" | "range";
}

export type Option =
  | { type: "boolean"; default: boolean; block?: BlockSetting }
  | { type: "integer"; default: number; min: number; max: number; unit?: string; block?: BlockSetting }
  | { type: "choice"; default: string; choices: Readonly<Record<string, string>>; block?: BlockSetting }
  | { type: "color"; default: string; block?: BlockSetting }
  | {
      type: "string";
      default: string | null;
      nullable?: boolean;
      max: number;
      pattern: RegExp;
      /** Shown when the pattern does not match. */
      message: string;
      block?: BlockSetting;
      /** What the storefront uses while the option is empty (a Liquid expression), instead of the default. */
      liquidFallback?: string;
    }
  | { type: "group"; options: Readonly<Record<string, Option>> };

/** A colour option's value: #rrggbb (stored in lower case). */
export const HEX_COLOR = /^#[0-9a-f]{6}$/i;

/** Every banner option, in the theme editor's order: type, default, limits, block setting. */
export const OPTIONS = {
  revision: {
    type: "integer",
    default: 1,
    min: 1,
    max: 1_000_000,
    block: { id: "revision", label: "Policy revision", info: "Raise it when your cookie policy changes: every visitor is asked again." },
  },
  everywhere: {
    type: "boolean",
    default: false,
    block: { id: "everywhere", label: "Show to every visitor", info: "Otherwise only where Shopify's privacy settings require consent." },
  },
  gcm: { type: "boolean", default: false, block: { id: "gcm", label: "Google Consent Mode v2" } },
  uet: {
    type: "boolean",
    default: false,
    block: { id: "uet", label: "Microsoft UET consent mode", info: "Microsoft Advertising's tag stores nothing until the shopper allows marketing." },
  },
  gcmMode: {
    type: "choice",
    default: "basic",
    choices: { basic: "Basic: Google's tags wait for consent", advanced: "Advanced: Google's tags load at once, consent denied" },
    block: { id: "gcm_mode", label: "Google Consent Mode: tags before consent" },
  },
  reloadOnWithdraw: {
    type: "boolean",
    default: false,
    block: { id: "reload_on_withdraw", label: "Reload the page when a shopper withdraws consent" },
  },
  position: { type: "choice", default: "bottom", choices: { bottom: "Bottom", top: "Top" }, block: { id: "position", label: "Position" } },
  layout: { type: "choice", default: "bar", choices: { bar: "Bar across the page", box: "Box in a corner" }, block: { id: "layout", label: "Layout" } },
  radius: { type: "integer", default: 12, min: 0, max: 24, unit: "px", block: { id: "radius", label: "Corner radius", input: "range" } },
  colors: {
    type: "group",
    options: {
      background: { type: "color", default: "#ffffff", block: { id: "background", label: "Background" } },
      text: { type: "color", default: "#1a1a1a", block: { id: "text", label: "Text" } },
      button: { type: "color", default: "#1a1a1a", block: { id: "button", label: "Buttons" } },
      buttonText: { type: "color", default: "#ffffff", block: { id: "button_text", label: "Button text" } },
    },
  },
  proxyPath: {
    type: "string",
    default: "/apps/consent",
    max: 40,
    pattern: /^\/(apps|a|community|tools)\/[A-Za-z0-9_-]{1,30}$/,
    message: "Your app proxy URL: /apps, /a, /community or /tools, then the subpath (Settings › Apps › App proxy)",
    block: { id: "proxy_path", label: "App proxy path", info: "Change it only if you customised the app proxy URL in Settings > Apps." },
  },
  policyUrl: {
    type: "string",
    default: null,
    nullable: true,
    max: 2_000,
    pattern: /^(https:\/\/[^\s/]+|\/)[^\s]*$/,
    message: "Use an https:// address or a path on your store such as /policies/privacy-policy",
    liquidFallback: "shop.privacy_policy.url",
  },
} as const satisfies Record<string, Option>;

/** An option that holds a value (not a group). */
export type OptionLeaf = Exclude<Option, { type: "group" }>;

/** Every option that holds a value, with its path in the settings (colors.buttonText: ["colors", "buttonText"]). */
export function optionLeaves(options: Readonly<Record<string, Option>> = OPTIONS, path: string[] = []): Array<{ path: string[]; option: OptionLeaf }> {
  return Object.entries(options).flatMap(([key, option]) =>
    option.type === "group" ? optionLeaves(option.options, [...path, key]) : [{ path: [...path, key], option }],
  );
}

type ValueOf<O> = O extends { type: "boolean" }
  ? boolean
  : O extends { type: "integer" }
    ? number
    : O extends { type: "choice"; choices: infer C }
      ? Extract<keyof C, string>
      : O extends { type: "color" }
        ? string
        : O extends { type: "string"; nullable: true }
          ? string | null
          : O extends { type: "string" }
            ? string
            : O extends { type: "group"; options: infer G }
              ? { -readonly [K in keyof G]: ValueOf<G[K]> }
              : never;

/** The options' values, as the admin saves them and the storefront's config carries them. */
export type BannerOptions = ValueOf<{ type: "group"; options: typeof OPTIONS }>;
export type BannerColors = BannerOptions["colors"];
/** The settings as the admin API exchanges them and the app-owned metafield consent_banner.settings holds them. */
export interface BannerSettings extends BannerOptions {
  text: TextOverrides;
}

function defaultsOf(options: Readonly<Record<string, Option>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(options).map(([key, option]) => [key, option.type === "group" ? defaultsOf(option.options) : option.default]));
}

/** A shop's banner before the merchant saves anything (the block's own defaults). */
export function defaultSettings(): BannerSettings {
  return { ...(defaultsOf(OPTIONS) as BannerOptions), text: {} };
}

/** WCAG 2.1 AA for body text: the colour pairs below must reach it. */
export const MIN_CONTRAST = 4.5;
export const CONTRAST_PAIRS = [
  { fg: "text", bg: "background", name: "text", what: "Text on background" },
  { fg: "buttonText", bg: "button", name: "button", what: "Button text on button" },
] as const satisfies ReadonlyArray<{ fg: keyof BannerColors; bg: keyof BannerColors; name: string; what: string }>;

/** WCAG contrast ratio of two #rrggbb colours. */
export function contrast(a: string, b: string): number {
  const lum = (hex: string) => {
    const [r, g, bl] = [1, 3, 5].map((i) => {
      const c = parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

/** The colour pairs under MIN_CONTRAST, with their ratios. */
export function lowContrastPairs(colors: BannerColors) {
  return CONTRAST_PAIRS.map((pair) => ({ pair, ratio: contrast(colors[pair.fg], colors[pair.bg]) })).filter(({ ratio }) => ratio < MIN_CONTRAST);
}

/** What blocks/consent-banner.liquid renders into the page (#consent-banner-config), read by the storefront script. */
export type Config = BannerOptions & {
  locale: string;
  /** Shopify's theme editor: the merchant is looking, so colour problems are shown to them. */
  designMode: boolean;
  /** In the theme editor, when colours fail WCAG AA: the warning to show the merchant (worked out by the Liquid block). */
  lowContrast?: string;
  /** Every text, in the page's language: the merchant's override, else the extension's translation. */
  text: Record<TextKey, string>;
};

/**
 * The config the Liquid block renders for these settings (test/banner-contract.test.ts renders the block
 * and compares): the admin's preview draws the real banner from it.
 */
export function storefrontConfig(settings: BannerSettings, page: { locale: string; text: Record<TextKey, string>; shopPolicyUrl: string | null }): Config {
  const options = Object.fromEntries(Object.keys(OPTIONS).map((key) => [key, settings[key as keyof BannerOptions]])) as BannerOptions;
  return { ...options, policyUrl: settings.policyUrl ?? page.shopPolicyUrl, locale: page.locale, designMode: false, text: page.text };
}

/**
 * What the banner reports of a first visit (the consent leak report): at most SEEN_CAP third-party host
 * names and cookie names each, names only. The banner sends only names these accept; the server refuses
 * a receipt with any other.
 */
export const SEEN_CAP = 40;
/** A host name as URL.hostname gives it (lower case, punycode), with at least one dot: no IPv6 literals. */
export const HOST_NAME = /^(?=.{3,253}$)([a-z0-9-]{1,63}\.)+[a-z0-9-]{1,63}$/;
/** A cookie name (RFC 6265 token), at most 64 characters: no commas, so a list joins safely. */
export const COOKIE_NAME = /^[\w!#$%&'*+.^`|~-]{1,64}$/;
/**
 * A consent id as a receipt carries it: what Shopify's Customer Privacy API `consentId()` returns (a
 * UUID-like token; the local stand-in's are `local-…`). Letters, digits and `_ . : -`, at most 100
 * characters, starting with a letter, digit or `_`: never `-`, `=`, `+` or `@`, which a spreadsheet
 * opening the CSV export would read as a formula. The banner sends no id that fails it; the server
 * refuses one.
 */
export const CONSENT_ID = /^\w[\w.:-]{0,99}$/;

// ---- Tracker blocking (src/blocker.ts) ----

/**
 * What a tracker's host waits for on the storefront: m marketing, a analytics, p preferences, t a tag
 * manager (waits for analytics or marketing), n necessary (never waits).
 */
export const TRACKER_CODES = ["m", "a", "p", "t", "n"] as const;
export type TrackerCode = (typeof TRACKER_CODES)[number];

/** The app-owned metafield consent_banner.trackers (its own key, not a settings version). */
export const TRACKERS_METAFIELD_KEY = "trackers";
/** The store's own tracker list (that metafield's value): its hosts with what each waits for, and whether blocking only reports. */
export interface StoreTrackers {
  hosts: Record<string, TrackerCode>;
  reportOnly: boolean;
}

/**
 * What the app embed renders for the inline blocker (#consent-blocker-config, built in Liquid by the block's
 * contract:blocker part): p the app proxy path, g Google Consent Mode on, a its advanced mode, u Microsoft
 * UET consent mode on, w reload when a category is withdrawn, s the store's list (null when none is written).
 */
export interface BlockerConfig {
  p: string;
  g: boolean;
  a: boolean;
  u: boolean;
  w: boolean;
  s: StoreTrackers | null;
}
