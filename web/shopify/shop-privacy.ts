import { adminGraphql, AdminApiError } from "./admin-graphql.js";
import type { ShopifyApp } from "./create-shopify.js";

const POLICIES = `#graphql
  query ShopPrivacyPolicy { shop { shopPolicies { type title url } } }`;
const PRIVACY_SETTINGS = `#graphql
  query ShopifyCookieBanner { privacySettings { banner { enabled autoManaged } } }`;
const DISABLE_BANNER = `#graphql
  mutation DisableShopifyCookieBanner { privacyFeaturesDisable(featuresToDisable: [COOKIE_BANNER]) { featuresDisabled userErrors { field message } } }`;

/** The shop's privacy policy page (read_legal_policies), or null when it has none. */
export async function shopPrivacyPolicy(shopify: ShopifyApp, shop: string): Promise<{ url: string; title: string } | null> {
  const data = await adminGraphql<{ shop: { shopPolicies: Array<{ type: string; title: string; url: string }> } }>(shopify, shop, POLICIES);
  const policy = data.shop.shopPolicies.find((p) => p.type === "PRIVACY_POLICY");
  return policy ? { url: policy.url, title: policy.title } : null;
}

/** Whether Shopify's own cookie banner is on (read_privacy_settings): two banners must never show. */
export async function shopifyCookieBanner(shopify: ShopifyApp, shop: string): Promise<{ enabled: boolean; autoManaged: boolean }> {
  const data = await adminGraphql<{ privacySettings: { banner: { enabled: boolean; autoManaged: boolean } | null } }>(shopify, shop, PRIVACY_SETTINGS);
  return data.privacySettings.banner ?? { enabled: false, autoManaged: false };
}

/** Turns Shopify's own cookie banner off (write_privacy_settings). */
export async function disableShopifyCookieBanner(shopify: ShopifyApp, shop: string): Promise<void> {
  const data = await adminGraphql<{ privacyFeaturesDisable: { featuresDisabled: string[] | null; userErrors: Array<{ message: string }> } | null }>(
    shopify,
    shop,
    DISABLE_BANNER,
  );
  const errors = data.privacyFeaturesDisable?.userErrors ?? [];
  if (errors.length) throw new AdminApiError("user_errors", `Shopify refused: ${errors.map((e) => e.message).join("; ")}`);
}

/** A result, or the reason it could not be read (shown on the step instead of failing the page). */
export async function attempt<T>(read: () => Promise<T>): Promise<{ value: T; error: null } | { value: null; error: string }> {
  try {
    return { value: await read(), error: null };
  } catch (error) {
    if (error instanceof AdminApiError) return { value: null, error: error.message };
    throw error;
  }
}
