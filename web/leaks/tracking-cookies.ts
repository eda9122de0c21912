import type { LeakConsent } from "./leak-types.js";

/**
 * First-party cookies that well-known trackers set (the only ones a page's script can see), by name. The
 * entity names are third-party-web's, so a cookie and a host of the same tracker count as one. Sources:
 * - Google Analytics `_ga`, `_ga_<id>`, `_gid`, `_gat*`; Google Ads `_gcl_*`:
 *   https://support.google.com/analytics/answer/11397207, https://business.safety.google/adscookies/
 * - Meta pixel `_fbp`, `_fbc`: https://www.facebook.com/policy/cookies/
 * - TikTok pixel `_ttp`, `_tt_enable_cookie`: https://ads.tiktok.com/help/article/using-cookies-with-tiktok-pixel
 * - Microsoft UET `_uetsid`, `_uetvid`, `_uetmsclkid`: https://help.ads.microsoft.com/#apex/ads/en/56959/
 * - Microsoft Clarity `_clck`, `_clsk`: https://learn.microsoft.com/en-us/clarity/setup-and-installation/cookie-list
 * - Hotjar `_hj*`: https://help.hotjar.com/hc/en-us/articles/6952777582999
 * - Pinterest tag `_pin_unauth`, `_pinterest_ct_ua`, `_epik`: https://help.pinterest.com/en/business/article/pinterest-tag-cookies
 * - Snap pixel `_scid`, `_sctr`: https://businesshelp.snapchat.com/s/article/pixel-direct-implementation
 * - Klaviyo `__kla_id`: https://help.klaviyo.com/hc/en-us/articles/360034666712
 * - LinkedIn Insight Tag `li_fat_id`, `_li_ss`: https://www.linkedin.com/legal/l/cookie-table
 * - Criteo `cto_bundle`: https://www.criteo.com/privacy/
 */
export const TRACKING_COOKIES: ReadonlyArray<{ name: string; prefix?: true; entity: string; consent: LeakConsent }> = [
  { name: "_ga", entity: "Google Analytics", consent: "analytics" },
  { name: "_ga_", prefix: true, entity: "Google Analytics", consent: "analytics" },
  { name: "_gid", entity: "Google Analytics", consent: "analytics" },
  { name: "_gat", prefix: true, entity: "Google Analytics", consent: "analytics" },
  { name: "_gcl_", prefix: true, entity: "Google/Doubleclick Ads", consent: "marketing" },
  { name: "_fbp", entity: "Facebook", consent: "marketing" },
  { name: "_fbc", entity: "Facebook", consent: "marketing" },
  { name: "_ttp", entity: "TikTok", consent: "marketing" },
  { name: "_tt_enable_cookie", entity: "TikTok", consent: "marketing" },
  { name: "_uet", prefix: true, entity: "Bing Ads", consent: "marketing" },
  { name: "_clck", entity: "Clarity", consent: "analytics" },
  { name: "_clsk", entity: "Clarity", consent: "analytics" },
  { name: "_hj", prefix: true, entity: "Hotjar", consent: "analytics" },
  { name: "_pin_unauth", entity: "Pinterest", consent: "marketing" },
  { name: "_pinterest_ct_ua", entity: "Pinterest", consent: "marketing" },
  { name: "_epik", entity: "Pinterest", consent: "marketing" },
  { name: "_scid", entity: "Snapchat", consent: "marketing" },
  { name: "_sctr", entity: "Snapchat", consent: "marketing" },
  { name: "__kla_id", entity: "Klaviyo", consent: "marketing" },
  { name: "li_fat_id", entity: "LinkedIn Ads", consent: "marketing" },
  { name: "_li_ss", entity: "LinkedIn Ads", consent: "marketing" },
  { name: "cto_bundle", entity: "Criteo", consent: "marketing" },
];
