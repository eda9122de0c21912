import type { ConsentPolicy, ConsentPolicyInput, ConsentPolicyRegion } from "../shopify/consent-policy.js";

/**
 * Shopify's consent regions against the banner, without I/O (web/shopify/consent-policy.ts reads and writes
 * them). Shopify's own cookies and pixels wait for a choice only where its consent policy says consent is
 * required; the banner (not set to "Show to every visitor") shows where `shouldShowBanner()` says so, which
 * follows the same policy. Both must cover the countries whose law asks for consent before cookies that
 * are not strictly necessary: the EU, the rest of the EEA, the UK and Switzerland.
 */

/** The EU's 27 members, the rest of the EEA (Iceland, Liechtenstein, Norway), the UK and Switzerland (ISO 3166). */
export const CONSENT_COUNTRIES: readonly string[] = [
  ...["AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO"],
  ...["SE", "SI", "SK"],
  ...["IS", "LI", "NO"],
  "GB",
  "CH",
];

/** A policy's place as the admin names it: "DE", or "US-CA" for a region of a country. */
export function regionLabel(place: { countryCode: string | null; regionCode: string | null }): string {
  const country = place.countryCode ?? "";
  if (!place.regionCode) return country;
  return place.regionCode.includes("-") ? place.regionCode : `${country}-${place.regionCode}`;
}

/** A policy as the app keeps it (the Shop's snapshot): where, and what it requires; ids left out (a default's `SD-` id changes once set). */
export interface PolicySnapshot {
  place: string;
  consentRequired: boolean;
  dataSaleOptOutRequired: boolean;
}

export const snapshotOf = (policies: ConsentPolicy[]): PolicySnapshot[] =>
  policies
    .map((p) => ({ place: regionLabel(p), consentRequired: p.consentRequired === true, dataSaleOptOutRequired: p.dataSaleOptOutRequired === true }))
    .sort((a, b) => a.place.localeCompare(b.place));

export interface RegionComparison {
  /** The banner is set to "Show to every visitor". */
  everywhere: boolean;
  /** Where Shopify requires consent now. */
  requiring: string[];
  /** No region requires consent: Shopify's cookies are set before any choice, everywhere. */
  noneRequire: boolean;
  /** Countries (or their regions) whose law asks for consent but where Shopify's cookies do not wait. */
  missing: string[];
  /** Where Shopify requires consent beyond those countries (kept: the banner shows there too). */
  beyond: string[];
  /** Of `missing`, those Shopify does not let an app set (not in consentPolicyRegions). */
  unsettable: string[];
  /** What the "Require consent" button writes: consent required in `missing`, data-sale opt-out kept as it is. */
  toWrite: ConsentPolicyInput[];
  /** Every country that asks for consent has Shopify's cookies wait. */
  agree: boolean;
}

/**
 * Compares Shopify's policies with where consent must be asked. `regions`: consentPolicyRegions (what can be
 * set); a country Shopify holds by region (e.g. the US by state) is written region by region.
 */
export function compareRegions(policies: ConsentPolicy[], regions: ConsentPolicyRegion[], everywhere: boolean): RegionComparison {
  const requiring = [...new Set(policies.filter((p) => p.consentRequired === true).map(regionLabel))].sort();
  const target = new Set(CONSENT_COUNTRIES);
  const missing: string[] = [];
  const unsettable: string[] = [];
  const toWrite: ConsentPolicyInput[] = [];
  for (const country of CONSENT_COUNTRIES) {
    const own = policies.filter((p) => p.countryCode === country);
    if (own.length) {
      for (const policy of own.filter((p) => p.consentRequired !== true)) {
        missing.push(regionLabel(policy));
        toWrite.push({
          countryCode: country,
          ...(policy.regionCode ? { regionCode: policy.regionCode } : {}),
          consentRequired: true,
          ...(typeof policy.dataSaleOptOutRequired === "boolean" ? { dataSaleOptOutRequired: policy.dataSaleOptOutRequired } : {}),
        });
      }
      continue;
    }
    missing.push(country);
    const settable = regions.filter((r) => r.countryCode === country);
    if (regions.length === 0 || settable.some((r) => !r.regionCode)) toWrite.push({ countryCode: country, consentRequired: true });
    else if (settable.length) for (const r of settable) toWrite.push({ countryCode: country, regionCode: r.regionCode, consentRequired: true });
    else unsettable.push(country);
  }
  const beyond = requiring.filter((place) => !target.has(place.split("-")[0]!));
  return { everywhere, requiring, noneRequire: requiring.length === 0, missing, beyond, unsettable, toWrite, agree: missing.length === 0 };
}

/** What changed between two snapshots: places that started or stopped requiring consent, or a data-sale opt-out. */
export interface PolicyDrift {
  consentAdded: string[];
  consentRemoved: string[];
  optOutAdded: string[];
  optOutRemoved: string[];
}

export function policyDrift(before: PolicySnapshot[], after: PolicySnapshot[]): PolicyDrift {
  const set = (list: PolicySnapshot[], key: "consentRequired" | "dataSaleOptOutRequired") => new Set(list.filter((p) => p[key]).map((p) => p.place));
  const diff = (a: Set<string>, b: Set<string>) => [...a].filter((x) => !b.has(x)).sort();
  const [consentBefore, consentAfter] = [set(before, "consentRequired"), set(after, "consentRequired")];
  const [optOutBefore, optOutAfter] = [set(before, "dataSaleOptOutRequired"), set(after, "dataSaleOptOutRequired")];
  return {
    consentAdded: diff(consentAfter, consentBefore),
    consentRemoved: diff(consentBefore, consentAfter),
    optOutAdded: diff(optOutAfter, optOutBefore),
    optOutRemoved: diff(optOutBefore, optOutAfter),
  };
}

export const isDrift = (drift: PolicyDrift) => Object.values(drift).some((list) => list.length > 0);
