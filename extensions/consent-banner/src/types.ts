import type { Category, Config, TextKey } from "./contract.js";
import type { Seen } from "./observe.js";
import type { Choice, Stored } from "./state.js";

export type { Config, TextKey };

export interface CustomerPrivacy {
  shouldShowBanner(): boolean;
  saleOfDataRegion(): boolean;
  getRegion?(): string;
  consentId?(): string;
  currentVisitorConsent(): Partial<Record<Category, "yes" | "no" | "">>;
  setTrackingConsent(consent: Partial<Choice>, callback: (response?: { error?: string }) => void): void;
}

/** The inline blocker's page API (src/blocker.ts), used by the banner. */
export interface ConsentBlocker {
  /**
   * The categories the visitor allows now: releases what they allow (once each, document order, same element,
   * attributes and listeners intact); on a category withdrawn since the last call, removes its trackers' cookies
   * (and reloads when the merchant chose so).
   */
  set(choice: Partial<Record<Category, boolean>>): void;
  /** Hosts held back on this page so far (report only: hosts that would have been), names only, at most SEEN_CAP. */
  held(): string[];
  /** The store's list says report only: nothing is held. */
  reportOnly: boolean;
  /** The visitor's stored choice as the blocker read it at head time (localStorage "consent-banner", state.ts parseStored). */
  stored: Stored | null;
  /**
   * For a visitor with no stored choice: what loaded before the choice (observe.ts, noted from the page's start),
   * the first time it is called; it stops noting then. Undefined after that, and for a visitor who had chosen.
   */
  seen(): Seen | undefined;
  /** Sends JSON to a path behind the app proxy (a keepalive fetch: it completes when the shopper leaves the page). */
  send(path: string, body: object): void;
}

declare global {
  interface Window {
    Shopify?: {
      loadFeatures?(features: { name: string; version: string }[], callback: (error?: unknown) => void): void;
      customerPrivacy?: CustomerPrivacy;
    };
    dataLayer?: unknown[];
    uetq?: unknown[];
    consentBlocker?: ConsentBlocker;
  }
  interface Navigator {
    globalPrivacyControl?: boolean;
  }
}
