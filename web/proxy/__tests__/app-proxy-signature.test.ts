import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { shopifyApi } from "../../shopify/api.js";
import { appProxyMessage, signAppProxyMessage, verifyAppProxySignature } from "../app-proxy-signature.js";

createRequire(import.meta.url)("@shopify/shopify-api/adapters/node");
const SECRET = "hush";
const library = shopifyApi.shopifyApi({
  apiKey: "key",
  apiSecretKey: SECRET,
  apiVersion: shopifyApi.ApiVersion.October25,
  isEmbeddedApp: true,
  hostName: "app.example.test",
  logger: { level: shopifyApi.LogSeverity.Error, log: async () => undefined },
});
const now = () => String(Math.floor(Date.now() / 1000));
const signed = (entries: Array<[string, string]>) => {
  const params = new URLSearchParams(entries);
  params.set("signature", signAppProxyMessage(params, SECRET));
  return params;
};

describe("app proxy signatures", () => {
  it("builds the message of Shopify's documented example", () => {
    const params = new URLSearchParams(
      "extra=1&extra=2&shop=shop-name.myshopify.com&logged_in_customer_id=1&path_prefix=%2Fapps%2Fawesome_reviews&timestamp=1317327555&signature=x",
    );
    expect(appProxyMessage(params)).toBe("extra=1,2logged_in_customer_id=1path_prefix=/apps/awesome_reviewsshop=shop-name.myshopify.comtimestamp=1317327555");
  });

  it("agrees with @shopify/shopify-api where its localeCompare order equals byte order", async () => {
    const keys = ["extra", "q", "page", "ref", "utm_source", "x1", "lang"];
    for (let i = 0; i < 300; i++) {
      const entries: Array<[string, string]> = [
        ["shop", "a.myshopify.com"],
        ["logged_in_customer_id", i % 2 ? "" : String(i)],
        ["path_prefix", "/apps/consent"],
        ["timestamp", now()],
      ];
      for (const key of keys) if (Math.random() < 0.4) entries.push([key, Math.random().toString(36).slice(2)]);
      const params = signed(entries);
      if (i % 3 === 0)
        params.set(
          "signature",
          params.get("signature")!.replace(/^./, (c) => (c === "0" ? "1" : "0")),
        );
      const theirs = await library.utils.validateHmac(Object.fromEntries(params) as never, { signator: "appProxy" }).catch(() => false);
      expect(verifyAppProxySignature(params, SECRET), params.toString()).toBe(theirs);
    }
  });

  it("sorts in byte order, as Shopify does, where localeCompare would not", () => {
    const params = signed([
      ["shop", "a.myshopify.com"],
      ["timestamp", now()],
      ["Zeta", "1"],
      ["alpha", "2"],
      ["a_b", "3"],
      ["ab", "4"],
    ]);
    expect(appProxyMessage(params).startsWith("Zeta=1")).toBe(true);
    expect(appProxyMessage(params)).toContain("a_b=3ab=4alpha=2");
    expect(verifyAppProxySignature(params, SECRET)).toBe(true);
  });

  it("refuses a stale timestamp, a repeated signature, shop or timestamp, and another secret", () => {
    const base: Array<[string, string]> = [
      ["shop", "a.myshopify.com"],
      ["timestamp", now()],
    ];
    expect(verifyAppProxySignature(signed(base), SECRET)).toBe(true);
    expect(verifyAppProxySignature(signed(base), "other")).toBe(false);
    expect(
      verifyAppProxySignature(
        signed([
          ["shop", "a.myshopify.com"],
          ["timestamp", String(Number(now()) - 600)],
        ]),
        SECRET,
      ),
    ).toBe(false);
    for (const key of ["shop", "timestamp", "signature"]) {
      const params = signed(base);
      params.append(key, params.get(key)!);
      expect(verifyAppProxySignature(params, SECRET), key).toBe(false);
    }
  });
});
