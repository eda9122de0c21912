// What loaded before the visitor chose (the merchant's consent leak report): third-party host names from
// Resource Timing, cookie names from document.cookie. Names only: never a URL, a path, a query or a value.
import { SEEN_CAP } from "./contract.js";

export interface Seen {
  hosts: string[];
  cookies: string[];
  /** Hosts the inline blocker held back (src/blocker.ts); `reportOnly`: it only noted them, they loaded. */
  held?: string[];
  reportOnly?: true;
}

// Shopify's own storefront infrastructure: governed by the Customer Privacy API already.
const SHOPIFY = /(^|\.)(shopify(cdn|svc|cloud)?\.com|myshopify\.com|shop\.app)$/;

/**
 * The host of a loaded URL when it is a third party's: not the shop's own host (or its subdomains), not
 * Shopify's, and a domain name (no IP literal of IPv6, no single label such as "localhost"; the server
 * keeps only what HOST_NAME accepts). A relative URL is the shop's own; a protocol-relative one
 * ("//host/x.js") is the host's.
 */
export function thirdPartyHost(url: string, own: string): string | undefined {
  let host = "";
  try {
    host = new URL(url, "https://" + own).hostname;
  } catch {
    /* not a URL */
  }
  // "." + host ends with "." + base: the shop's host itself, or one of its subdomains.
  return host.includes(".") && !("." + host).endsWith("." + own.replace(/^www\./, "")) && !SHOPIFY.test(host) ? host : undefined;
}

/** The names in a document.cookie string, at most SEEN_CAP (the server keeps those COOKIE_NAME accepts). */
export const cookieNames = (cookie: string) =>
  cookie
    .split(/; */)
    .map((pair) => pair.split("=")[0]!)
    .filter(Boolean)
    .slice(0, SEEN_CAP);

/**
 * Starts noting third-party hosts (`host`: thirdPartyHost with the page's host), including those that load
 * later; the returned function stops and reports. The inline blocker runs it from the page's start.
 */
export function observe(host: (url: string) => string | undefined): () => Seen {
  const hosts = new Set<string>();
  const note = (list: PerformanceEntryList) => {
    for (const entry of list) {
      const name = host(entry.name);
      if (name && hosts.size < SEEN_CAP) hosts.add(name);
    }
  };
  let observer: PerformanceObserver | undefined;
  try {
    observer = new PerformanceObserver((list) => note(list.getEntries()));
    observer.observe({ type: "resource", buffered: true });
  } catch {
    /* no Resource Timing: hosts stay empty */
  }
  return () => {
    // Entries the observer has not yet been called back with.
    if (observer) {
      note(observer.takeRecords());
      observer.disconnect();
    }
    return { hosts: [...hosts], cookies: cookieNames(document.cookie) };
  };
}

/**
 * What loaded before the choice, with what the inline blocker held back (`held`): held hosts did not load,
 * unless the store's list says report only, where they loaded and are only noted.
 */
export const withHeld = ({ hosts, cookies }: Seen, held: string[], reportOnly?: boolean): Seen => ({
  hosts: reportOnly ? hosts : hosts.filter((host) => !held.includes(host)),
  cookies,
  ...(held[0] && { held }),
  ...(reportOnly && { reportOnly }),
});
