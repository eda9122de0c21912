// The inline tracker blocker. The app embed renders it in <head> ahead of every other script (the block's
// contract:blocker part; built alone by scripts/build-banner.mjs). Until the visitor allows a category,
// scripts, iframes and images of known trackers of that category load nothing: those in the theme's HTML
// (a MutationObserver turns them off before the parser runs them) and those other scripts create
// (document.createElement's script, iframe and img keep a held URL to themselves). set() releases them on
// the same elements, once each, in document order. fetch and XHR are never touched.
// The decisions are plain functions, unit-tested in __tests__/blocker.test.ts; the page part runs only in a page.
import { CATEGORIES, SEEN_CAP, type BlockerConfig, type Category, type TrackerCode } from "./contract.js";
import { observe, thirdPartyHost, withHeld } from "./observe.js";
import { consentModeUpdate, parseStored, proxyUrl, STORE_KEY, uetUpdate, type Choice, type Stored } from "./state.js";
import { KNOWN_COOKIES, KNOWN_HOSTS } from "./tracker-list.js";
import type { ConsentBlocker } from "./types.js";

/** What the visitor allows (a missing category is not allowed). */
export type Allowed = Partial<Record<Category, boolean>>;

/**
 * The code of a category is its first letter (marketing m, analytics a, preferences p). A merchant's
 * `data-consent` names a category; "necessary" gives n, which never waits.
 */
const code = (category: string) => category[0] as TrackerCode;

/** A host and its parent domains, longest first, down to two labels: a.b.c.com, b.c.com, c.com. */
export function suffixes(host: string): string[] {
  const out = [];
  for (let h = host; h.includes("."); h = h.slice(h.indexOf(".") + 1)) out.push(h);
  return out;
}

/** Space-separated lists by code, as one table: host suffix → code. */
export function table<C extends string>(lists: Record<C, string>): Record<string, C> {
  const out: Record<string, C> = {};
  for (const code in lists) for (const host of lists[code].split(" ")) if (host) out[host] = code;
  return out;
}
const KNOWN = table(KNOWN_HOSTS);

/**
 * The tracker a URL loads from: its host and what it waits for. None for the shop's own and Shopify's
 * hosts; otherwise the longest suffix listed decides, the store's list before the built-in one.
 */
export function trackerOf(url: string, own: string, store?: Record<string, TrackerCode>, known: Record<string, TrackerCode> = KNOWN) {
  const host = thirdPartyHost(url, own);
  if (host)
    for (const suffix of suffixes(host)) {
      const code = store?.[suffix] || known[suffix];
      if (code) return [host, code] as const;
    }
}

/**
 * Whether a tracker of this code waits, given what the visitor allows: a tag manager until analytics or
 * marketing is allowed (never in Google Consent Mode's advanced mode, `advanced`); a necessary one never.
 */
export const waits = (code: TrackerCode | undefined, allowed: Allowed, advanced?: boolean): boolean =>
  code == "t" ? !advanced && !allowed.analytics && !allowed.marketing : !!code && code != "n" && !allowed[CATEGORIES.find((c) => code == c[0])!];

/** The categories allowed before and not now. */
export const withdrawn = (before: Allowed, now: Allowed): Category[] => CATEGORIES.filter((c) => before[c] && !now[c]);

/** Of these cookie names, those known trackers of the category set (KNOWN_COOKIES; "x*" matches every name starting with x). */
export function trackerCookies(names: string[], category: Category, known: Record<"m" | "a" | "p", string> = KNOWN_COOKIES): string[] {
  const patterns = (known[code(category) as "m"] || "").split(" ").filter(Boolean);
  return names.filter((name) => patterns.some((p) => (p.endsWith("*") ? name.startsWith(p.slice(0, -1)) : name == p)));
}

// Google's tags read dataLayer entries that are `arguments` objects (not arrays), as gtag.js pushes them.
const gtag: (...args: unknown[]) => void = function () {
  // eslint-disable-next-line prefer-rest-params
  (window.dataLayer ||= []).push(arguments);
};

/** What the blocker sets a held parser-inserted script's type to: not JavaScript, so the parser does not run it. */
export const BLOCKED = "javascript/blocked";

