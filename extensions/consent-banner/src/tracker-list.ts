// A short hand-written list, in the format `npm run build:banner` generates (web/leaks/tracker-list-build.ts),
// until the generated one replaces it.

/** Host suffixes of known trackers, space-separated, by the consent they wait for. */
export const KNOWN_HOSTS: Record<"m" | "a" | "p" | "t", string> = {
  m: "facebook.net facebook.com doubleclick.net youtube.com",
  a: "google-analytics.com",
  p: "",
  t: "googletagmanager.com",
};

/** First-party cookie names known trackers set, space-separated by consent; a trailing "*" marks a prefix. */
export const KNOWN_COOKIES: Record<"m" | "a" | "p", string> = {
  m: "_fbp _fbc _gcl_*",
  a: "_ga _ga_* _gid _gat*",
  p: "",
};
