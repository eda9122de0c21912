import { i18n, type Messages } from "@lingui/core";
import type { ComponentProps } from "react";
import type { AppProvider } from "@shopify/polaris";
import type english from "../../locales/en.json";
import { RTL } from "../../../../extensions/consent-banner/src/state";
import { PSEUDO_LOCALE, resolveAdminLocale, SHOPIFY_ADMIN_LOCALES, type AdminLocale } from "./locales";
import { pseudoText } from "./pseudo";
import "./right-to-left.css";

/** Polaris's own component strings, as its AppProvider takes them. */
type PolarisStrings = ComponentProps<typeof AppProvider>["i18n"];

/** A message id of the admin's catalogue (web/frontend/locales/en.json is the source). */
export type MessageId = keyof typeof english;

// Each language's catalogue and Polaris's strings are chunks of their own, loaded only for that language.
const catalogues = import.meta.glob<{ default: Messages }>("../../locales/*.json");
const polarisLocales = import.meta.glob<{ default: PolarisStrings }>("../../../../node_modules/@shopify/polaris/locales/*.json");

/** The language Shopify's admin passes: `locale` on the app's URL, else App Bridge's config. */
export function requestedLocale(): AdminLocale | typeof PSEUDO_LOCALE {
  const fromUrl = new URLSearchParams(location.search).get("locale");
  return resolveAdminLocale(fromUrl ?? window.shopify?.config?.locale);
}

/**
 * Loads the locale's catalogue and Polaris's strings (English for the pseudo-locale and for the languages
 * Polaris does not ship, such as Arabic) and makes the locale Lingui's active one and the document's language
 * and direction; resolves with Polaris's strings for its AppProvider.
 */
export async function loadLocale(locale: AdminLocale | typeof PSEUDO_LOCALE): Promise<PolarisStrings> {
  const polarisName = (SHOPIFY_ADMIN_LOCALES as readonly string[]).includes(locale) ? locale : "en";
  const [messages, polaris] = await Promise.all([
    locale === PSEUDO_LOCALE ? import("virtual:admin-catalogue/en-XA") : (catalogues[`../../locales/${locale}.json`] ?? catalogues["../../locales/en.json"]!)(),
    polarisLocales[`../../../../node_modules/@shopify/polaris/locales/${polarisName}.json`]!(),
  ]);
  // The pseudo-locale is English underneath: its plurals, dates and numbers; Polaris's strings marked too.
  const language = locale === PSEUDO_LOCALE ? "en" : locale;
  i18n.loadAndActivate({ locale: language, messages: messages.default });
  document.documentElement.lang = language;
  document.documentElement.dir = RTL.test(language) ? "rtl" : "ltr";
  return locale === PSEUDO_LOCALE ? pseudoStrings(polaris.default) : polaris.default;
}

/**
 * A data value set into a message (a host, a cookie name): in a right-to-left language, inside Unicode's
 * first-strong isolate (U+2068 … U+2069), so it keeps its own direction ("_ga", not "ga_"); else as it is.
 */
export function dataValue(value: string): string {
  return RTL.test(i18n.locale) ? `\u2068${value}\u2069` : value;
}

/** Polaris's strings as the pseudo-locale shows them (pseudoText). */
function pseudoStrings<T>(value: T): T {
  if (typeof value === "string") return pseudoText(value) as T;
  if (Array.isArray(value)) return value.map(pseudoStrings) as T;
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, pseudoStrings(v)])) as T;
  return value;
}
export { i18n };
