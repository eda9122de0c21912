import { readFileSync } from "node:fs";
import https from "node:https";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { ROOT } from "../../web/config/paths.js";

/**
 * The tracker hosts the stand-ins answer as (the throw-away certificate in test/fixtures/tls names each).
 * Chromium reaches them here through `--host-resolver-rules` and `--ignore-certificate-errors`, so
 * HSTS-preloaded hosts (Google's, Facebook's) are served over HTTPS as on a real storefront.
 */
export const TRACKER_HOSTS = [
  "www.googletagmanager.com",
  "connect.facebook.net",
  "www.facebook.com",
  "www.youtube.com",
  "www.google.com",
  "www.gstatic.com",
  "static.hotjar.com",
  "script.hotjar.com",
  "bat.bing.com",
  "analytics.tiktok.com",
  "tracker-leak.example.com",
] as const;

/**
 * The stand-in scripts and frames, by the name they report when they execute, with the address a theme
 * uses for the real one. Any query string may be added (e.g. gtag.js's `?id=`).
 */
export const STAND_INS = {
  /** Google tag (gtag.js): sets a `_ga` cookie on the page's domain. */
  gtag: "https://www.googletagmanager.com/gtag/js",
  /** Meta pixel (fbevents.js): sets `_fbp` and requests the www.facebook.com/tr pixel. */
  fbevents: "https://connect.facebook.net/en_US/fbevents.js",
  /** reCAPTCHA's api.js: inserts its www.gstatic.com script, as the real one does. */
  recaptcha: "https://www.google.com/recaptcha/api.js",
  /** The script reCAPTCHA's api.js inserts. */
  "recaptcha-gstatic": "https://www.gstatic.com/recaptcha/releases/standin/recaptcha__en.js",
  /** Hotjar's loader: sets `_hjSessionUser_1`, inserts its script.hotjar.com module. */
  hotjar: "https://static.hotjar.com/c/hotjar-1.js",
  /** The module Hotjar's loader inserts. */
  "hotjar-modules": "https://script.hotjar.com/modules.js",
  /** Microsoft UET (bat.js). */
  uet: "https://bat.bing.com/bat.js",
  /** TikTok pixel (events.js): sets `_ttp`. */
  tiktok: "https://analytics.tiktok.com/i18n/pixel/events.js",
  /** A script on a host no list knows (what a merchant could mark, and what loads before any banner could hold it). */
  leak: "https://tracker-leak.example.com/leak.js",
  /** A YouTube embed (any /embed/ID): an HTML page that reports when its own script runs. */
  youtube: "https://www.youtube.com/embed/standin",
} as const;

export type StandInName = keyof typeof STAND_INS;

const BY_HOST_PATH = new Map<string, StandInName>(
  Object.entries(STAND_INS).map(([name, url]) => {
    const parsed = new URL(url);
    return [parsed.host + parsed.pathname, name as StandInName];
  }),
);

/** A stand-in's address with `query` appended (e.g. "?id=G-1"), for tests and benches that build theme snippets. */
export function standInUrl(name: StandInName, query = ""): string {
  return STAND_INS[name] + query;
}

/** The body of a stand-in script: counts itself in the page and at the server, then does what its real one does first. */
function scriptBody(name: StandInName, host: string): string {
  const report = [
    `var r = (window.__trackersRan = window.__trackersRan || {});`,
    `r[${JSON.stringify(name)}] = (r[${JSON.stringify(name)}] || 0) + 1;`,
    // fetch: a beacon the blocker never holds (it touches no fetch/XHR), so the count reaches the server.
    `fetch(${JSON.stringify(`https://${host}/ran?name=${encodeURIComponent(name)}`)}, { mode: "no-cors", cache: "no-store", keepalive: true });`,
  ];
  const insert = (url: string) => `var s = document.createElement("script"); s.async = true; s.src = ${JSON.stringify(url)}; document.head.appendChild(s);`;
  const extra: Partial<Record<StandInName, string>> = {
    gtag: `document.cookie = "_ga=GA1.1." + Math.floor(Math.random() * 1e9) + "." + Math.floor(Date.now() / 1000) + "; path=/; max-age=63072000; SameSite=Lax";`,
    fbevents: [
      `document.cookie = "_fbp=fb.1." + Date.now() + "." + Math.floor(Math.random() * 1e9) + "; path=/; max-age=7776000; SameSite=Lax";`,
      `new Image().src = "https://www.facebook.com/tr?id=000000000000000&ev=PageView";`,
    ].join("\n"),
    recaptcha: insert(STAND_INS["recaptcha-gstatic"]),
    hotjar: [`document.cookie = "_hjSessionUser_1=standin; path=/; max-age=31536000; SameSite=Lax";`, insert(STAND_INS["hotjar-modules"])].join("\n"),
    tiktok: `document.cookie = "_ttp=standin" + Date.now() + "; path=/; max-age=33696000; SameSite=Lax";`,
  };
  return `/* stand-in for ${STAND_INS[name]} (test only) */\n(function () {\n${[...report, extra[name] ?? ""].join("\n")}\n})();\n`;
}

