import type { RequestHandler } from "express";
import { sendDeadlinePassed } from "./errors.js";

/**
 * A bound on how long any request waits for its answer to start: if nothing was sent after `ms` (the
 * database or Shopify stalled beyond their own timeouts), the caller gets 503 with Retry-After instead of hanging.
 * Whatever the handler does later is dropped (the error handler ignores a response already sent).
 */
export function requestDeadline(ms: number): RequestHandler {
  return (_req, res, next) => {
    const timer = setTimeout(() => {
      if (!res.headersSent) sendDeadlinePassed(res);
    }, ms);
    timer.unref();
    res.on("close", () => clearTimeout(timer));
    next();
  };
}
