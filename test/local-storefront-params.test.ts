import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultSettings, optionLeaves, type BannerSettings } from "../extensions/consent-banner/src/contract.js";
import { indexPage } from "../web/local/pages.js";
import { storefrontRoutes } from "../web/local/storefront/storefront-routes.js";
import { PAGE_PARAMS } from "../web/local/storefront/storefront-params.js";

// The local storefront's query parameters against the settings saved from the admin (the app-owned metafield).
describe("the local storefront's test parameters", () => {
  let server: Server;
  let base = "";
  let saved: BannerSettings | undefined;

  beforeAll(async () => {
    const app = express().use("/local", storefrontRoutes({ shop: "consent-demo.myshopify.com", savedSettings: () => saved }));
    server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  async function visit(query = "") {
    const html = await (await fetch(`${base}/local/storefront${query}`)).text();
    const config = JSON.parse(/<script type="application\/json" id="consent-banner-config"[^>]*>([^<]*)<\/script>/.exec(html)![1]!);
    const note = /<aside class="local-note"[^>]*>([\s\S]*?)<\/aside>/.exec(html)?.[1]?.replace(/<[^>]+>/g, "") ?? "";
    return { config, note: note.replace(/&quot;/g, '"').replace(/&gt;/g, ">") };
  }
  const merchant: BannerSettings = {
    ...defaultSettings(),
    revision: 7,
    layout: "box",
    radius: 0,
    colors: { background: "#102030", text: "#ffffff", button: "#ffffff", buttonText: "#102030" },
  };

  it("shows the saved settings, and no note, when no option parameter is given", async () => {
    saved = merchant;
    const { config, note } = await visit("?locale=de&region=USCA");
    expect(config).toMatchObject({ revision: 7, everywhere: false, layout: "box", radius: 0, colors: merchant.colors, locale: "de" });
    expect(note).toBe("");
  });

  it("lets a given parameter win over the saved settings, and names what it overrode", async () => {
    saved = merchant;
    const { config, note } = await visit("?revision=2&everywhere=1&layout=bar&background=%23ffffff&text=1a1a1a&locale=fr");
    expect(config).toMatchObject({
      revision: 2,
      everywhere: true,
      layout: "bar",
      radius: 0,
      colors: { background: "#ffffff", text: "#1a1a1a", button: "#ffffff", buttonText: "#102030" },
      locale: "fr",
    });
    expect(note).toContain("Test parameters override the settings saved in the admin");
    for (const part of [
      "revision → revision = 2 (saved: 7)",
      "everywhere → everywhere = true (saved: false)",
      'layout → layout = "bar" (saved: "box")',
      'background → colors.background = "#ffffff" (saved: "#102030")',
    ])
      expect(note).toContain(part);
    expect(note).not.toContain("locale");
    // The saved settings themselves are untouched.
    expect(saved.revision).toBe(7);
  });

  it("ignores a parameter that is not valid, and says why", async () => {
    saved = merchant;
    const { config, note } = await visit("?radius=99&position=left&gcm=maybe");
    expect(config).toMatchObject({ radius: 0, position: "bottom", gcm: false });
    expect(note).toContain("Ignored parameters: ");
    for (const part of ["radius=99 (a whole number, 0 to 24 px)", "position=left (one of bottom, top)", "gcm=maybe (use 1 or 0)"]) expect(note).toContain(part);
    expect(note).not.toContain("override");
  });

  it("without saved settings, plays the block's settings (nothing is overridden, so no note)", async () => {
    saved = undefined;
    const { config, note } = await visit("?revision=3&gcm=1&radius=4");
    expect(config).toMatchObject({ revision: 3, gcm: true, radius: 4, layout: "bar" });
    expect(note).toBe("");
  });

  it("documents every parameter on /local/, one per option with a block setting", () => {
    const page = indexPage("consent-demo.myshopify.com");
    const names = [...PAGE_PARAMS.map((p) => p.name), ...optionLeaves().flatMap(({ option }) => (option.block ? [option.block.id] : []))];
    expect(names).toEqual(expect.arrayContaining(["locale", "region", "customer", "design", "tracker", "revision", "everywhere", "gcm", "button_text"]));
    for (const name of names) expect(page).toContain(`<code>${name}=`);
  });

  it("pastes a theme's code as merchants do: the head part right after the app embed, the body part at the end; an unknown theme is named in the note", async () => {
    saved = undefined;
    const html = await (await fetch(`${base}/local/storefront?theme=trackers`)).text();
    const embedEnd = html.indexOf('id="consent-banner-config"');
    const gtag = html.indexOf("https://www.googletagmanager.com/gtag/js?id=G-LOCALDEMO1");
    expect(embedEnd).toBeGreaterThan(0);
    expect(gtag).toBeGreaterThan(embedEnd);
    expect(gtag).toBeLessThan(html.indexOf("<meta charset"));
    expect(html.indexOf("https://www.youtube.com/embed/")).toBeGreaterThan(html.indexOf("</footer>"));
    expect(html).toContain("https://www.google.com/recaptcha/api.js");
    expect((await visit("?theme=nothing-here")).note).toContain("no nothing-here.head.html or nothing-here.body.html");
    expect((await visit("?theme=..%2Fsecrets")).note).toContain("lowercase letters, digits and hyphens");
  });
});