function youtubePage(host: string): string {
  return `<!doctype html><html><head><title>stand-in YouTube embed</title></head><body style="margin:0;background:#000;color:#fff">
<p>stand-in video</p>
<script>
fetch(${JSON.stringify(`https://${host}/ran?name=youtube`)}, { mode: "no-cors", cache: "no-store", keepalive: true });
parent.postMessage({ trackerRan: "youtube" }, "*");
</script></body></html>`;
}

/** A 1×1 transparent GIF: what tracking pixels answer. */
const PIXEL = Buffer.from("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7", "base64");

export interface TrackerHosts {
  /** The local HTTPS port every tracker host is mapped to. */
  port: number;
  /** For Chromium's `--host-resolver-rules=`: `MAP <host> 127.0.0.1:<port>` for each of TRACKER_HOSTS. */
  resolverRules: string;
  /** Chromium flags that send the tracker hosts here and accept the throw-away certificate. */
  chromiumArgs: string[];
  /** How many times each stand-in executed, as its `/ran` beacon reported. */
  ran(): Record<string, number>;
  /** Every request received, as host + path (no query), in order. */
  requests(): string[];
  /** Forgets the counts and requests so far. */
  reset(): void;
  close(): Promise<void>;
}

/** Starts an HTTPS server on 127.0.0.1 answering as TRACKER_HOSTS with the stand-ins above, pixels and a YouTube embed page. */
export async function startTrackerHosts(): Promise<TrackerHosts> {
  const tls = path.join(ROOT, "test/fixtures/tls");
  let ran: Record<string, number> = {};
  let requests: string[] = [];
  const server = https.createServer({ cert: readFileSync(path.join(tls, "cert.pem")), key: readFileSync(path.join(tls, "key.pem")) }, (req, res) => {
    const host = (req.headers.host ?? "").replace(/:\d+$/, "");
    const url = new URL(req.url ?? "/", `https://${host}`);
    requests.push(host + url.pathname);
    const common = { "cache-control": "no-store", "access-control-allow-origin": "*", "timing-allow-origin": "*" };
    if (url.pathname === "/ran") {
      const name = url.searchParams.get("name") ?? "";
      ran[name] = (ran[name] ?? 0) + 1;
      res.writeHead(204, common).end();
      return;
    }
    // Any YouTube embed address answers with the embed page (the theme examples use a real video id).
    const name = host === "www.youtube.com" && url.pathname.startsWith("/embed/") ? "youtube" : BY_HOST_PATH.get(host + url.pathname);
    if (name === "youtube") {
      res.writeHead(200, { ...common, "content-type": "text/html; charset=utf-8" }).end(youtubePage(host));
    } else if (name) {
      res.writeHead(200, { ...common, "content-type": "text/javascript; charset=utf-8" }).end(scriptBody(name, host));
    } else if (url.pathname === "/tr" || url.pathname.endsWith(".gif") || url.pathname.startsWith("/action")) {
      res.writeHead(200, { ...common, "content-type": "image/gif" }).end(PIXEL);
    } else {
      res.writeHead(404, { ...common, "content-type": "text/plain" }).end("no stand-in here");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const resolverRules = TRACKER_HOSTS.map((host) => `MAP ${host} 127.0.0.1:${port}`).join(", ");
  return {
    port,
    resolverRules,
    chromiumArgs: [`--host-resolver-rules=${resolverRules}`, "--ignore-certificate-errors"],
    ran: () => ({ ...ran }),
    requests: () => [...requests],
    reset: () => {
      ran = {};
      requests = [];
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
