import type { RequestHandler } from "express";
import type { Logger } from "../logging/logger.js";

/** One line per request: method, path (never the query: it carries id_tokens), status, duration. No IPs. */
export function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on("finish", () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const path = req.originalUrl.split("?")[0] ?? req.path;
      const quiet = path === "/healthz" || path === "/readyz" || path.startsWith("/assets/");
      logger[quiet ? "debug" : "info"]({ method: req.method, path, status: res.statusCode, ms: Math.round(ms * 10) / 10 }, "request");
    });
    next();
  };
}
