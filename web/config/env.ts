import { z } from "zod";
import path from "node:path";

/**
 * The Admin API scopes the app asks for (shopify.app.toml says the same): the app proxy, the shop's
 * privacy policy (the banner's default link), Shopify's own cookie banner (read, and turn off) and the
 * opt-out of sale (write_privacy_settings), and the shoppers' privacy requests: the customer and their
 * orders for a copy of their data, a correction written back, and Shopify's customer data erasure.
 */
export const DEFAULT_SCOPES =
  "write_app_proxy,read_legal_policies,read_privacy_settings,write_privacy_settings,read_customers,write_customers,read_orders,read_all_orders,write_customer_data_erasure";

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

const key32 = z.string().transform((value, ctx) => {
  const bytes = /^[0-9a-f]{64}$/i.test(value) ? Buffer.from(value, "hex") : Buffer.from(value, "base64");
  if (bytes.length !== 32) {
    ctx.addIssue({ code: "custom", message: "must be 32 bytes, as 64 hex characters or base64 (openssl rand -base64 32)" });
    return z.NEVER;
  }
  return bytes;
});

/** "capacity,perSecond": a token bucket's burst and refill rate. */
const rate = z
  .string()
  .regex(/^\d+,\d+(\.\d+)?$/, 'must be "burst,perSecond", e.g. 10,1')
  .transform((value) => {
    const [capacity, perSecond] = value.split(",").map(Number);
    return { capacity: capacity!, perSecond: perSecond! };
  });

const url = z.url({ protocol: /^https?$/, message: "must be an http(s) URL such as https://my-app.example.com" });

const schema = z.object({
  SHOPIFY_API_KEY: z.string().min(1).optional(),
  SHOPIFY_API_SECRET: z.string().min(1).optional(),
  SHOPIFY_APP_URL: url.optional(),
  APP_URL: url.optional(),
  HOST: url.optional(),
  SCOPES: z.string().default(DEFAULT_SCOPES),
  DATABASE_URL: z
    .string()
    .regex(/^(file:|postgres(ql)?:\/\/)/, "must start with file: (SQLite) or postgresql:// (PostgreSQL)")
    .optional(),
  PORT: z.coerce.number().int().min(0).max(65535).optional(),
  BACKEND_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  ENCRYPTION_KEY: key32.optional(),
  ENCRYPTION_KEYS_PREVIOUS: z
    .string()
    .optional()
    .transform((value, ctx) =>
      (value ?? "")
        .split(",")
        .map((part) => part.trim())
        .filter(Boolean)
        .map((part) => {
          const parsed = key32.safeParse(part);
          if (!parsed.success) ctx.addIssue({ code: "custom", message: "each previous key must be 32 bytes (hex or base64)" });
          return parsed.success ? parsed.data : Buffer.alloc(0);
        }),
    ),
  LOG_LEVEL: z.enum(LOG_LEVELS).default("info"),
  APP_DATA_DIR: z.string().default("data"),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  WORKER_ENABLED: z.enum(["true", "false"]).default("true"),
  JOB_POLL_MS: z.coerce.number().int().positive().default(1_000),
  JOB_LEASE_MS: z.coerce.number().int().min(500).default(60_000),
  COMPLIANCE_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(1_000),
  COMPLIANCE_BATCH_PAUSE_MS: z.coerce.number().int().min(0).default(0),
  RECEIPT_RATE_LIMIT_CLIENT: rate.default({ capacity: 10, perSecond: 1 }),
  RECEIPT_RATE_LIMIT_SHOP: rate.default({ capacity: 1000, perSecond: 200 }),
  REDIS_URL: z.url({ protocol: /^rediss?$/, message: "must be a redis:// or rediss:// URL" }).optional(),
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(1),
  DATABASE_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).default(15_000),
  SUPPORT_EMAIL: z.email("must be an email address such as support@example.com").optional(),
  SMTP_URL: z.url({ protocol: /^smtps?$/, message: "must be an smtp:// or smtps:// URL such as smtps://user:pass@smtp.example.com:465" }).optional(),
  MAIL_FROM: z.email("must be an email address such as privacy@example.com").optional(),
  LOCAL_ERASURE_DELAY_MS: z.coerce.number().int().min(0).default(3_000),
});

