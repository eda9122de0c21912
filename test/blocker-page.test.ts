import http from "node:http";
import type { AddressInfo } from "node:net";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import type { StoreTrackers } from "../extensions/consent-banner/src/contract.js";
import { EXTENSION, renderEmbed } from "../web/local/storefront/render-embed.js";
import { launchBrowser } from "./support/browser.js";

// The inline tracker blocker (extensions/consent-banner/src/blocker.ts) in Chromium, as the real app embed
// renders it (blocks/consent-banner.liquid with its built blocker). The shop is www.shop.test; its trackers
// are *.tracker.test: Chromium's host resolver sends every *.test host to the server here, which counts what
// each host is asked for. The tracker scripts note in `window.ran` that they ran.
const STORE: StoreTrackers = {
  hosts: { "tracker.test": "m", "stats.tracker.test": "a", "tags.tracker.test": "t", "safe.tracker.test": "n", "shop.test": "m" },
  reportOnly: false,
};
const SHOP = "http://www.shop.test";

describe("the inline tracker blocker in a page", () => {
  let server: http.Server;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  /** Requests by host and path ("ads.tracker.test/a1.js"). */
  const requests = new Map<string, number>();
  const breakage: unknown[] = [];
  const pages = new Map<string, string>();

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const host = (req.headers.host ?? "").replace(/:\d+$/, "");
      const url = new URL(req.url ?? "/", "http://x");
      const key = `${host}${url.pathname}`;
      requests.set(key, (requests.get(key) ?? 0) + 1);
      const name = path.basename(url.pathname).replace(/\.\w+$/, "");
      if (req.method === "POST" && url.pathname === "/apps/consent/breakage") {
        let body = "";
        req.on("data", (chunk) => (body += chunk));
        req.on("end", () => {
          breakage.push({ type: req.headers["content-type"], body: JSON.parse(body) });
          res.writeHead(204).end();
        });
        return;
      }
      const send = (type: string, body: string | Buffer) => res.writeHead(200, { "content-type": type, "cache-control": "no-store" }).end(body);
      if (host === "www.shop.test" && pages.has(url.pathname)) return send("text/html", pages.get(url.pathname)!);
      if (url.pathname === "/assets/consent-banner.js") return send("text/javascript", readFileSync(path.join(EXTENSION, "assets/consent-banner.js")));
      if (name === "missing") return res.writeHead(404).end();
      const delay = Number(url.searchParams.get("delay") ?? 0);
      setTimeout(() => {
        if (url.pathname.endsWith(".js")) send("text/javascript", `(window.ran = window.ran || []).push(${JSON.stringify(`${host.split(".")[0]}/${name}`)});`);
        else if (url.pathname.endsWith(".gif")) send("image/gif", Buffer.from("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7", "base64"));
        else send("text/html", `<p>frame</p><script src="http://ads.tracker.test/inner.js"></script>`);
      }, delay);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    browser = await launchBrowser([`--host-resolver-rules=MAP *.test 127.0.0.1:${port}`]);
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  /** A page with the real app embed first in <head> (its block settings and the store's list), then `head` and `body`. */
  async function page(
    name: string,
    html: { head?: string; body?: string },
    options: { settings?: Record<string, unknown>; store?: StoreTrackers; stored?: Record<string, boolean>; bare?: boolean } = {},
  ): Promise<Page> {
    const embed = await renderEmbed({ locale: "en", assetBase: "/assets", settings: options.settings });
    // The stand-in renders no consent_banner.trackers metafield: the store's list goes where Liquid puts it.
    const withStore = embed.replace(/"s":null\}/, `"s":${JSON.stringify(options.store ?? STORE)}}`);
    expect(withStore).not.toBe(embed);
    pages.set(`/${name}`, `<!doctype html><html><head>${options.bare ? "" : withStore}${html.head ?? ""}</head><body>${html.body ?? ""}</body></html>`);
    const context = await browser.newContext();
    contexts.push(context);
    if (options.stored)
      await context.addInitScript(
        (choice) => localStorage.setItem("consent-banner", JSON.stringify({ revision: 1, choice, at: 1 })),
        options.stored as Record<string, boolean>,
      );
    const tab = await context.newPage();
    await tab.goto(`${SHOP}/${name}`);
    return tab;
  }
  const ran = (tab: Page) => tab.evaluate(() => ((window as unknown as { ran?: string[] }).ran ?? []).slice());
  const set = (tab: Page, choice: Record<string, boolean>) => tab.evaluate((c) => window.consentBlocker!.set(c), choice);
  const held = (tab: Page) => tab.evaluate(() => window.consentBlocker!.held().sort());
  const count = (key: string) => requests.get(key) ?? 0;
  /** Time for what is not held to load and run: what has not run by then was held. */
  const settle = (tab: Page) => tab.waitForTimeout(700);

  it("holds parser-inserted scripts until their category is allowed, then runs each once, in order, with its onload", async () => {
    const tab = await page("parser", {
      head: [
        // a1 answers slowly: run as they load, a2 would come first.
        `<script src="http://ads.tracker.test/a1.js?delay=400" onload="(window.loaded = window.loaded || []).push('a1')"></script>`,
        `<script src="http://ads.tracker.test/a2.js"></script>`,
        `<script src="//stats.tracker.test/s1.js"></script>`,
        `<script async src="http://tags.tracker.test/gtm.js"></script>`,
        `<script src="http://safe.tracker.test/safe.js"></script>`,
        `<script src="/own.js"></script>`,
        `<script type="text/plain" data-consent="marketing" data-note="kept">(window.ran = window.ran || []).push("inline/" + document.currentScript.dataset.note)</script>`,
      ].join(""),
    });
    await settle(tab);
    // A host the store marks necessary ("n") and the shop's own host (though the store lists shop.test) run at once.
    expect(await ran(tab)).toEqual(["safe/safe", "www/own"]);
    expect(await held(tab)).toEqual(["ads.tracker.test", "stats.tracker.test", "tags.tracker.test"]);
    expect(await tab.evaluate(() => document.querySelectorAll('script[type="javascript/blocked"]').length)).toBe(4);

    // Analytics: analytics and the tag manager, not marketing.
    await set(tab, { analytics: true });
    await expect.poll(async () => (await ran(tab)).sort()).toEqual(["safe/safe", "stats/s1", "tags/gtm", "www/own"]);
    await settle(tab);
    expect(await ran(tab)).toHaveLength(4);

    await set(tab, { analytics: true, marketing: true });
    await expect.poll(async () => (await ran(tab)).length).toBe(7);
    await set(tab, { analytics: true, marketing: true });
    await settle(tab);
    const after = await ran(tab);
    expect(after.filter((r) => r.startsWith("ads/"))).toEqual(["ads/a1", "ads/a2"]);
    expect(after.filter((r) => r === "inline/kept")).toHaveLength(1);
    expect(after).toHaveLength(7);
    expect(await tab.evaluate(() => (window as unknown as { loaded: string[] }).loaded)).toEqual(["a1"]);
    // The same elements, their attributes intact.
    expect(await tab.evaluate(() => document.querySelector('script[src*="a1.js"]')!.getAttribute("onload"))).toContain("push('a1')");
    expect(await tab.evaluate(() => document.querySelectorAll('script[type="javascript/blocked"]').length)).toBe(0);
  });

  it("holds scripts, iframes and images that other scripts insert, then loads them on the same element with its listeners", async () => {
    const before = { script: count("ads.tracker.test/d1.js"), frame: count("ads.tracker.test/frame.html"), gif: count("ads.tracker.test/dpixel.gif") };
    const tab = await page("dynamic", {
      body: `<script>
        window.loads = [];
        const s = document.createElement("script");
        s.src = "http://ads.tracker.test/d1.js";
        s.addEventListener("load", () => loads.push("d1:" + s.src));
        document.head.appendChild(s);
        const f = document.createElement("iframe");
        f.setAttribute("src", "http://ads.tracker.test/frame.html");
        f.onload = () => loads.push("frame");
        document.body.appendChild(f);
        const i = document.createElement("img");
        i.src = "http://ads.tracker.test/dpixel.gif";
        i.addEventListener("load", () => loads.push("gif"));
        document.body.appendChild(i);
        const o = document.createElement("script");
        o.src = "/own2.js";
        document.head.appendChild(o);
      </script>`,
    });
    await settle(tab);
    expect(await ran(tab)).toEqual(["www/own2"]);
    expect(count("ads.tracker.test/d1.js")).toBe(before.script);
    expect(count("ads.tracker.test/frame.html")).toBe(before.frame);
    expect(count("ads.tracker.test/dpixel.gif")).toBe(before.gif);

    await set(tab, { marketing: true });
    await expect
      .poll(async () => [...new Set(await tab.evaluate(() => (window as unknown as { loads: string[] }).loads))].sort())
      .toEqual(["d1:http://ads.tracker.test/d1.js", "frame", "gif"]);
    await settle(tab);
    expect(await ran(tab)).toEqual(["www/own2", "ads/d1"]);
    // Once each (an iframe without src has loaded about:blank before: its load event may come twice).
    expect((await tab.evaluate(() => (window as unknown as { loads: string[] }).loads)).filter((l) => l != "frame")).toHaveLength(2);
    expect(count("ads.tracker.test/d1.js")).toBe(before.script + 1);
    expect(count("ads.tracker.test/frame.html")).toBe(before.frame + 1);
    expect(count("ads.tracker.test/dpixel.gif")).toBe(before.gif + 1);
  });

  it("cuts a tracker's iframe and image in the theme's HTML short until the choice, then loads them", async () => {
    // Chromium starts an iframe's navigation as the parser inserts it, and its preload scanner fetches
    // images (and scripts) from the raw HTML: those first requests can go out before any script sees the
    // element. The blocker removes src at once, so the frame's document does not load (nor what it loads).
    const before = { frame: count("ads.tracker.test/theme-frame.html"), inner: count("ads.tracker.test/inner.js") };
    const tab = await page("iframe", {
      body: `<iframe src="http://ads.tracker.test/theme-frame.html?delay=300"></iframe><img src="http://ads.tracker.test/theme-pixel.gif?delay=300">`,
    });
    await settle(tab);
    expect(await tab.evaluate(() => [document.querySelector("iframe")!.getAttribute("src"), document.querySelector("img")!.getAttribute("src")])).toEqual([
      null,
      null,
    ]);
    expect(await tab.evaluate(() => document.querySelector("img")!.naturalWidth)).toBe(0);
    expect(await tab.evaluate(() => document.querySelector("iframe")!.contentDocument?.body?.innerHTML ?? "")).toBe("");
    expect(count("ads.tracker.test/inner.js")).toBe(before.inner);
    await set(tab, { marketing: true });
    await expect.poll(() => count("ads.tracker.test/inner.js")).toBe(before.inner + 1);
    await expect.poll(() => tab.evaluate(() => document.querySelector("img")!.naturalWidth)).toBe(1);
    expect(count("ads.tracker.test/theme-frame.html")).toBeGreaterThan(before.frame);
  });

  it("runs at once what the stored choice allows; in Google Consent Mode's advanced mode tag managers never wait", async () => {
    const stored = await page(
      "stored",
      { head: `<script src="http://ads.tracker.test/a3.js"></script><script src="http://stats.tracker.test/s3.js"></script>` },
      { stored: { marketing: true } },
    );
    await settle(stored);
    expect(await ran(stored)).toEqual(["ads/a3"]);
    const advanced = await page(
      "advanced",
      { head: `<script src="http://tags.tracker.test/gtm2.js"></script>` },
      { settings: { gcm: true, gcm_mode: "advanced" } },
    );
    await settle(advanced);
    expect(await ran(advanced)).toEqual(["tags/gtm2"]);
    expect(await advanced.evaluate(() => Array.from((window as unknown as { dataLayer: IArguments[] }).dataLayer[0]!)[1])).toBe("default");
  });

  it("on withdrawal removes the category's tracker cookies on the shop's domains, keeps the rest, and reloads if the merchant chose so", async () => {
    const tab = await page("withdraw", {}, { stored: { analytics: true, marketing: true } });
    await tab.evaluate(() => {
      document.cookie = "_ga=GA1.2.3; path=/; domain=shop.test";
      document.cookie = "_ga_ABC=GS1; path=/";
      document.cookie = "_fbp=fb.1; path=/; domain=shop.test";
      document.cookie = "cart=abc; path=/";
    });
    await set(tab, { marketing: true });
    expect((await tab.evaluate(() => document.cookie)).split("; ").sort()).toEqual(["_fbp=fb.1", "cart=abc"]);

    const reloading = await page("withdraw-reload", {}, { stored: { analytics: true }, settings: { reload_on_withdraw: true } });
    const loads: string[] = [];
    reloading.on("load", () => loads.push("load"));
    await set(reloading, { analytics: true });
    await set(reloading, {});
    await expect.poll(() => loads.length).toBe(1);
  });

  it("reports a released tracker that fails to load (once, 3 s later)", async () => {
    const flaky = () => breakage.filter((b) => JSON.stringify(b).includes("flaky.tracker.test"));
    const tab = await page("broken", { head: `<script src="http://flaky.tracker.test/missing.js"></script>` });
    await settle(tab);
    expect(flaky()).toEqual([]);
    await set(tab, { marketing: true });
    await expect.poll(flaky, { timeout: 8_000 }).toEqual([{ type: "application/json", body: { hosts: ["flaky.tracker.test"] } }]);
    await tab.waitForTimeout(1_000);
    expect(flaky()).toHaveLength(1);
  });

  it("in report-only mode holds nothing and lists what it would have held", async () => {
    const tab = await page(
      "report-only",
      {
        head: `<script src="http://ads.tracker.test/r1.js"></script><script src="http://stats.tracker.test/r2.js"></script><script type="text/plain" data-consent="marketing">(window.ran = window.ran || []).push("inline/r3")</script>`,
        body: `<script>const s = document.createElement("script"); s.src = "http://ads.tracker.test/r4.js"; document.body.appendChild(s);</script>`,
      },
      { store: { ...STORE, reportOnly: true } },
    );
    await settle(tab);
    expect(await ran(tab)).toEqual(["ads/r1", "stats/r2", "inline/r3", "ads/r4"]);
    expect(await held(tab)).toEqual(["ads.tracker.test", "stats.tracker.test"]);
    expect(await tab.evaluate(() => window.consentBlocker!.reportOnly)).toBe(true);
  });

  it("costs at most 0.1 ms per inserted element (1,000 insertions)", async () => {
    // Scripts and images of trackers and of other hosts, and elements the blocker only looks at; none loads
    // anything with or without the blocker (scripts of a type other than JavaScript, lazy images in a hidden
    // box), so the difference is the blocker's own work. The best of five runs.
    const insert = (tab: Page) =>
      tab.evaluate(async () => {
        let best = Infinity;
        for (let run = 0; run < 5; run++) {
          const box = document.body.appendChild(document.createElement("div"));
          box.style.display = "none";
          const started = performance.now();
          for (let i = 0; i < 1000; i++) {
            const el = document.createElement(["img", "script", "div", "span"][i % 4]!) as HTMLImageElement & HTMLScriptElement;
            if (i % 4 == 0) el.loading = "lazy";
            if (i % 4 == 1) el.type = "text/x-none";
            if (i % 4 < 2) el.src = `http://${i % 8 < 4 ? "ads.tracker" : "cdn.example"}.test/b${run}-${i}`;
            box.appendChild(el);
          }
          await Promise.resolve(); // the MutationObserver's callback
          best = Math.min(best, performance.now() - started);
          box.remove();
        }
        return best / 1000;
      });
    const withBlocker = await insert(await page("bench", {}));
    const without = await insert(await page("bench-plain", {}, { bare: true }));
    console.log(`inserting an element: ${Math.round(withBlocker * 1000)} µs with the blocker, ${Math.round(without * 1000)} µs without`);
    expect(withBlocker - without).toBeLessThan(0.1);
  });
});
