import { shopifyRuntime } from "../../shopify/api.js";
import type { FakeShopify } from "./fake-shopify.js";

/**
 * Sends the Shopify library's HTTP calls to *.myshopify.com to the fake, through the library's own
 * fetch hook (setAbstractFetchFunc). Everything else goes to the real fetch. Returns an undo function.
 */
export function routeShopifyCallsTo(fake: FakeShopify): () => void {
  const realFetch = globalThis.fetch;
  shopifyRuntime.setAbstractFetchFunc(async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    return fake.handles(url) ? fake.fetch(input, init) : realFetch(input, init);
  });
  return () => shopifyRuntime.setAbstractFetchFunc(realFetch);
}