/** The validated environment. Local mode (no Shopify credentials) is decided here, nowhere else. */
export interface Env {
  mode: "shopify" | "local";
  apiKey?: string;
  apiSecret?: string;
  appUrl?: string;
  scopes: string[];
  databaseUrl: string;
  port: number;
  encryptionKey?: Buffer;
  previousEncryptionKeys: Buffer[];
  logLevel: (typeof LOG_LEVELS)[number];
  /** Where the embedded database and local-mode secrets live (APP_DATA_DIR, default ./data). */
  dataDir: string;
  shutdownTimeoutMs: number;
  worker: { enabled: boolean; pollMs: number; leaseMs: number; batchSize: number; batchPauseMs: number };
  receiptLimits: { perClient: { capacity: number; perSecond: number }; perShop: { capacity: number; perSecond: number } };
  /** Shared rate limits across instances (REDIS_URL); per instance without it. */
  redisUrl?: string;
  /** How many proxies stand between shoppers and the app, Shopify's app proxy included (Express `trust proxy`). */
  trustProxyHops: number;
  /** A database statement's limit (PostgreSQL statement_timeout and client-side; SQLite's lock wait, at most 5 s). */
  databaseTimeoutMs: number;
  /** No request waits longer than this for its answer: 503 with Retry-After then. */
  requestTimeoutMs: number;
  /** Where merchants write for help (SUPPORT_EMAIL), shown on the admin's Help page. */
  supportEmail?: string;
  /** Outgoing mail to shoppers (SMTP_URL, MAIL_FROM). Without it in production, guests are asked to sign in; local mode keeps an outbox. */
  mail: { smtpUrl?: string; from?: string };
  /** Local mode: how long the stand-in Shopify waits after an erasure request before sending customers/redact (Shopify waits days). */
  localErasureDelayMs: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Reads and checks the environment, naming every bad or missing variable at once. */
export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const present = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ""));
  const parsed = schema.safeParse(present);
  const problems: string[] = parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join(".") || "environment"}: ${issue.message}`);

  // Checks across variables run on the raw values too, so one run names every problem.
  const hasKey = Boolean(present.SHOPIFY_API_KEY);
  const hasSecret = Boolean(present.SHOPIFY_API_SECRET);
  if (hasKey !== hasSecret) {
    problems.push(
      `${hasKey ? "SHOPIFY_API_SECRET" : "SHOPIFY_API_KEY"}: missing. Set both SHOPIFY_API_KEY and SHOPIFY_API_SECRET (Partner Dashboard > App > Client credentials), or neither for local mode`,
    );
  }
  const mode = hasKey && hasSecret ? "shopify" : "local";
  if (mode === "shopify" && !(present.SHOPIFY_APP_URL ?? present.APP_URL ?? present.HOST)) {
    problems.push("SHOPIFY_APP_URL: missing. The public https URL Shopify reaches the app at (shopify app dev sets HOST)");
  }
  if (mode === "shopify" && !present.ENCRYPTION_KEY) {
    problems.push("ENCRYPTION_KEY: missing. 32 random bytes that encrypt access tokens at rest: openssl rand -base64 32");
  }
  if (problems.length || !parsed.success) throw new ConfigError(problems);
  const env = parsed.data;
  const appUrl = env.SHOPIFY_APP_URL ?? env.APP_URL ?? env.HOST;

  return {
    mode,
    apiKey: env.SHOPIFY_API_KEY,
    apiSecret: env.SHOPIFY_API_SECRET,
    appUrl: appUrl?.replace(/\/+$/, ""),
    scopes: env.SCOPES.split(",")
      .map((scope) => scope.trim())
      .filter(Boolean),
    databaseUrl: env.DATABASE_URL ?? `file:${path.join(path.resolve(env.APP_DATA_DIR), "app.db")}`,
    port: env.BACKEND_PORT ?? env.PORT ?? 3000,
    encryptionKey: env.ENCRYPTION_KEY,
    previousEncryptionKeys: env.ENCRYPTION_KEYS_PREVIOUS,
    logLevel: env.LOG_LEVEL,
    dataDir: path.resolve(env.APP_DATA_DIR),
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    worker: {
      enabled: env.WORKER_ENABLED === "true",
      pollMs: env.JOB_POLL_MS,
      leaseMs: env.JOB_LEASE_MS,
      batchSize: env.COMPLIANCE_BATCH_SIZE,
      batchPauseMs: env.COMPLIANCE_BATCH_PAUSE_MS,
    },
    receiptLimits: { perClient: env.RECEIPT_RATE_LIMIT_CLIENT, perShop: env.RECEIPT_RATE_LIMIT_SHOP },
    redisUrl: env.REDIS_URL,
    trustProxyHops: env.TRUST_PROXY_HOPS,
    databaseTimeoutMs: env.DATABASE_TIMEOUT_MS,
    requestTimeoutMs: env.REQUEST_TIMEOUT_MS,
    supportEmail: env.SUPPORT_EMAIL,
    mail: { smtpUrl: env.SMTP_URL, from: env.MAIL_FROM },
    localErasureDelayMs: env.LOCAL_ERASURE_DELAY_MS,
  };
}
