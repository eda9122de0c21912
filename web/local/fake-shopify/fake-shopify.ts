import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { GraphQLError, graphql } from "graphql";
import { jwtVerify } from "jose";
import { adminSchema } from "./admin-schema.js";
import { createCustomerStore, type CustomerState, type ErasureOptions, type FakeErasure } from "./fake-customers.js";
import {
  consentPolicyRegions,
  defaultConsentPolicies,
  filterConsentPolicies,
  updateConsentPolicies,
  type ConsentPolicyInput,
  type FakeConsentPolicy,
} from "./fake-consent-policies.js";

/**
 * A local stand-in for the two Shopify endpoints the app calls, following Shopify's documented
 * contracts: POST /admin/oauth/access_token (token exchange and refresh, expiring offline tokens) and
 * POST /admin/api/{version}/graphql.json (executed by graphql-js against ./admin-schema.ts), with each
 * shop's customers and orders and Shopify's privacy-rights mutations (./fake-customers.ts).
 * Local mode serves it in-process through the library's fetch hook; the tests use the same one.
 * Tokens are self-verifying (HMAC with the app secret), so they survive a restart of the app.
 */
export interface FakeShopifyOptions extends ErasureOptions {
  apiKey: string;
  apiSecret: string;
  scopes: string[];
  /** Keep metafields, customers and pending erasures in this JSON file across restarts (local mode). In memory when absent. */
  statePath?: string;
  accessTokenLifetime?: number;
  refreshTokenLifetime?: number;
  now?: () => number;
}

export interface FakeMetafield {
  id: string;
  namespace: string;
  key: string;
  type: string;
  value: string;
  compareDigest: string;
  createdAt: string;
  updatedAt: string;
}

export interface FakeShopifyCall {
  shop: string;
  kind: "token_exchange" | "refresh_token" | "graphql";
  operation?: string;
  status: number;
  /** When it was answered (ISO). */
  at: string;
  variables?: Record<string, unknown>;
  /** An injected failure (failNext). */
  failed?: boolean;
}

export interface FakeShopState {
  /** Shopify's own cookie banner (Settings › Customer privacy). */
  cookieBanner: boolean;
  /** The shop has a privacy policy page (Settings › Policies). */
  privacyPolicy: boolean;
  /** The app embed is on in the live theme. */
  embedActive: boolean;
  /** The scopes the merchant has granted (the app's requested scopes when absent). */
  grantedScopes?: string[];
  /** Whether a staff permission to erase customer data applies to the app's token (true when absent). */
  staffMayErase?: boolean;
  /** Shopify's consent regions (./fake-consent-policies.ts): its defaults until changed. */
  consentPolicies?: FakeConsentPolicy[];
}

interface FakeState extends CustomerState {
  metafields: Record<string, Record<string, FakeMetafield>>;
  shops: Record<string, FakeShopState>;
}

/** The newest calls kept (local mode runs for days). */
const MAX_CALLS = 5_000;

interface TokenClaims {
  shop: string;
  exp: number;
}

const TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
const OFFLINE = "urn:shopify:params:oauth:token-type:offline-access-token";
const ID_TOKEN = "urn:ietf:params:oauth:token-type:id_token";
const INVALID_TOKEN = "[API] Invalid API key or access token (unrecognized login or wrong password)";

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

export function numericIdOf(text: string): number {
  return createHash("sha256").update(text).digest().readUInt32BE(0);
}