if (typeof document == "object") {
  const cfg = JSON.parse(document.getElementById("consent-blocker-config")!.textContent!) as BlockerConfig;
  const store = cfg.s?.hosts;
  const report = cfg.s?.reportOnly;
  const advanced = cfg.g && cfg.a;
  const own = location.hostname;
  const setAttribute = Element.prototype.setAttribute;
  const create = document.createElement;
  const TAGS = /^(SCRIPT|IFRAME|IMG)$/;
  // Before the banner's first set(): the stored choice, else nothing allowed. The banner reads it here too.
  let stored: Stored | null = null;
  try {
    stored = parseStored(localStorage.getItem(STORE_KEY));
  } catch {
    /* no storage */
  }
  let allowed: Allowed = stored?.choice || {};
  // Google's and Microsoft's consent modes: their updates, when the merchant turned them on.
  const signal = (choice: Allowed) => {
    if (cfg.g) gtag("consent", "update", consentModeUpdate(choice as Choice));
    if (cfg.u) (window.uetq ||= []).push("consent", "update", uetUpdate(choice as Choice));
  };
  if (allowed.analytics != null) signal(allowed);
  const heldHosts = new Set<string>();
  const released = new Set<string>();
  const broken = new Set<string>();
  // Held elements, each once: its tracker's code and host, and the URL it waits to load ("": a marked
  // inline script); for a parser-inserted script also its own type attribute (null: none) and async.
  const queue = new Map<Element, [TrackerCode, string, string, (string | null)?, boolean?]>();

  /** Holds an element while its tracker waits; notes the host in held(). Report only: noted, never held. */
  const hold = (el: Element, url: string, type?: string | null) => {
    const tracker = trackerOf(url, own, store);
    if (tracker && waits(tracker[1], allowed, advanced)) {
      if (heldHosts.size < SEEN_CAP) heldHosts.add(tracker[0]);
      return !report && queue.set(el, [tracker[1], tracker[0], url, type, el.hasAttribute("async")]);
    }
  };
  const host = (url: string) => thirdPartyHost(url, own);
  // JSON to a path behind the app proxy (the breakage note here, the banner's receipts).
  const send = (path: string, body: object) =>
    fetch(proxyUrl(cfg.p, path), { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" }, keepalive: true }).catch(
      () => undefined,
    );
  // An undecided visitor: what loads before the choice, for the banner's first receipt.
  let watching = stored ? undefined : observe(host);
  // A released tracker that fails to load or throws: its host, sent once, 3 s after the first.
  const broke = (host: string) => {
    if (!broken.size)
      setTimeout(() => {
        const hosts = [...broken].slice(0, SEEN_CAP);
        send("/breakage", { hosts });
      }, 3000);
    broken.add(host);
  };
  addEventListener("error", (event) => {
    const name = host(event.filename)!;
    if (released.has(name)) broke(name);
  });

  // A marked inline script: a copy (same attributes and text; never run, as the original was not) replaces
  // it as JavaScript, which runs it.
  const run = (script: Element) => {
    const copy = script.cloneNode(true) as HTMLScriptElement;
    copy.type = "text/javascript";
    script.replaceWith(copy);
  };

  // Parser-inserted elements (and any other that reaches the document with a tracker's URL): a held
  // script's type is made other than JavaScript before the parser runs it; an iframe's or image's src is
  // removed, which stops its load.
  const check = (el: Element) => {
    const script = el as HTMLScriptElement;
    const type = el.getAttribute("type");
    const category = script.dataset.consent;
    if (type == "text/plain" && category) {
      if (waits(code(category), allowed) && !report) queue.set(el, [code(category), "", ""]);
      else run(script);
    } else if (TAGS.test(el.tagName) && type != BLOCKED && !queue.has(el) && hold(el, script.src, el.tagName == "SCRIPT" ? type : undefined))
      el.tagName == "SCRIPT" ? (script.type = BLOCKED) : el.removeAttribute("src");
  };
  new MutationObserver((records) => {
    for (const record of records)
      for (const node of record.addedNodes)
        if ((node as Element).tagName) {
          check(node as Element);
          if ((node as Element).firstElementChild) (node as Element).querySelectorAll("script,iframe,img").forEach(check);
        }
  }).observe(document.documentElement, { childList: true, subtree: true });

  // Script-inserted elements: their own src (property and attribute) withholds a held URL.
  document.createElement = function (this: Document) {
    // eslint-disable-next-line prefer-rest-params
    const el: HTMLElement = create.apply(this, arguments as never);
    if (TAGS.test(el.tagName)) {
      const src = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(el), "src")!;
      const put = (url: string) => hold(el, (url = String(url))) || src.set!.call(el, url);
      Object.defineProperty(el, "src", { get: () => queue.get(el)?.[2] ?? src.get!.call(el), set: put });
      el.setAttribute = (name, value) => (name.toLowerCase() == "src" ? put(value) : setAttribute.call(el, name, value));
    }
    return el;
  } as typeof document.createElement;

  window.consentBlocker = {
    set(choice) {
      const gone = withdrawn(allowed, choice);
      if (CATEGORIES.some((c) => !allowed[c] != !choice[c])) signal(choice);
      allowed = { ...choice };
      // What is allowed now, in document order: on the same element, once each.
      const ready = [...queue].filter(([, [code]]) => !waits(code, allowed, advanced));
      ready.sort(([a], [b]) => (a.compareDocumentPosition(b) & 2 ? 1 : -1));
      for (const [el, [, host, url, type, async]] of ready) {
        queue.delete(el);
        if (!url) run(el);
        else {
          released.add(host);
          el.addEventListener("error", () => broke(host));
          if (type !== undefined) {
            // A parser-inserted script, no longer the parser's: its type back, in order unless async, and
            // a src again, which runs it.
            if (type) setAttribute.call(el, "type", type);
            else el.removeAttribute("type");
            if (!async) (el as HTMLScriptElement).async = false;
            el.removeAttribute("src");
          }
          setAttribute.call(el, "src", url);
        }
      }
      const names = document.cookie.split(/; */).map((pair) => pair.split("=")[0]!);
      for (const category of gone)
        for (const name of trackerCookies(names, category))
          for (const domain of [...suffixes(own), ""]) document.cookie = `${name}=; Max-Age=0; path=/${domain && "; domain=" + domain}`;
      if (gone[0] && cfg.w) location.reload();
    },
    held: () => [...heldHosts],
    reportOnly: !!report,
    stored,
    seen() {
      const seen = watching?.();
      watching = undefined;
      return seen && withHeld(seen, [...heldHosts], report);
    },
    send,
  } satisfies ConsentBlocker;
}
