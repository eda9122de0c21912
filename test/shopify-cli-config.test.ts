import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "smol-toml";
import { DEFAULT_SCOPES } from "../web/config/env.js";
import { describe, expect, it } from "vitest";
import { ROOT } from "../web/config/paths.js";
import { API_VERSION } from "../web/shopify/api.js";

// `shopify app config validate` needs a Partner login, which this machine cannot do. These checks hold
// the two CLI files to the rules in ../shared/docs/shopify-contracts.md (§1.8, §2.1, §7.2) instead.
const app = parse(readFileSync(path.join(ROOT, "shopify.app.toml"), "utf8")) as Record<string, any>;
const web = parse(readFileSync(path.join(ROOT, "web/shopify.web.toml"), "utf8")) as Record<string, any>;
const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8"));

describe("shopify.app.toml", () => {
  it("is an embedded app with the keys the CLI requires", () => {
    expect(app).toMatchObject({
      embedded: true,
      name: expect.any(String),
      client_id: expect.any(String),
      application_url: expect.stringMatching(/^https:\/\//),
    });
  });

  it("subscribes app/uninstalled, app/scopes_update and the three compliance topics at the app's webhook path, in the app's API version", () => {
    expect(app.webhooks.api_version).toBe(API_VERSION);
    const subscriptions = app.webhooks.subscriptions as Array<{ topics?: string[]; compliance_topics?: string[]; uri: string }>;
    expect(subscriptions.flatMap((s) => s.topics ?? [])).toEqual(["app/uninstalled", "app/scopes_update"]);
    const compliance = subscriptions.flatMap((s) => s.compliance_topics ?? []);
    expect(compliance.sort()).toEqual(["customers/data_request", "customers/redact", "shop/redact"]);
    for (const s of subscriptions) expect(s.uri).toBe("/api/webhooks");
    for (const s of subscriptions.filter((s) => s.compliance_topics)) expect(s.topics).toBeUndefined();
  });

  it("declares the app proxy the storefront posts receipts through", () => {
    expect(app.app_proxy).toEqual({ url: "/proxy", prefix: "apps", subpath: "consent" });
    expect(["a", "apps", "community", "tools"]).toContain(app.app_proxy.prefix);
    expect(app.app_proxy.subpath).toMatch(/^[A-Za-z0-9_-]{1,30}$/);
    expect(["admin", "services", "password", "login"]).not.toContain(app.app_proxy.subpath);
    expect(app.access_scopes.scopes.split(",")).toContain("write_app_proxy");
  });

  it("asks for exactly the scopes the app's default SCOPES names (privacy policy, Shopify's cookie banner)", () => {
    expect(app.access_scopes.scopes).toBe(DEFAULT_SCOPES);
    expect(DEFAULT_SCOPES.split(",")).toEqual(expect.arrayContaining(["read_legal_policies", "read_privacy_settings", "write_privacy_settings"]));
  });
});

describe("web/shopify.web.toml", () => {
  it("runs one process that is both frontend and backend, with commands that exist", () => {
    expect(web.roles).toEqual(["frontend", "backend"]);
    expect(web.webhooks_path).toBe("/api/webhooks");
    for (const command of [web.commands.dev, web.commands.build]) {
      const script = String(command).match(/^npm run ([\w:-]+)$/)?.[1];
      expect(script && pkg.scripts[script]).toBeTruthy();
    }
  });
});
