import type { Request, RequestHandler, Response, NextFunction } from "express";
import type { Database } from "../db/database.js";
import { sendDatabaseUnavailable } from "./errors.js";

/**
 * Runs a third-party middleware (Shopify's session validation) that answers every storage failure with
 * a bare 500. When it does, we check the database: if it is down, the caller gets 503 and Retry-After
 * instead, as from every other route.
 */
export function outageAs503(middleware: RequestHandler, db: Database): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const send = res.send.bind(res);
    res.send = ((body?: unknown) => {
      res.send = send;
      if (res.statusCode !== 500) return send(body);
      db.ping().then(
        () => send(body),
        () => sendDatabaseUnavailable(res),
      );
      return res;
    }) as Response["send"];
    return middleware(req, res, (error?: unknown) => {
      res.send = send;
      next(error);
    });
  };
}
