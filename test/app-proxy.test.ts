import { describe, expect, it } from "vitest";
import { PROVIDERS } from "./support/databases.js";
import { API_SECRET, SHOP, useTestApp } from "./support/test-app.js";
import { signProxyQuery as sign } from "../web/local/storefront/local-proxy.js";

const signProxyQuery = (params: Array<[string, string]>, secret = API_SECRET) => sign(new URLSearchParams(params), secret).toString();

describe.each(PROVIDERS)("the app proxy on %s", (provider) => {
  const context = useTestApp(provider);

  it("verifies app proxy signatures (repeated keys, empty customer id) and rejects forged or stale ones", async () => {
    const now = String(Math.floor(Date.now() / 1000));
    const base: Array<[string, string]> = [
      ["shop", SHOP],
      ["logged_in_customer_id", ""],
      ["path_prefix", "/apps/consent"],
      ["timestamp", now],
      ["extra", "1"],
      ["extra", "2"],
    ];
    expect((await fetch(`${context.app.url}/proxy/nothing-here?${signProxyQuery(base)}`)).status).toBe(404);
    expect((await fetch(`${context.app.url}/proxy/nothing-here?${signProxyQuery(base, "wrong")}`)).status).toBe(401);
    expect((await fetch(`${context.app.url}/proxy/nothing-here?shop=${SHOP}&timestamp=${now}`)).status).toBe(401);
    const stale: Array<[string, string]> = base.map(([k, v]) => [k, k === "timestamp" ? String(Number(now) - 600) : v]);
    expect((await fetch(`${context.app.url}/proxy/nothing-here?${signProxyQuery(stale)}`)).status).toBe(401);
    const tampered = signProxyQuery(base).replace("path_prefix=%2Fapps%2Fconsent", "path_prefix=%2Fapps%2Fother");
    expect((await fetch(`${context.app.url}/proxy/nothing-here?${tampered}`)).status).toBe(401);
  });

  it("accepts parameters Shopify signs in byte order (uppercase before lowercase), and only digit customer ids", async () => {
    const now = String(Math.floor(Date.now() / 1000));
    const base: Array<[string, string]> = [
      ["shop", SHOP],
      ["path_prefix", "/apps/consent"],
      ["timestamp", now],
    ];
    const mixedCase = signProxyQuery([...base, ["logged_in_customer_id", ""], ["Zeta", "1"], ["alpha", "2"]]);
    expect((await fetch(`${context.app.url}/proxy/nothing-here?${mixedCase}`)).status).toBe(404);
    for (const customer of ["42\u0000", "abc", "-1", "1".repeat(21)]) {
      const res = await fetch(`${context.app.url}/proxy/nothing-here?${signProxyQuery([...base, ["logged_in_customer_id", customer]])}`);
      expect(res.status, JSON.stringify(customer)).toBe(400);
      expect((await res.json()).error).toMatch(customer.includes("\u0000") ? /NUL/ : /digits/); // NUL: refused before any route
    }
  });
});
