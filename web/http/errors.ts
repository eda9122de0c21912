import { STATUS_CODES } from "node:http";
import type { ErrorRequestHandler, Response } from "express";
import { ZodError } from "zod";
import { isDatabaseUnavailable } from "../db/errors.js";
import type { Logger } from "../logging/logger.js";
import { ShopifyUnavailableError } from "../shopify/library-failures.js";

/** An error whose message is safe and useful to show the caller, with its HTTP status. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "HttpError";
  }
}

/** A request that outlived its deadline: something it waited on (the database, Shopify) did not answer in time. */
export function sendDeadlinePassed(res: Response): void {
  res.status(503).set("Retry-After", "5").json({ error: "the answer took too long, retry later" });
}

export function sendDatabaseUnavailable(res: Response): void {
  res.status(503).set("Retry-After", "5").json({ error: "database unavailable, retry later" });
}

/** Last error handler: clear statuses and reasons, never a stack trace. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    if (res.headersSent) return;
    if (error instanceof HttpError) {
      res.status(error.status).json({ error: error.message, ...(error.details ? { details: error.details } : {}) });
      return;
    }
    if (error instanceof ZodError) {
      res.status(400).json({ error: "invalid request", details: error.issues.map((i) => ({ path: i.path.join("."), message: i.message })) });
      return;
    }
    const clientError = error as { type?: string; status?: number; statusCode?: number; expose?: boolean; message?: string };
    if (clientError.type === "entity.parse.failed") {
      res.status(400).json({ error: "malformed JSON body" });
      return;
    }
    if (clientError.type === "entity.too.large") {
      res.status(413).json({ error: "request body too large" });
      return;
    }
    // Errors raised by Express and body-parser for the client's mistakes (http-errors): a missing static
    // file (404), an unknown charset or Content-Encoding (415), a broken gzip body (400). Their status
    // and, when marked safe to expose, their message go back as they are; never a 500.
    const status = clientError.status ?? clientError.statusCode;
    if (typeof status === "number" && status >= 400 && status < 500) {
      res.status(status).json({ error: clientError.expose && clientError.message ? clientError.message : (STATUS_CODES[status] ?? "bad request") });
      return;
    }
    // Before the database check: a Shopify outage's cause (ECONNREFUSED…) would read as the database's.
    if (error instanceof ShopifyUnavailableError) {
      logger.warn({ err: error, path: req.path }, "shopify unavailable");
      res.status(503).set("Retry-After", "5").json({ error: "Shopify is unavailable, retry later" });
      return;
    }
    if (isDatabaseUnavailable(error)) {
      logger.warn({ err: error, path: req.path }, "database unavailable");
      sendDatabaseUnavailable(res);
      return;
    }
    logger.error({ err: error, path: req.path }, "unhandled error");
    res.status(500).json({ error: "internal error" });
  };
}
