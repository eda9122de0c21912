// Pure consent logic: no DOM, no Shopify. Everything here is unit-tested (__tests__/state.test.ts).

import { CATEGORIES, CONSENT_ID, type Category, type Method } from "./contract.js";
import type { Seen } from "./observe.js";

export { CATEGORIES, type Category, type Method };
export type Choice = Record<Category, boolean>;
type Yes = "yes" | "no" | "";

/** What the storefront knows about the visitor (from Shopify's Customer Privacy API and the browser). */
export interface Visitor {
  /** Shopify: consent is required here and none was given. */
  shouldShowBanner: boolean;
  /** Shopify: a region where the sale/sharing of data is opt-out (e.g. California). */
  saleOfDataRegion: boolean;
  /** The browser sends Global Privacy Control. */
  gpc: boolean;
  region: string;
}

/** The visitor's choice as we keep it (localStorage): which banner revision it answered. */
export interface Stored {
  revision: number;
  choice: Choice;
  at: number;
}

/**
 * Whether to show the first layer, and why: on first need, when the merchant shows it everywhere, or
 * after a policy revision. Undefined: not shown.
 */
export function decide(revision: number, everywhere: boolean, visitor: Visitor, stored: Stored | null): "first" | "revision" | undefined {
  if (stored) return stored.revision < revision ? "revision" : undefined;
  return visitor.shouldShowBanner || everywhere ? "first" : undefined;
}

const all = (on: boolean): Choice => ({ preferences: on, analytics: on, marketing: on, sale_of_data: on });

/**
 * Toggles' starting state for what the visitor has not decided, as Shopify treats it: off where consent is
 * required; elsewhere on (Shopify allows every purpose there by default), except marketing under GPC. The
 * sale of data: on where it is opt-out, unless GPC is sent.
 */
export const defaults = (visitor: Visitor): Choice => {
  const on = !visitor.shouldShowBanner;
  return { ...all(on), marketing: on && !visitor.gpc, sale_of_data: visitor.saleOfDataRegion && !visitor.gpc };
};

/** Accept all: everything on; under GPC the sale of data stays off (Shopify enforces it too). */
export const acceptAll = (visitor: Visitor): Choice => ({ ...all(true), sale_of_data: !visitor.gpc });

export const rejectAll = (): Choice => all(false);

/** The choice as Shopify holds it now, for a panel reopened later (undecided categories are off). */
export function fromShopify(current: Partial<Record<Category, Yes>>, visitor: Visitor): Choice {
  const base = defaults(visitor);
  for (const category of CATEGORIES) {
    if (current[category]) base[category] = current[category] === "yes";
  }
  return base;
}

/** Arguments for Shopify's setTrackingConsent: sale_of_data only where that choice exists. */
export function trackingConsent(choice: Choice, visitor: Visitor): Partial<Choice> {
  const { sale_of_data, ...rest } = choice;
  return visitor.saleOfDataRegion ? { ...rest, sale_of_data } : rest;
}

const grant = (on: boolean) => (on ? "granted" : "denied");

/** Google Consent Mode v2 default, sent before any tag runs. */
export const GCM_DEFAULT = {
  ad_storage: "denied",
  ad_user_data: "denied",
  ad_personalization: "denied",
  analytics_storage: "denied",
  wait_for_update: 500,
} as const;

/** Microsoft UET consent mode: its default before any tag, and its update from the visitor's categories. */
export const UET_DEFAULT = { ad_storage: "denied" } as const;
export const uetUpdate = (choice: Choice) => ({ ad_storage: grant(choice.marketing) });

/** Google Consent Mode v2 update from the visitor's categories. */
export function consentModeUpdate(choice: Choice) {
  return {
    ad_storage: grant(choice.marketing),
    ad_user_data: grant(choice.marketing),
    ad_personalization: grant(choice.marketing && choice.sale_of_data !== false),
    analytics_storage: grant(choice.analytics),
  };
}

/** What a receipt records of a choice. `seen`: what loaded before a first choice (the inline blocker's seen()). */
export function receipt(choice: Choice, method: Method, visitor: Visitor, revision: number, textHash: string, consentId?: string, seen?: Seen) {
  const offered = CATEGORIES.filter((c) => c !== "sale_of_data" || visitor.saleOfDataRegion);
  return {
    consentId: consentId?.match(CONSENT_ID)?.[0], // none rather than one the server would refuse
    granted: offered.filter((c) => choice[c]),
    denied: offered.filter((c) => !choice[c]),
    method,
    revision,
    textHash,
    region: visitor.region || undefined,
    seen,
  };
}

/**
 * A GPC signal in an opt-out region, recorded once as proof it was honoured: the sale of data denied,
 * nothing else decided. (Shopify applies GPC there itself; it is never set through setTrackingConsent.)
 */
export const gpcOptOut = (visitor: Visitor, revision: number, textHash: string, consentId?: string) => ({
  ...receipt(rejectAll(), "gpc", visitor, revision, textHash, consentId),
  granted: [] as Category[],
  denied: ["sale_of_data"] as Category[],
});

/** Whether a GPC opt-out receipt is still to be sent: GPC, in an opt-out region, not yet recorded in this browser. */
export const gpcToRecord = (visitor: Visitor, recorded: boolean) => visitor.gpc && visitor.saleOfDataRegion && !recorded;

/** A path behind the app proxy (the block setting may end with a slash). */
export const proxyUrl = (proxyPath: string, path: string) => proxyPath.replace(/\/$/, "") + path;

/** The shoppers' privacy page behind the app proxy, in the storefront's language (`hash`: a section, e.g. "#opt-out"). */
export const privacyUrl = (proxyPath: string, locale: string, hash = "") => proxyUrl(proxyPath, `/privacy?locale=${encodeURIComponent(locale)}${hash}`);

/** Where the visitor's choice is kept (localStorage), as `Stored`. */
export const STORE_KEY = "consent-banner";

/** Reads the stored choice; anything malformed counts as none. */
export function parseStored(text: string | null): Stored | null {
  try {
    const value = JSON.parse(text ?? "") as Stored;
    return typeof value.revision === "number" && value.choice && typeof value.at === "number" ? value : null;
  } catch {
    return null;
  }
}

export const RTL = /^(ar|he|fa|ur|ps|yi)\b/i;
