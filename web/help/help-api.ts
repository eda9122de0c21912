import { Router } from "express";
import type { HelpResponse } from "./help-types.js";

/** GET /api/help: the support contact from configuration, for the admin's Help page. */
export function helpApi(options: { supportEmail?: string }): Router {
  const router = Router();
  router.get("/help", (_req, res) => {
    const body: HelpResponse = { supportEmail: options.supportEmail ?? null };
    res.json(body);
  });
  return router;
}
