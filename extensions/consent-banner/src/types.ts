import type { Category, TextKey } from "./contract.js";
import type { Choice } from "./state.js";

export type { TextKey };

/** Rendered by blocks/consent-banner.liquid into the page, so the banner needs no request to appear. */
export interface Config {
  revision: number;
  everywhere: boolean;
  gcm: boolean;
  policyUrl: string | null;
  proxyPath: string;
  position: "bottom" | "top";
  /** A bar across the page, or a box in a corner. */
  layout?: "bar" | "box";
  /** Corner radius in px. */
  radius?: number;
  colors: { background: string; text: string; button: string; buttonText: string };
  locale: string;
  /** Shopify's theme editor: the merchant is looking, so colour problems are shown to them. */
  designMode?: boolean;
  /** In the theme editor, when colours fail WCAG AA: the warning to show the merchant (from the Liquid block). */
  lowContrast?: string;
  text: Record<TextKey, string>;
}

export interface CustomerPrivacy {
  shouldShowBanner(): boolean;
  saleOfDataRegion(): boolean;
  getRegion?(): string;
  consentId?(): string;
  currentVisitorConsent(): Partial<Record<Category, "yes" | "no" | "">>;
  setTrackingConsent(consent: Partial<Choice>, callback: (response?: { error?: string }) => void): void;
}

declare global {
  interface Window {
    Shopify?: {
      loadFeatures?(features: { name: string; version: string }[], callback: (error?: unknown) => void): void;
      customerPrivacy?: CustomerPrivacy;
    };
    dataLayer?: unknown[];
  }
  interface Navigator {
    globalPrivacyControl?: boolean;
  }
}
