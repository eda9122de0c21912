import { adminGraphql, AdminApiError } from "./admin-graphql.js";
import type { ShopifyApp } from "./create-shopify.js";

/**
 * Shopify's consent regions (Settings › Customer privacy): where Shopify's own cookies and pixels wait for
 * the shopper's consent, and where the sale of data is opt-out. `shouldShowBanner()` in the storefront
 * follows them. Ids starting `SD-` are Shopify's defaults.
 */
export interface ConsentPolicy {
  id: string;
  countryCode: string | null;
  regionCode: string | null;
  consentRequired: boolean | null;
  dataSaleOptOutRequired: boolean | null;
}

/** A country, or a region of one, for which a policy can be created or changed. */
export interface ConsentPolicyRegion {
  countryCode: string | null;
  regionCode: string | null;
}

/** consentPolicyUpdate's input: upserted by country + region; a field left out is not changed. */
export interface ConsentPolicyInput {
  countryCode: string;
  regionCode?: string | null;
  consentRequired?: boolean;
  dataSaleOptOutRequired?: boolean;
}

const FIELDS = "id countryCode regionCode consentRequired dataSaleOptOutRequired";
const READ = `#graphql
  query ConsentRegions { consentPolicy { ${FIELDS} } consentPolicyRegions { countryCode regionCode } }`;
const UPDATE = `#graphql
  mutation UpdateConsentRegions($consentPolicies: [ConsentPolicyInput!]!) {
    consentPolicyUpdate(consentPolicies: $consentPolicies) { updatedPolicies { ${FIELDS} } userErrors { field message code } }
  }`;

/** Every consent policy of the shop and the regions that can be set (read_privacy_settings). */
export async function readConsentPolicies(shopify: ShopifyApp, shop: string): Promise<{ policies: ConsentPolicy[]; regions: ConsentPolicyRegion[] }> {
  const data = await adminGraphql<{ consentPolicy: ConsentPolicy[]; consentPolicyRegions: ConsentPolicyRegion[] }>(shopify, shop, READ);
  return { policies: data.consentPolicy, regions: data.consentPolicyRegions };
}

/**
 * Creates or updates policies (write_privacy_settings), all or nothing as Shopify applies them. Shopify's
 * refusal (its userErrors) is an AdminApiError "user_errors" with Shopify's messages.
 */
export async function updateConsentPolicies(shopify: ShopifyApp, shop: string, consentPolicies: ConsentPolicyInput[]): Promise<ConsentPolicy[]> {
  const data = await adminGraphql<{
    consentPolicyUpdate: { updatedPolicies: ConsentPolicy[] | null; userErrors: Array<{ message: string; code?: string | null }> } | null;
  }>(shopify, shop, UPDATE, { consentPolicies });
  const errors = data.consentPolicyUpdate?.userErrors ?? [];
  if (errors.length) throw new AdminApiError("user_errors", `Shopify refused: ${errors.map((e) => e.message).join("; ")}`);
  return data.consentPolicyUpdate?.updatedPolicies ?? [];
}
