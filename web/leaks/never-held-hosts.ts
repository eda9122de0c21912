/**
 * Hosts the storefront's blocker never holds back, whatever list names their company: neither the built-in
 * list (tracker-list-build.ts: no listed suffix may cover one) nor the store's list (store-trackers.ts: a
 * seen host one of them covers is left out).
 *
 * Hosts a page needs to work, beside every domain of a third-party-web entity that needs no consent (utility,
 * cdn, hosting, consent-provider): reCAPTCHA (www.google.com, recaptcha.net, www.gstatic.com), hCaptcha,
 * payments, fonts, sign-in (Sign in with Apple: third-party-web files all of *.apple.com under an ad entity),
 * Microsoft's site and Azure's CDN (Bing Ads' entity lists all of microsoft.com and msecnd.net), the AMP
 * runtime, and Shopify's own hosts.
 *
 * And hosts that serve a store's content for tracker companies, cookieless: Instagram and Facebook feed images
 * (cdninstagram.com, fbcdn.net and its old Akamai name, fbsbx.com), YouTube's thumbnails (ytimg.com) and
 * Google's user content (ggpht.com). Feed, review and gallery apps show them as the store's own images;
 * holding them back would break those pages and keep nothing from a tracker (the players and pixels that
 * track are on the companies' other hosts, which wait).
 */
export const NEVER_HELD_HOSTS: readonly string[] = [
  "www.google.com",
  "recaptcha.net",
  "www.recaptcha.net",
  "www.gstatic.com",
  "hcaptcha.com",
  "js.hcaptcha.com",
  "js.stripe.com",
  "www.paypal.com",
  "fonts.googleapis.com",
  "fonts.gstatic.com",
  "appleid.apple.com",
  "www.microsoft.com",
  "vo.msecnd.net",
  "cdn.ampproject.org",
  "cdn.shopify.com",
  "shopify.com",
  "myshopify.com",
  "shop.app",
  "shopifycdn.com",
  "shopifysvc.com",
  "shopifycloud.com",
  "cdninstagram.com",
  "fbcdn.net",
  "fbcdn-photos-e-a.akamaihd.net",
  "fbsbx.com",
  "ytimg.com",
  "ggpht.com",
];

/** Whether the host suffix `suffix` covers `host` (is it, or a parent domain of it). */
export function covers(suffix: string, host: string): boolean {
  return host === suffix || host.endsWith("." + suffix);
}

/** Whether the blocker must never hold this host back (NEVER_HELD_HOSTS covers it). */
export const neverHeld = (host: string): boolean => NEVER_HELD_HOSTS.some((suffix) => covers(suffix, host));
