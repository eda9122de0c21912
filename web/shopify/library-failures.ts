import { AsyncLocalStorage } from "node:async_hooks";
import { shopifyApi } from "./api.js";

/**
 * What failed beneath Shopify's Express library while it authenticated one request. The library
 * catches a session storage error, a failed token exchange or a failed afterAuth hook and answers a
 * bare `500` with no cause attached; the parts it calls (our session storage, our hook, the token
 * exchange) note their errors here, in the request's async context, so the HTTP layer can tell an
 * outage (503) from a bug (500) by the error that happened, not by a check made afterwards.
 */
const current = new AsyncLocalStorage<FailureRecord>();

/** The failures noted for one request, while `recording` (until the library hands the request on). */
export interface FailureRecord {
  failures: unknown[];
  recording: boolean;
}

/** Runs `fn` (the library's middleware) with `record` collecting what noteFailure records meanwhile. */
export function recordingFailures<T>(record: FailureRecord, fn: () => T): T {
  return current.run(record, fn);
}

export function noteFailure(error: unknown): void {
  const record = current.getStore();
  if (record?.recording) record.failures.push(error);
}

/** Shopify could not be reached, or answered with a server error, throttling or a body that is not its JSON. */
export class ShopifyUnavailableError extends Error {
  constructor(cause: unknown) {
    super("Shopify is unavailable", { cause });
    this.name = "ShopifyUnavailableError";
  }
}

const NETWORK_CODES = /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|UND_ERR_\w+)$/;

/**
 * Whether a failed call to Shopify (token exchange, token refresh) is Shopify's outage rather than a
 * refusal: no connection or answer (fetch's TypeError, a network error code, a timeout), HTTP 5xx or 429,
 * or a body that is not JSON (a proxy's error page). A 4xx refusal, a bad session token or shop is not.
 */
export function isShopifyUnavailable(error: unknown): boolean {
  const { HttpResponseError, HttpRequestError, ShopifyError } = shopifyApi;
  if (error instanceof HttpResponseError) return error.response.code >= 500 || error.response.code === 429;
  if (error instanceof HttpRequestError) return true;
  if (error instanceof ShopifyError) return false;
  if (error instanceof SyntaxError) return true;
  const seen = new Set<unknown>();
  for (let current: unknown = error; current && typeof current === "object" && !seen.has(current); current = (current as { cause?: unknown }).cause) {
    seen.add(current);
    const { name, code, message } = current as { name?: unknown; code?: unknown; message?: unknown };
    if (name === "TimeoutError" || name === "AbortError") return true;
    if (typeof code === "string" && NETWORK_CODES.test(code)) return true;
    if (current instanceof TypeError && message === "fetch failed") return true;
  }
  return false;
}
