import express, { Router } from "express";
import { z } from "zod";
import { CATEGORIES, CONSENT_ID, COOKIE_NAME, HOST_NAME, METHODS, SEEN_CAP } from "../../extensions/consent-banner/src/contract.js";
import type { Driver } from "../db/driver.js";
import { groupCommit } from "../db/group-commit.js";
import { insertBreakage, insertReceipts, type ReceiptRow } from "./receipt-batch.js";
import { HttpError } from "../http/errors.js";
import { trackersSeen, visitTrackers } from "../leaks/classify-tracker.js";
import type { Breakage } from "../leaks/leak-rows.js";
import type { Logger } from "../logging/logger.js";
import type { AppProxyContext } from "../proxy/verify-app-proxy.js";
import type { Keyring } from "../security/encryption.js";
import { dayOf } from "../config/time.js";
import { isConsent, METHOD_COLUMN } from "./consent-rollup.js";
import { ipHash } from "./ip-hash.js";
import type { ReceiptRateLimiter } from "./receipt-rate-limit.js";

const category = z.enum(CATEGORIES);

/** At most SEEN_CAP names as the browser noted them, keeping those `valid` accepts (the rest are not names). */
const names = (valid: RegExp) =>
  z
    .array(z.string().max(253))
    .max(SEEN_CAP)
    .transform((list) => list.filter((name) => valid.test(name)));

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
    // A first choice: what had loaded before it (host and cookie names only; observe.ts in the banner),
    // the hosts the blocker held back until it (report only: would have, while they loaded) and whether
    // the store's tracker list said "report only". The browser sends what it saw: names that are not a
    // host or cookie name (an IP literal, a name with spaces) are dropped here, the receipt is kept.
    seen: z
      .strictObject({
        hosts: names(HOST_NAME),
        cookies: names(COOKIE_NAME),
        held: names(HOST_NAME).optional(),
        reportOnly: z.boolean().optional(),
      })
      .optional(),
  })
  .refine((body) => !body.granted.some((c) => body.denied.includes(c)), { message: "a category cannot be both granted and denied" });

/** What the blocker posts when released tags fail (extensions/consent-banner/src/blocker.ts): host names only. */
export const breakageBody = z.strictObject({
  hosts: names(HOST_NAME).refine((hosts) => hosts.length > 0, "no hosts"),
});

/** A beacon's text body read as JSON and checked against `schema`: 400 with `what` and each issue otherwise. */
function parseBody<T>(body: unknown, schema: z.ZodType<T>, what: string): T {
  let json: unknown;
  try {
    json = JSON.parse(typeof body === "string" ? body : "");
  } catch {
    throw new HttpError(400, "body must be JSON");
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success)
    throw new HttpError(
      400,
      what,
      parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
    );
  return parsed.data;
}

/**
 * POST /proxy/receipts (storefront: POST /apps/consent/receipts through Shopify's app proxy, whose
 * signature is already verified): stores proof of one shopper's choice. 201 with the receipt id; 400 for
 * a malformed body; 413 over 28 KB (the largest valid body, 40 loaded and 40 held host names of 253
 * characters and 40 cookie names of 64, is under 24 KB); 429 when one client or one shop floods.
 *
 * POST /proxy/breakage (same signature and limiter): `{hosts}` whose tags failed after the blocker
 * released them; each tracker among them counted once into today's ConsentLeakDaily.broken. 204; 400 for
 * a malformed body.
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
  // Breakage reports join batches of their own the same way.
  const breakages = groupCommit<Breakage, void>({
    maxBatch: 200,
    maxDelayMs: 0,
    maxQueue: 5_000,
    inFlight: driver.batchesInFlight,
    flush: (pages) => insertBreakage(driver, pages),
  });
  // sendBeacon posts text/plain or application/json; read either as JSON text.
  const body = express.text({ type: () => true, limit: "28kb" });

  router.post("/receipts", body, async (req, res) => {
    const proxy = res.locals.proxy as AppProxyContext;
    // req.ip: Express's `trust proxy` (TRUST_PROXY_HOPS) picks the address the nearest trusted proxy
    // saw, never the leftmost X-Forwarded-For entry, which the client writes itself.
    const hashedIp = ipHash(keyring, req.ip);
    if (!(await limiter.allow(proxy.shop, hashedIp ?? "unknown"))) {
      res.status(429).set("Retry-After", "10").json({ error: "too many consent receipts, retry later" });
      return;
    }
    const receipt = parseBody(req.body, receiptBody, "invalid consent receipt");
    const hosts = receipt.seen && [...new Set(receipt.seen.hosts)];
    const cookies = receipt.seen && [...new Set(receipt.seen.cookies)];
    const held = receipt.seen?.held ? [...new Set(receipt.seen.held)] : [];
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
      trackers: hosts && cookies ? visitTrackers(hosts, cookies, held, receipt.seen?.reportOnly === true) : [],
    });
    logger.debug({ shop: proxy.shop, method: receipt.method }, "consent receipt stored");
    res.status(201).json({ receiptId: id });
  });

  // Breakage: hosts whose tags failed or threw after the blocker released them (names only).
  router.post("/breakage", body, async (req, res) => {
    const proxy = res.locals.proxy as AppProxyContext;
    if (!(await limiter.allow(proxy.shop, ipHash(keyring, req.ip) ?? "unknown"))) {
      res.status(429).set("Retry-After", "10").json({ error: "too many breakage reports, retry later" });
      return;
    }
    const report = parseBody(req.body, breakageBody, "invalid breakage report");
    const at = new Date();
    const entities = [...trackersSeen([...new Set(report.hosts)], []).keys()];
    await breakages.submit({ shopDomain: proxy.shop, day: dayOf(at), at, entities });
    logger.debug({ shop: proxy.shop, trackers: entities.length }, "tracker breakage counted");
    res.status(204).end();
  });
  return router;
}
