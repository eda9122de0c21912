import { createHash } from "node:crypto";

/**
 * The stand-in Shopify's consent regions (Settings › Customer privacy), per shop: `consentPolicy`,
 * `consentPolicyRegions` and `consentPolicyUpdate` as Shopify documents them. A fresh shop starts with
 * Shopify's defaults (ids `SD-…`) and, as stores can be, with no region requiring consent: the US states
 * with a data-sale opt-out, France and Germany held with consent not required.
 */
export interface FakeConsentPolicy {
  id: string;
  countryCode: string;
  regionCode: string | null;
  consentRequired: boolean;
  dataSaleOptOutRequired: boolean;
}

/** Countries set as a whole (the schema's PrivacyCountryCode, except the US). */
const COUNTRIES = [
  ...["AT", "AU", "BE", "BG", "BR", "CA", "CH", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GB", "GR", "HR", "HU", "IE", "IS", "IT", "JP"],
  ...["LI", "LT", "LU", "LV", "MT", "NL", "NO", "NZ", "PL", "PT", "RO", "SE", "SI", "SK"],
];
/** US states with privacy laws: the US is held by state (ISO 3166-2 subdivision codes). */
const US_STATES = ["CA", "CO", "CT", "DE", "IA", "MT", "NE", "NH", "NJ", "OR", "TX", "UT", "VA"];

export const consentPolicyRegions = () => [
  ...COUNTRIES.map((countryCode) => ({ countryCode, regionCode: null })),
  ...US_STATES.map((regionCode) => ({ countryCode: "US", regionCode })),
];

const defaultId = (country: string, region: string | null) => `SD-${country}${region ? `-${region}` : ""}`;

export function defaultConsentPolicies(): FakeConsentPolicy[] {
  return [
    ...US_STATES.map((region) => ({
      id: defaultId("US", region),
      countryCode: "US",
      regionCode: region,
      consentRequired: false,
      dataSaleOptOutRequired: true,
    })),
    ...["DE", "FR"].map((country) => ({
      id: defaultId(country, null),
      countryCode: country,
      regionCode: null,
      consentRequired: false,
      dataSaleOptOutRequired: false,
    })),
  ];
}

export interface ConsentPolicyInput {
  countryCode?: string | null;
  regionCode?: string | null;
  consentRequired?: boolean | null;
  dataSaleOptOutRequired?: boolean | null;
}

type PolicyError = { code: string; field: string[]; message: string };

/**
 * consentPolicyUpdate: every input checked first, then all applied (Shopify's userErrors otherwise).
 * Shopify refuses while its own cookie banner is on (SHOPIFY_COOKIE_BANNER_NOT_DISABLED). An input
 * matching a policy by country and region updates it (a default gets an id of its own), otherwise it is created.
 */
export function updateConsentPolicies(
  policies: FakeConsentPolicy[],
  inputs: ConsentPolicyInput[],
  context: { shop: string; cookieBanner: boolean },
): { updatedPolicies: FakeConsentPolicy[] | null; userErrors: PolicyError[] } {
  const settable = consentPolicyRegions();
  const userErrors: PolicyError[] = [];
  if (context.cookieBanner) {
    userErrors.push({
      code: "SHOPIFY_COOKIE_BANNER_NOT_DISABLED",
      field: ["consentPolicies"],
      message: "Shopify's cookie banner must be disabled.",
    });
  }
  inputs.forEach((input, index) => {
    const field = (name: string) => ["consentPolicies", String(index), name];
    if (!input.countryCode) return void userErrors.push({ code: "COUNTRY_CODE_REQUIRED", field: field("countryCode"), message: "Country code is required." });
    const regions = settable.filter((r) => r.countryCode === input.countryCode);
    if (input.regionCode && !regions.some((r) => r.regionCode === input.regionCode)) {
      userErrors.push({ code: "REGION_CODE_MUST_MATCH_COUNTRY_CODE", field: field("regionCode"), message: "Region code must match the country code." });
    } else if (!input.regionCode && regions.length && regions.every((r) => r.regionCode)) {
      userErrors.push({
        code: "REGION_CODE_REQUIRED",
        field: field("regionCode"),
        message: "Region code is required for countries with existing regional policies.",
      });
    } else if (!regions.length) {
      userErrors.push({ code: "UNSUPORTED_CONSENT_POLICY", field: field("countryCode"), message: "Unsupported consent policy." });
    }
  });
  if (userErrors.length) return { updatedPolicies: null, userErrors };
  const updated = inputs.map((input) => {
    const regionCode = input.regionCode || null;
    let policy = policies.find((p) => p.countryCode === input.countryCode && p.regionCode === regionCode);
    if (!policy) {
      policy = { id: "", countryCode: input.countryCode!, regionCode, consentRequired: false, dataSaleOptOutRequired: false };
      policies.push(policy);
    }
    if (typeof input.consentRequired === "boolean") policy.consentRequired = input.consentRequired;
    if (typeof input.dataSaleOptOutRequired === "boolean") policy.dataSaleOptOutRequired = input.dataSaleOptOutRequired;
    if (!policy.id || policy.id.startsWith("SD-")) {
      const n = createHash("sha256")
        .update(`${context.shop}:${policy.countryCode}:${regionCode ?? ""}`)
        .digest()
        .readUInt32BE(0);
      policy.id = `gid://shopify/ConsentPolicy/${n}`;
    }
    return policy;
  });
  return { updatedPolicies: updated, userErrors: [] };
}

/** consentPolicy's filters, as its arguments name them. */
export function filterConsentPolicies(policies: FakeConsentPolicy[], args: ConsentPolicyInput & { id?: string | null }): FakeConsentPolicy[] {
  return policies.filter(
    (p) =>
      (args.id == null || p.id === args.id) &&
      (args.countryCode == null || p.countryCode === args.countryCode) &&
      (args.regionCode == null || p.regionCode === args.regionCode) &&
      (args.consentRequired == null || p.consentRequired === args.consentRequired) &&
      (args.dataSaleOptOutRequired == null || p.dataSaleOptOutRequired === args.dataSaleOptOutRequired),
  );
}
