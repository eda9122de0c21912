import type { Category, Config, TextKey } from "./contract.js";
import type { Choice } from "./state.js";

export type { Config, TextKey };

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
    uetq?: unknown[];
  }
  interface Navigator {
    globalPrivacyControl?: boolean;
  }
}
