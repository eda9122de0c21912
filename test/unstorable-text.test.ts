import { describe, expect, it } from "vitest";
import type { SettingsResponse } from "../web/settings/banner-settings-types.js";
import { unstorableTextIn } from "../web/http/storable-text.js";
import { PROVIDERS } from "./support/databases.js";
import { useTestApp } from "./support/test-app.js";

/** Every admin API route (README › The merchant's admin), with a body each writing route accepts. */
const ROUTES: Array<[method: string, path: string]> = [
  ["GET", "/api/shop"],
  ["GET", "/api/home"],
  ["POST", "/api/home/shopify-banner/disable"],
  ["POST", "/api/home/setup-guide/dismiss"],
  ["POST", "/api/consent-regions/apply"],
  ["POST", "/api/consent-regions/acknowledge"],
  ["GET", "/api/settings"],
  ["PUT", "/api/settings"],
  ["POST", "/api/settings/sync"],
  ["GET", "/api/settings/history"],
  ["POST", "/api/settings/revision"],
  ["GET", "/api/compliance/requests"],
  ["GET", "/api/compliance/requests/some-id"],
  ["GET", "/api/compliance/exports/some-id"],
  ["GET", "/api/compliance/exports/some-id/summary"],
  ["GET", "/api/consent/stats"],
  ["GET", "/api/consent/receipts"],
  ["POST", "/api/consent/receipts/export"],
  ["GET", "/api/consent/retention"],
  ["PUT", "/api/consent/retention"],
  ["GET", "/api/consent/leaks"],
  ["PUT", "/api/consent/trackers/Facebook"],
  ["PUT", "/api/consent/trackers-report-only"],
  ["GET", "/api/consent/receipts.csv"],
  ["GET", "/api/help"],
];

/** Percent-encodings that do not decode to text a column can hold: NUL, a lone surrogate, invalid UTF-8, a bare `%`. */
const BAD = ["%00", "a%00b", "%ED%A0%80", "%C0%80", "%FF", "%E0%A4", "%"];

describe.each(PROVIDERS)("text no database column can hold, on %s", (provider) => {
  const context = useTestApp(provider);

  it("answers a malformed id in any route's path with 404", async () => {
    const idRoutes = ROUTES.filter(([, path]) => path.includes("some-id"));
    expect(idRoutes).toHaveLength(3);
    for (const [method, path] of idRoutes) {
      for (const bad of BAD) {
        const res = await context.app.api(path.replace("some-id", bad), { method });
        expect(res.status, `${method} ${path} with ${bad}`).toBe(404);
        expect(await res.json()).toEqual({ error: "not found" });
      }
    }
    // The same ids, well formed but unknown: the route's own 404.
    expect((await context.app.api("/api/compliance/requests/no-such-id")).status).toBe(404);
  });

  it("answers such text in any query parameter of any admin route with 400 and a reason", async () => {
    for (const [method, path] of ROUTES) {
      for (const name of ["q", "cursor", "days", "topic", "status", "from", "shop"]) {
        for (const bad of ["%00", "%ED%A0%80", "%FF", "%"]) {
          const url = `${path.replace("some-id", "x")}?${name}=${bad}`;
          const res = await context.app.api(url, { method });
          expect(res.status, `${method} ${url}`).toBe(400);
          expect((await res.json()).error, `${method} ${url}`).toMatch(/query string/);
        }
      }
    }
    // Percent-encoded text that is fine still reaches the route.
    const search = await context.app.api("/api/consent/receipts?q=caf%C3%A9+%F0%9F%8D%AA");
    expect(search.status).toBe(200);
  });

  it("answers such text in a JSON body, as a value or a key, with 400 naming where", async () => {
    const current = (await (await context.app.api("/api/settings")).json()) as SettingsResponse;
    const basedOn = current.current?.version ?? 0;
    const bodies: Array<[method: string, path: string, body: string]> = [
      ["POST", "/api/settings/revision", `{"basedOn":${basedOn},"reason":"Added a \\u0000 widget"}`],
      ["POST", "/api/settings/revision", `{"basedOn":${basedOn},"reason":"Added a \\ud800 widget"}`],
      ["PUT", "/api/settings", JSON.stringify({ basedOn, settings: { ...current.defaults, text: { en: { title: "Cookies\u0000" } } } })],
      ["PUT", "/api/settings", `{"basedOn":${basedOn},"settings":{"text":{"en\\u0000":{}}}}`],
      ["PUT", "/api/consent/retention", `{"months":12,"note":"\\udc00"}`],
      ["POST", "/api/consent/receipts/export", `{"from":"2026-01-01\\u0000"}`],
      ["PUT", "/api/consent/trackers/Facebook", `{"decision":"wait","category":"\\ud800"}`],
    ];
    for (const [method, path, body] of bodies) {
      const res = await context.app.api(path, { method, body });
      expect(res.status, `${method} ${path} ${body}`).toBe(400);
      expect((await res.json()).error).toMatch(/NUL characters or unpaired surrogates/);
    }
    const revision = await context.app.api("/api/settings/revision", {
      method: "POST",
      body: `{"basedOn":${basedOn},"reason":"Added a chat widget \\ud83c\\udf6a"}`,
    });
    expect(revision.status).toBe(200);
    const history = (await (await context.app.api("/api/settings/history")).json()) as { versions: Array<{ reason: string | null }> };
    expect(history.versions[0]!.reason).toBe("Added a chat widget \u{1F36A}");
  });
});

describe("unstorableTextIn", () => {
  it("names where a string or key holds NUL or an unpaired surrogate, however deep", () => {
    expect(unstorableTextIn({ a: ["ok", { b: "x\u0000" }] })).toBe("a.1.b");
    expect(unstorableTextIn({ a: "\ud83c\udf6a", b: ["\udf6a"] })).toBe("b.0");
    expect(unstorableTextIn({ "k\ud800": 1 })).toBe("(a key)");
    expect(unstorableTextIn("\u0000")).toBe("");
    expect(unstorableTextIn({ a: "\ud83c\udf6a", n: 1, t: true, z: null })).toBeUndefined();
    const deep = JSON.parse(`${"[".repeat(100_000)}"\\u0000"${"]".repeat(100_000)}`);
    expect(unstorableTextIn(deep)).toMatch(/^0(\.0)+$/);
  });
});