export function createFakeShopify(options: FakeShopifyOptions) {
  const now = options.now ?? (() => Date.now());
  const accessLifetime = options.accessTokenLifetime ?? 3600;
  const refreshLifetime = options.refreshTokenLifetime ?? 90 * 24 * 3600;
  const calls: FakeShopifyCall[] = [];
  const record = (call: Omit<FakeShopifyCall, "at">) => {
    calls.push({ ...call, at: new Date(now()).toISOString() });
    if (calls.length > MAX_CALLS) calls.splice(0, calls.length - MAX_CALLS);
  };
  const saved = options.statePath && existsSync(options.statePath) ? (JSON.parse(readFileSync(options.statePath, "utf8")) as Partial<FakeState>) : {};
  // (A state file from before shops' privacy settings held the metafields map alone.)
  const state: FakeState = saved.metafields ? (saved as FakeState) : { metafields: saved as FakeState["metafields"], shops: {}, customers: {}, erasures: {} };
  state.customers ??= {};
  state.erasures ??= {};
  const { metafields } = state;
  /** Injected faults, for tests and the local admin: the next N calls of an operation fail. */
  const failures: Record<string, number> = {};

  const save = () => {
    if (!options.statePath) return;
    mkdirSync(path.dirname(options.statePath), { recursive: true });
    writeFileSync(options.statePath, JSON.stringify(state, null, 2));
  };
  /** Each shop's privacy settings in Shopify: its cookie banner is on and it has a privacy policy, until changed. */
  const shopState = (shop: string) => (state.shops[shop] ??= { cookieBanner: true, privacyPolicy: true, embedActive: false });
  /** A shop's consent regions, live (a test changes them as another app would). */
  const consentPoliciesOf = (shop: string) => (shopState(shop).consentPolicies ??= defaultConsentPolicies());
  const grantedScopes = (shop: string) => state.shops[shop]?.grantedScopes ?? options.scopes;
  // A write scope includes its read scope, as Shopify's do.
  const hasScope = (shop: string, scope: string) => grantedScopes(shop).includes(scope) || grantedScopes(shop).includes(scope.replace(/^read_/, "write_"));
  const requireScope = (shop: string, scope: string, field: string) => {
    if (!hasScope(shop, scope)) {
      throw new GraphQLError(`Access denied for ${field} field. Required access: \`${scope}\` access scope.`, { extensions: { code: "ACCESS_DENIED" } });
    }
  };
  const erasureOptions: ErasureOptions = { erasureDelayMs: options.erasureDelayMs, onErasure: options.onErasure };
  const customers = createCustomerStore({ state, now, save, options: erasureOptions });

  const sign = (prefix: string, body: string) => createHmac("sha256", options.apiSecret).update(`${prefix}.${body}`).digest("base64url").slice(0, 32);

  function issueToken(prefix: "shpat" | "shprt", shop: string, lifetime: number): string {
    const body = Buffer.from(JSON.stringify({ shop, exp: Math.floor(now() / 1000) + lifetime, n: randomBytes(6).toString("hex") })).toString("base64url");
    return `${prefix}_${body}.${sign(prefix, body)}`;
  }

  function verifyToken(prefix: "shpat" | "shprt", token: string | null, shop: string): TokenClaims | undefined {
    const match = token?.match(/^(shpat|shprt)_([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]{32})$/);
    if (!match || match[1] !== prefix) return undefined;
    const expected = Buffer.from(sign(prefix, match[2]!));
    if (!timingSafeEqual(expected, Buffer.from(match[3]!))) return undefined;
    const claims = JSON.parse(Buffer.from(match[2]!, "base64url").toString()) as TokenClaims;
    return claims.shop === shop && claims.exp * 1000 > now() ? claims : undefined;
  }

  function tokenResponse(shop: string, expiring: boolean) {
    return {
      access_token: issueToken("shpat", shop, expiring ? accessLifetime : 100 * 365 * 24 * 3600),
      scope: grantedScopes(shop).join(","),
      ...(expiring && {
        expires_in: accessLifetime,
        refresh_token: issueToken("shprt", shop, refreshLifetime),
        refresh_token_expires_in: refreshLifetime,
      }),
    };
  }

  async function accessToken(shop: string, body: Record<string, string>): Promise<Response> {
    if (body.client_id !== options.apiKey || body.client_secret !== options.apiSecret) {
      return json(400, { error: "invalid_client", error_description: "Client credentials are invalid" });
    }
    if (body.grant_type === TOKEN_EXCHANGE) {
      record({ shop, kind: "token_exchange", status: 200 });
      if (body.subject_token_type !== ID_TOKEN || body.requested_token_type !== OFFLINE) {
        return json(400, { error: "invalid_request", error_description: "only offline tokens from id_tokens are issued here" });
      }
      try {
        const { payload } = await jwtVerify(body.subject_token ?? "", new TextEncoder().encode(options.apiSecret), {
          algorithms: ["HS256"],
          audience: options.apiKey,
          clockTolerance: 10,
          currentDate: new Date(now()),
        });
        if (new URL(String(payload.dest)).hostname !== shop) throw new Error("dest does not match the shop");
      } catch (error) {
        return json(400, { error: "invalid_subject_token", error_description: (error as Error).message });
      }
      return json(200, tokenResponse(shop, body.expiring === "1"));
    }
    if (body.grant_type === "refresh_token") {
      record({ shop, kind: "refresh_token", status: 200 });
      if (!verifyToken("shprt", body.refresh_token ?? null, shop)) {
        return json(400, { error: "invalid_grant", error_description: "refresh token is invalid or expired" });
      }
      return json(200, tokenResponse(shop, true));
    }
    return json(400, { error: "unsupported_grant_type" });
  }

  function installationId(shop: string) {
    return `gid://shopify/AppInstallation/${numericIdOf(`installation:${shop}`)}`;
  }

  function rootFor(shop: string) {
    const own = (metafields[shop] ??= {});
    const list = (namespace?: string) => Object.values(own).filter((m) => !namespace || m.namespace === namespace);
    return {
      ...customers.rootFor(shop, {
        requireScope: (scope, field) => requireScope(shop, scope, field),
        hasScope: (scope) => hasScope(shop, scope),
        mayErase: shopState(shop).staffMayErase !== false,
      }),
      shop: () => ({
        id: `gid://shopify/Shop/${numericIdOf(shop)}`,
        name: shop
          .replace(/\.myshopify\.com$/, "")
          .replace(/[-_]+/g, " ")
          .replace(/\b\w/g, (c) => c.toUpperCase()),
        myshopifyDomain: shop,
        email: `owner@${shop}`,
        currencyCode: "EUR",
        primaryDomain: { host: shop, url: `https://${shop}` },
        shopPolicies: () => {
          requireScope(shop, "read_legal_policies", "shopPolicies");
          if (!shopState(shop).privacyPolicy) return [];
          return [
            {
              id: `gid://shopify/ShopPolicy/${numericIdOf(`policy:${shop}`)}`,
              type: "PRIVACY_POLICY",
              title: "Privacy policy",
              url: `https://${shop}/policies/privacy-policy`,
              body: "<p>…</p>",
              updatedAt: "2026-01-01T00:00:00Z",
            },
          ];
        },
      }),
      privacySettings: () => {
        requireScope(shop, "read_privacy_settings", "privacySettings");
        return {
          banner: { enabled: shopState(shop).cookieBanner, autoManaged: false },
          dataSaleOptOutPage: { autoManaged: false },
          privacyPolicy: { autoManaged: false },
        };
      },
      consentPolicy: (args: ConsentPolicyInput & { id?: string }) => {
        requireScope(shop, "read_privacy_settings", "consentPolicy");
        return filterConsentPolicies(consentPoliciesOf(shop), args).map((p) => ({ ...p, shopId: `gid://shopify/Shop/${numericIdOf(shop)}` }));
      },
      consentPolicyRegions: () => {
        requireScope(shop, "read_privacy_settings", "consentPolicyRegions");
        return consentPolicyRegions();
      },
      consentPolicyUpdate: ({ consentPolicies }: { consentPolicies: ConsentPolicyInput[] }) => {
        requireScope(shop, "write_privacy_settings", "consentPolicyUpdate");
        const result = updateConsentPolicies(consentPoliciesOf(shop), consentPolicies, { shop, cookieBanner: shopState(shop).cookieBanner });
        save();
        const shopId = `gid://shopify/Shop/${numericIdOf(shop)}`;
        return { ...result, updatedPolicies: result.updatedPolicies?.map((p) => ({ ...p, shopId })) ?? null };
      },
      privacyFeaturesDisable: ({ featuresToDisable }: { featuresToDisable: string[] }) => {
        requireScope(shop, "write_privacy_settings", "privacyFeaturesDisable");
        if (featuresToDisable.includes("COOKIE_BANNER")) shopState(shop).cookieBanner = false;
        save();
        return { featuresDisabled: featuresToDisable, userErrors: [] };
      },
      currentAppInstallation: () => ({
        id: installationId(shop),
        app: { id: `gid://shopify/App/${numericIdOf(options.apiKey)}`, handle: "consent-compliance", title: "Consent & Compliance", apiKey: options.apiKey },
        accessScopes: grantedScopes(shop).map((handle) => ({ handle })),
        metafield: ({ namespace, key }: { namespace?: string; key: string }) => own[`${namespace ?? "$app"}.${key}`] ?? null,
        metafields: ({ namespace, first }: { namespace?: string; first?: number }) => ({ nodes: list(namespace).slice(0, first ?? 250) }),
      }),
      metafieldsSet: ({ metafields: inputs }: { metafields: Array<Record<string, string | undefined>> }) => {
        const userErrors: Array<{ field: string[]; message: string; code: string; elementIndex: number }> = [];
        if (inputs.length > 25) {
          return {
            metafields: null,
            userErrors: [
              { field: ["metafields"], message: "Exceeded the maximum metafields input limit of 25.", code: "LESS_THAN_OR_EQUAL_TO", elementIndex: null },
            ],
          };
        }
        inputs.forEach((input, index) => {
          const existing = own[`${input.namespace ?? "$app"}.${input.key}`];
          const fail = (field: string, message: string, code: string) =>
            userErrors.push({ field: ["metafields", String(index), field], message, code, elementIndex: index });
          if (input.ownerId !== installationId(shop))
            fail("ownerId", "ApiPermission metafields can only be created or updated by the app owner.", "APP_NOT_AUTHORIZED");
          if (!existing && !input.type) fail("type", "Type can't be blank", "BLANK");
          if (existing && input.compareDigest && input.compareDigest !== existing.compareDigest)
            fail("compareDigest", "The resource has been updated since it was loaded.", "STALE_OBJECT");
          const type = input.type ?? existing?.type;
          if (type === "json") {
            try {
              JSON.parse(input.value ?? "");
            } catch {
              fail("value", "Value is invalid JSON.", "INVALID_VALUE");
            }
          }
          if (type === "boolean" && !/^(true|false)$/.test(input.value ?? "")) fail("value", "Value must be true or false.", "INVALID_VALUE");
        });
        if (userErrors.length) return { metafields: [], userErrors };
        const stamp = new Date(now()).toISOString();
        const written = inputs.map((input) => {
          const namespace = input.namespace ?? "$app";
          const id = `${namespace}.${input.key}`;
          const value = input.value ?? "";
          own[id] = {
            id: own[id]?.id ?? `gid://shopify/Metafield/${numericIdOf(`${shop}:${id}`)}`,
            namespace,
            key: input.key!,
            type: input.type ?? own[id]!.type,
            value,
            compareDigest: createHash("sha256").update(value).digest("hex"),
            createdAt: own[id]?.createdAt ?? stamp,
            updatedAt: stamp,
          };
          return own[id];
        });
        save();
        return { metafields: written, userErrors: [] };
      },
      metafieldsDelete: ({ metafields: ids }: { metafields: Array<{ ownerId: string; namespace: string; key: string }> }) => {
        const deleted = ids.map((id) => (delete own[`${id.namespace}.${id.key}`] ? id : null));
        save();
        return { deletedMetafields: deleted, userErrors: [] };
      },
    };
  }

  async function adminGraphql(shop: string, request: Request): Promise<Response> {
    if (!verifyToken("shpat", request.headers.get("x-shopify-access-token"), shop)) {
      record({ shop, kind: "graphql", status: 401 });
      return json(401, { errors: INVALID_TOKEN });
    }
    const body = (await request.json()) as { query?: string; variables?: Record<string, unknown>; operationName?: string };
    const operation = body.query?.match(/\b(?:query|mutation)\s+(\w+)/)?.[1];
    if (operation && failures[operation]) {
      failures[operation]--;
      record({ shop, kind: "graphql", operation, status: 200, variables: body.variables, failed: true });
      return json(200, { errors: [{ message: "Internal error. Looks like something went wrong on our end.", extensions: { code: "INTERNAL_SERVER_ERROR" } }] });
    }
    const result = await graphql({
      schema: adminSchema,
      source: body.query ?? "",
      rootValue: rootFor(shop),
      variableValues: body.variables,
      operationName: body.operationName,
    });
    record({ shop, kind: "graphql", operation, status: 200, variables: body.variables });
    return json(200, result);
  }

  return {
    /** Every call answered, newest last (for tests and the local pages), each with when (`at`). */
    calls,
    /** A shop's customers as Shopify holds them (seeded on first use; an erased customer is gone). */
    customersOf: customers.customersOf,
    /** Shopify's pending erasure of a customer: scheduled or held (undefined when none). */
    erasureOf: customers.erasureOf,
    /** An erasure requested by staff in Shopify's admin (only they may cancel it): null for an unknown customer. */
    requestErasureAsStaff: (shop: string, customerId: number | string): FakeErasure | null => customers.requestErasure(shop, customerId, "staff"),
    /** Staff cancel a pending erasure in Shopify's admin: false when there is none. */
    cancelErasureAsStaff: (shop: string, customerId: number | string): boolean => customers.cancelErasure(shop, customerId),
    /** Changes the waiting period before an erasure and who is told of one (already scheduled erasures keep theirs). */
    setErasureOptions(change: ErasureOptions) {
      Object.assign(erasureOptions, change);
    },
    /** Stops pending erasure timers (a stopped server's fake erases nothing more). */
    close: customers.close,
    metafieldsOf: (shop: string) => Object.values(metafields[shop] ?? {}),
    /** Shopify's side of a shop: its cookie banner, its privacy policy, and (the theme editor's) app embed. */
    shopState,
    /** A shop's consent regions as Shopify holds them: the live list, so a test can change it as the merchant or another app would. */
    consentPoliciesOf,
    /** Makes the next `times` calls of a GraphQL operation (by name) fail as Shopify's do. */
    failNext(operation: string, times = 1) {
      failures[operation] = times;
    },
    /** Switches the app embed on or off in the live theme (the local admin's stand-in for the theme editor). */
    setEmbedActive(shop: string, active: boolean) {
      shopState(shop).embedActive = active;
      save();
    },
    setShopState(shop: string, change: Partial<FakeShopState>) {
      Object.assign(shopState(shop), change);
      save();
    },
    installationId,
    handles: (url: URL) => url.hostname.endsWith(".myshopify.com"),
    async fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
      const request = new Request(input, init);
      const url = new URL(request.url);
      const shop = url.hostname;
      if (request.method === "POST" && url.pathname === "/admin/oauth/access_token") {
        return accessToken(shop, (await request.json()) as Record<string, string>);
      }
      if (request.method === "POST" && /^\/admin\/api\/[\w-]+\/graphql\.json$/.test(url.pathname)) {
        return adminGraphql(shop, request);
      }
      return json(404, { errors: "Not Found" });
    },
  };
}

export type FakeShopify = ReturnType<typeof createFakeShopify>;
