import express, { Router } from "express";
import { z } from "zod";
import { CATEGORIES, CONSENT_ID, COOKIE_NAME, HOST_NAME, METHODS, SEEN_CAP } from "../../extensions/consent-banner/src/contract.js";
import type { Driver } from "../db/driver.js";
import { groupCommit } from "../db/group-commit.js";
import { insertReceipts, type ReceiptRow } from "./receipt-batch.js";
import { HttpError } from "../http/errors.js";
import { trackersSeen } from "../leaks/classify-tracker.js";
import type { Logger } from "../logging/logger.js";
import type { AppProxyContext } from "../proxy/verify-app-proxy.js";
import type { Keyring } from "../security/encryption.js";
import { dayOf } from "../config/time.js";
import { isConsent, METHOD_COLUMN } from "./consent-rollup.js";
import { ipHash } from "./ip-hash.js";
import type { ReceiptRateLimiter } from "./receipt-rate-limit.js";

const category = z.enum(CATEGORIES);

/** What the banner posts (extensions/consent-banner/src/state.ts `receipt`). Unknown keys are refused. */
export const receiptBody = z
  .strictObject({
    consentId: z.string().regex(CONSENT_ID, "not a consent id").optional(),
    granted: z.array(category).max(CATEGORIES.length),
    denied: z.array(category).max(CATEGORIES.length),
    method: z.enum(METHODS),
    revision: z.number().int().min(0).max(1_000_000),
    textHash: z.string().regex(/^[0-9a-f]{64}$/),
    region: z
      .string()
      .max(12)
      .regex(/^[A-Z0-9]*$/)
      .optional(),
    // A first choice: what had loaded before it (host and cookie names only; observe.ts in the banner).
    seen: z
      .strictObject({
        hosts: z.array(z.string().regex(HOST_NAME, "not a host name")).max(SEEN_CAP),
        cookies: z.array(z.string().regex(COOKIE_NAME, "not a cookie name")).max(SEEN_CAP),
      })
      .optional(),
  })
  .refine((body) => !body.granted.some((c) => body.denied.includes(c)), { message: "a category cannot be both granted and denied" });

/**
 * POST /proxy/receipts (storefront: POST /apps/consent/receipts through Shopify's app proxy, whose
 * signature is already verified): stores proof of one shopper's choice. 201 with the receipt id; 400 for
 * a malformed body; 413 over 16 KB (the largest valid body, 40 host names of 253 characters and 40 cookie names of 64, is under 14 KB); 429 when one client or one shop floods.
 */
export function receiptRoutes(driver: Driver, keyring: Keyring, logger: Logger, limiter: ReceiptRateLimiter): Router {
  const router = Router();
  // Group commit: one transaction (multi-row inserts) for the receipts that arrive together.
  const writer = groupCommit<ReceiptRow, string>({
    maxBatch: 200,
    maxDelayMs: 0,
    maxQueue: 5_000,
    inFlight: driver.batchesInFlight,
    flush: (rows) => insertReceipts(driver, rows),
  });
  // sendBeacon posts text/plain or application/json; read either as JSON text.
  const body = express.text({ type: () => true, limit: "16kb" });

  router.post("/receipts", body, async (req, res) => {
    const proxy = res.locals.proxy as AppProxyContext;
    // req.ip: Express's `trust proxy` (TRUST_PROXY_HOPS) picks the address the nearest trusted proxy
    // saw, never the leftmost X-Forwarded-For entry, which the client writes itself.
    const hashedIp = ipHash(keyring, req.ip);
    if (!(await limiter.allow(proxy.shop, hashedIp ?? "unknown"))) {
      res.status(429).set("Retry-After", "10").json({ error: "too many consent receipts, retry later" });
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(typeof req.body === "string" ? req.body : "");
    } catch {
      throw new HttpError(400, "body must be JSON");
    }
    const parsed = receiptBody.safeParse(json);
    if (!parsed.success) {
      throw new HttpError(
        400,
        "invalid consent receipt",
        parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
      );
    }
    const receipt = parsed.data;
    const hosts = receipt.seen && [...new Set(receipt.seen.hosts)];
    const cookies = receipt.seen && [...new Set(receipt.seen.cookies)];
    // The receipt and its day's count commit together (the insights always match the receipts), in a
    // batch with the receipts that arrived at the same moment: answered 201 once that batch committed.
    const createdAt = new Date();
    const id = await writer.submit({
      shopDomain: proxy.shop,
      consentId: receipt.consentId ?? null,
      customerId: proxy.loggedInCustomerId ?? null,
      granted: receipt.granted.join(","),
      denied: receipt.denied.join(","),
      method: receipt.method,
      revision: receipt.revision,
      textHash: receipt.textHash,
      region: receipt.region ?? null,
      ipHash: hashedIp ?? null,
      createdAt,
      day: dayOf(createdAt),
      methodColumn: METHOD_COLUMN[receipt.method],
      consented: isConsent(receipt.granted),
      seenHosts: hosts ? hosts.join(",") : null,
      seenCookies: cookies ? cookies.join(",") : null,
      trackers: hosts && cookies ? [...trackersSeen(hosts, cookies).values()].map(({ tracker, ...names }) => ({ entity: tracker.entity, ...names })) : [],
    });
    logger.debug({ shop: proxy.shop, method: receipt.method }, "consent receipt stored");
    res.status(201).json({ receiptId: id });
  });
  return router;
}
