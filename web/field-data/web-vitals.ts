import { Router } from "express";
import { z } from "zod";
import type { Logger } from "../logging/logger.js";

/** The Web Vitals App Bridge reports (shopify.webVitals.onReport), as Built for Shopify judges them. */
export const WEB_VITALS = ["LCP", "CLS", "INP", "FCP", "TTFB", "FID"] as const;

/** What the admin UI posts for one page load: the page and App Bridge's report (metric names and values). */
export const webVitalsReport = z.strictObject({
  page: z
    .string()
    .max(100)
    .regex(/^\/[\w\-/]*$/, "an app path such as /privacy-requests"),
  metrics: z
    .array(z.strictObject({ id: z.string().max(100).optional(), name: z.string().regex(/^[A-Z]{2,5}$/), value: z.number().finite().min(0).max(600_000) }))
    .min(1)
    .max(20),
});

/** A record id in an app path (a privacy request's id) is replaced, so pages group by kind. */
const pageKind = (page: string) => page.replace(/\/[0-9a-f-]{16,}(?=\/|$)/gi, "/:id");

/**
 * POST /api/web-vitals (behind the session token): logs each admin page load's Web Vitals as one pino
 * line, `msg: "web vitals"`, with the shop, the kind of page and each metric by name (LCP and INP in ms,
 * CLS unitless). No user, no URL query, no personal data. The 75th percentile per page and metric is what
 * Built for Shopify reads (the README says how to compute it from the logs). 204; 400 with a reason.
 */
export function webVitalsApi(logger: Logger): Router {
  const router = Router();
  router.post("/web-vitals", (req, res) => {
    const parsed = webVitalsReport.safeParse(req.body);
    if (!parsed.success) {
      res.status(400).json({ error: "invalid web vitals report", details: parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })) });
      return;
    }
    const session = res.locals.shopify?.session as { shop?: string } | undefined;
    // Metrics App Bridge may add later are accepted and left out of the line.
    const known = parsed.data.metrics.filter((m) => (WEB_VITALS as readonly string[]).includes(m.name));
    const metrics = Object.fromEntries(known.map((m) => [m.name, Math.round(m.value * 1000) / 1000]));
    logger.info({ shop: session?.shop, page: pageKind(parsed.data.page), ...metrics }, "web vitals");
    res.status(204).end();
  });
  return router;
}
