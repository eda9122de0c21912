import { isDatabaseUnavailable } from "../db/errors.js";
import type { ShopifyApp } from "./create-shopify.js";
import { isShopifyUnavailable, ShopifyUnavailableError } from "./library-failures.js";

export type AdminApiFailure = "no_session" | "access_denied" | "user_errors" | "failed";

/** An Admin API call that did not do what was asked, with a reason a merchant can act on. */
export class AdminApiError extends Error {
  constructor(
    readonly kind: AdminApiFailure,
    message: string,
  ) {
    super(message);
    this.name = "AdminApiError";
  }
}

/**
 * One Admin GraphQL call for a shop, with its offline session (refreshed when its expiring token is
 * due, by Shopify's library). Errors become AdminApiError: no session, a scope the merchant has not
 * granted (ACCESS_DENIED), or anything else, with Shopify's message; a token refresh that found Shopify
 * unreachable is a ShopifyUnavailableError (503).
 */
export async function adminGraphql<T>(shopify: ShopifyApp, shop: string, query: string, variables?: Record<string, unknown>): Promise<T> {
  const session = await shopify.ensureValidOfflineSession(shop).catch((error: unknown) => {
    // Loading the session is the database's part; refreshing its expiring token is Shopify's.
    throw !isDatabaseUnavailable(error) && isShopifyUnavailable(error) ? new ShopifyUnavailableError(error) : error;
  });
  if (!session) throw new AdminApiError("no_session", "The app has no access to this shop yet: open it from your Shopify admin.");
  const client = new shopify.api.clients.Graphql({ session });
  try {
    const response = await client.request<T>(query, { variables });
    if (!response.data) throw new AdminApiError("failed", "Shopify answered without data.");
    return response.data;
  } catch (error) {
    if (error instanceof AdminApiError) throw error;
    const detail = JSON.stringify((error as { body?: unknown }).body ?? {}) + String((error as Error).message ?? "");
    if (/ACCESS_DENIED|access denied/i.test(detail)) {
      const scope = /`(\w+)` access scope/.exec(detail)?.[1] ?? /Required access: `?([\w_]+)/.exec(detail)?.[1];
      throw new AdminApiError(
        "access_denied",
        scope
          ? `The app needs the ${scope} permission: open the app from your Shopify admin to approve it.`
          : "The app is missing a permission for this: open the app from your Shopify admin to approve it.",
      );
    }
    throw new AdminApiError("failed", `Shopify's Admin API failed: ${String((error as Error).message ?? error).slice(0, 200)}`);
  }
}
