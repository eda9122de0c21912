import { Router, type Response } from "express";
import { z } from "zod";
import type { Session } from "@shopify/shopify-api";
import type { Db } from "../db/database.js";
import { leakReport } from "./leak-report.js";
import type { LeakReport } from "./leak-types.js";

const leaksQuery = z.object({ days: z.coerce.number().int().min(1, "At least 1 day").max(365, "At most 365 days").default(30) });

/**
 * The consent leak report, for the authenticated shop only:
 *   GET /api/consent/leaks?days=N   trackers that loaded before shoppers chose (1–365 days, default 30)
 */
export function leakApi(deps: { prisma: Db }): Router {
  const router = Router();
  const shopOf = (res: Response) => (res.locals.shopify.session as Session).shop;
  router.get("/consent/leaks", async (req, res) => {
    const { days } = leaksQuery.parse(req.query);
    const body: LeakReport = await leakReport(deps.prisma, shopOf(res), days);
    res.json(body);
  });
  return router;
}
