import { describe, expect, it } from "vitest";
import { ConfigError, readEnv } from "../env.js";

const REAL = {
  SHOPIFY_API_KEY: "key",
  SHOPIFY_API_SECRET: "secret",
  SHOPIFY_APP_URL: "https://app.example.com/",
  ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64"),
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    readEnv(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe("readEnv", () => {
  it("runs in local mode without Shopify credentials, on SQLite under data/", () => {
    const env = readEnv({});
    expect(env.mode).toBe("local");
    expect(env.databaseUrl).toMatch(/^file:.*data\/app\.db$/);
    expect(env.port).toBe(3000);
    expect(env.scopes).toEqual([
      "write_app_proxy",
      "read_legal_policies",
      "read_privacy_settings",
      "write_privacy_settings",
      "read_customers",
      "write_customers",
      "read_orders",
      "read_all_orders",
      "write_customer_data_erasure",
    ]);
    expect(env.mail).toEqual({ smtpUrl: undefined, from: undefined });
    expect(env.localErasureDelayMs).toBe(3000);
  });

  it("takes outgoing mail from SMTP_URL and MAIL_FROM, and refuses a URL that is not SMTP", () => {
    expect(readEnv({ SMTP_URL: "smtps://u:p@smtp.example.com:465", MAIL_FROM: "privacy@example.com" }).mail).toEqual({
      smtpUrl: "smtps://u:p@smtp.example.com:465",
      from: "privacy@example.com",
    });
    expect(problemsOf({ SMTP_URL: "https://smtp.example.com" })).toEqual([expect.stringMatching(/^SMTP_URL: must be an smtp/)]);
    expect(problemsOf({ MAIL_FROM: "nobody" })).toEqual([expect.stringMatching(/^MAIL_FROM: must be an email address/)]);
  });

  it("takes the support e-mail of the Help page from SUPPORT_EMAIL, and refuses one that is not an address", () => {
    expect(readEnv({}).supportEmail).toBeUndefined();
    expect(readEnv({ SUPPORT_EMAIL: "help@consent.example" }).supportEmail).toBe("help@consent.example");
    expect(problemsOf({ SUPPORT_EMAIL: "not an address" })).toEqual([expect.stringMatching(/^SUPPORT_EMAIL: must be an email address/)]);
  });

  it("runs for real with both credentials, an app URL and an encryption key", () => {
    const env = readEnv(REAL);
    expect(env).toMatchObject({ mode: "shopify", apiKey: "key", appUrl: "https://app.example.com" });
    expect(env.encryptionKey).toHaveLength(32);
  });

  it("takes the app URL from HOST or APP_URL as `shopify app dev` sets them, and BACKEND_PORT before PORT", () => {
    const { SHOPIFY_APP_URL: _omit, ...rest } = REAL;
    expect(readEnv({ ...rest, HOST: "https://tunnel.example.com" }).appUrl).toBe("https://tunnel.example.com");
    expect(readEnv({ ...rest, APP_URL: "https://other.example.com" }).appUrl).toBe("https://other.example.com");
    expect(readEnv({ PORT: "4000", BACKEND_PORT: "5000" }).port).toBe(5000);
  });

  it("names every bad or missing variable at once", () => {
    const problems = problemsOf({ SHOPIFY_API_KEY: "key", DATABASE_URL: "mysql://db", PORT: "eighty", ENCRYPTION_KEY: "short", LOG_LEVEL: "loud" });
    const named = problems.map((p) => p.split(":")[0]);
    expect(named).toEqual(expect.arrayContaining(["SHOPIFY_API_SECRET", "DATABASE_URL", "PORT", "ENCRYPTION_KEY", "LOG_LEVEL"]));
  });

  it("requires an app URL and an encryption key with real credentials", () => {
    const problems = problemsOf({ SHOPIFY_API_KEY: "key", SHOPIFY_API_SECRET: "secret" });
    expect(problems.join("\n")).toMatch(/SHOPIFY_APP_URL: missing/);
    expect(problems.join("\n")).toMatch(/ENCRYPTION_KEY: missing/);
  });

  it("accepts PostgreSQL URLs and previous keys for rotation", () => {
    const previous = Buffer.alloc(32, 1).toString("hex");
    const env = readEnv({ ...REAL, DATABASE_URL: "postgresql://u@db/app", ENCRYPTION_KEYS_PREVIOUS: previous });
    expect(env.databaseUrl).toBe("postgresql://u@db/app");
    expect(env.previousEncryptionKeys).toHaveLength(1);
  });
});
