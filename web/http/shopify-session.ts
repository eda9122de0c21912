import type { NextFunction, Request, RequestHandler, Response } from "express";
import type { Database } from "../db/database.js";
import { isDatabaseUnavailable } from "../db/errors.js";
import type { Logger } from "../logging/logger.js";
import type { ShopifyApp } from "../shopify/create-shopify.js";
import { recordingFailures, ShopifyUnavailableError, type FailureRecord } from "../shopify/library-failures.js";
import { sendDatabaseUnavailable } from "./errors.js";

/**
 * Shopify's session validation (session token → offline session, by token exchange when none is stored)
 * in front of /api. The library answers every failure beneath it with a bare `500` in plain text; what
 * failed was noted meanwhile (shopify/library-failures.ts), so the caller gets what it was:
 *  - the database (loading or storing the session, the install hook): 503 and Retry-After, as everywhere;
 *  - Shopify (token exchange unreachable, 5xx, 429): 503, Retry-After and the reason;
 *  - anything else: 500 with a JSON reason, unless the database turns out to be down (503).
 * Its other answers (401 for a bad session token, the App Bridge bounce for a document) pass unchanged.
 */
export function shopifySession(shopify: ShopifyApp, db: Database, logger: Logger): RequestHandler {
  const validate = shopify.validateAuthenticatedSession();
  return (req: Request, res: Response, next: NextFunction) => {
    const record: FailureRecord = { failures: [], recording: true };
    const { failures } = record;
    const send = res.send.bind(res);
    res.send = ((body?: unknown) => {
      res.send = send;
      if (res.statusCode !== 500) return send(body);
      // A Shopify outage's cause (ECONNREFUSED…) would read as the database's: each is judged by where it was noted.
      const shopifyDown = failures.find((error) => error instanceof ShopifyUnavailableError);
      if (failures.some((error) => !(error instanceof ShopifyUnavailableError) && isDatabaseUnavailable(error))) {
        logger.warn({ path: req.path }, "database unavailable while loading the session");
        sendDatabaseUnavailable(res);
      } else if (shopifyDown) {
        logger.warn({ path: req.path, err: shopifyDown }, "Shopify unavailable for token exchange");
        res.status(503).set("Retry-After", "5").json({ error: "Shopify did not answer the token exchange, retry later" });
      } else {
        db.ping().then(
          () => res.status(500).json({ error: "internal error" }),
          () => sendDatabaseUnavailable(res),
        );
      }
      return res;
    }) as Response["send"];
    return recordingFailures(record, () =>
      validate(req, res, (error?: unknown) => {
        // The routes after the library run in this async context too: their errors are their own.
        record.recording = false;
        res.send = send;
        next(error);
      }),
    );
  };
}
