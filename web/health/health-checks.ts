import { Router } from "express";
import type { Database } from "../db/database.js";
import { sendDatabaseUnavailable } from "../http/errors.js";

/**
 * /healthz: the process answers and can still serve (503 once its database can never serve again in this
 * process: a supervisor's liveness probe restarts it). /readyz: and its database answers now (load balancers route on this).
 */
export function healthRoutes(db: Database, isShuttingDown: () => boolean): Router {
  const router = Router();
  router.get("/healthz", (_req, res) => {
    const failure = db.failure();
    if (failure) {
      res.status(503).json({ status: "failed", reason: "the database can no longer serve in this process; restart it" });
      return;
    }
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
