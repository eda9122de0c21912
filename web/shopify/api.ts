import { createRequire } from "node:module";

/**
 * @shopify/shopify-api as @shopify/shopify-app-express sees it. The Express package and the Prisma
 * session storage have no `exports` map, so Node loads their CommonJS builds, which `require` the
 * CommonJS build of shopify-api. An ESM `import` would load a second copy: its `Session` class, its
 * errors (instanceof) and its fetch hook would not be the ones the library uses. Import from here.
 */
const require = createRequire(import.meta.url);

export const shopifyApi = require("@shopify/shopify-api") as typeof import("@shopify/shopify-api");
export const shopifyRuntime = require("@shopify/shopify-api/runtime") as typeof import("@shopify/shopify-api/runtime");

/** The Admin API version this app speaks; shopify.app.toml's [webhooks] api_version says the same. */
export const API_VERSION = shopifyApi.ApiVersion.October26;
