import { Router } from "express";
import type { Database } from "../db/database.js";
import { sendDatabaseUnavailable } from "../http/errors.js";

/** /healthz: the process answers. /readyz: and its database does too (load balancers route on this). */
export function healthRoutes(db: Database, isShuttingDown: () => boolean): Router {
  const router = Router();
  router.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  router.get("/readyz", async (_req, res) => {
    if (isShuttingDown()) {
      res.status(503).json({ status: "shutting down" });
      return;
    }
    try {
      await db.ping();
      res.json({ status: "ready", database: db.provider });
    } catch {
      sendDatabaseUnavailable(res);
    }
  });
  return router;
}
