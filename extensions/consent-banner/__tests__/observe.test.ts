import { describe, expect, it } from "vitest";
import { COOKIE_NAME, HOST_NAME, SEEN_CAP } from "../src/contract.js";
import { cookieNames, thirdPartyHost, withHeld } from "../src/observe.js";

const OWN = "www.example-shop.com";

describe("thirdPartyHost", () => {
  it("keeps only the host name of a third party's URL: never its path, query or fragment", () => {
    expect(thirdPartyHost("https://www.google-analytics.com/g/collect?v=2&cid=123.456&dl=https%3A%2F%2Fshop#x", OWN)).toBe("www.google-analytics.com");
    expect(thirdPartyHost("https://user:pass@connect.facebook.net:8443/en_US/fbevents.js", OWN)).toBe("connect.facebook.net");
  });
  it("skips the shop's own host and subdomains, and Shopify's storefront infrastructure", () => {
    for (const url of [
      "https://www.example-shop.com/cart.js",
      "https://example-shop.com/a.js",
      "https://images.example-shop.com/a.png",
      "https://cdn.shopify.com/s/files/1/theme.js",
      "https://monorail-edge.shopifysvc.com/v1/produce",
      "https://example-shop.myshopify.com/x",
      "https://shop.app/pay",
      "https://cdn.shopifycdn.net.evil.com/x.js",
    ]) {
      expect(thirdPartyHost(url, OWN), url).toBe(url.includes("evil") ? "cdn.shopifycdn.net.evil.com" : undefined);
    }
  });
  it("skips what is not a domain name: data and blob URLs, IP literals of IPv6, single labels, junk", () => {
    for (const url of ["data:text/javascript,alert(1)", "blob:https://www.example-shop.com/0b1c", "http://[::1]:3000/x", "not a url", "https://localhost/x"])
      expect(thirdPartyHost(url, OWN)).toBeUndefined();
  });
  it("lower-cases and punycodes, as the server expects", () => {
    const host = thirdPartyHost("https://TRACKER.Bücher.example/p.gif", OWN);
    expect(host).toBe("tracker.xn--bcher-kva.example");
    expect(HOST_NAME.test(host!)).toBe(true);
  });
});

describe("cookieNames", () => {
  it("keeps names and drops every value", () => {
    const names = cookieNames("_ga=GA1.1.1234567890.1700000000; _fbp=fb.1.1700000000.987654321; cart=abc%3Dsecret; email=someone@example.com");
    expect(names).toEqual(["_ga", "_fbp", "cart", "email"]);
    expect(names.join(" ")).not.toMatch(/GA1|fb\.1|secret|example\.com/);
  });
  it("keeps at most SEEN_CAP names", () => {
    const many = Array.from({ length: 60 }, (_, i) => `c${i}=v`).join("; ");
    expect(cookieNames(many)).toHaveLength(SEEN_CAP);
    expect(cookieNames(many).every((n) => COOKIE_NAME.test(n))).toBe(true);
  });
  it("reads an empty cookie jar as no names", () => {
    expect(cookieNames("")).toEqual([]);
  });
});

describe("withHeld", () => {
  const seen = { hosts: ["connect.facebook.net", "cdn.example.com"], cookies: ["_ga"] };
  it("notes what the inline blocker held: held hosts did not load, unless it only reported them", () => {
    expect(withHeld(seen, ["connect.facebook.net", "www.googletagmanager.com"])).toEqual({
      hosts: ["cdn.example.com"],
      cookies: ["_ga"],
      held: ["connect.facebook.net", "www.googletagmanager.com"],
    });
    expect(withHeld(seen, ["connect.facebook.net"], true)).toEqual({ ...seen, held: ["connect.facebook.net"], reportOnly: true });
  });
  it("leaves what loaded as it was when nothing was held", () => {
    expect(withHeld(seen, [])).toEqual(seen);
    expect(withHeld(seen, [], false)).toEqual(seen);
  });
});
