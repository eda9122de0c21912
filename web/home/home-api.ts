import { Router, type Response } from "express";
import type { Session } from "@shopify/shopify-api";
import type { Db } from "../db/database.js";
import { HttpError } from "../http/errors.js";
import { consentStats } from "../consent/consent-stats.js";
import { leakReport } from "../leaks/leak-report.js";
import { OPEN_STATUSES } from "../compliance/request-status.js";
import { DAY } from "../config/time.js";
import { DUE_SOON_DAYS } from "../privacy-centre/statutory-clocks.js";
import type { ShopifyApp } from "../shopify/create-shopify.js";
import { AdminApiError } from "../shopify/admin-graphql.js";
import { currentVersion, settingsOf } from "../settings/settings-store.js";
import type { HomeMetrics, HomeResponse } from "./home-types.js";
import { attempt, disableShopifyCookieBanner, shopPrivacyPolicy, shopifyCookieBanner } from "../shopify/shop-privacy.js";

/**
 * Metrics from what the app already stores: the last 30 days of choices (the insights' daily rows, never
 * a scan of the receipts), trackers that loaded before consent in the last 7 days, open privacy requests
 * (those overdue, and those due within DUE_SOON_DAYS).
 */
async function metricsOf(prisma: Db, shopDomain: string, now = new Date()): Promise<HomeMetrics> {
  const open = { shopDomain, status: { in: OPEN_STATUSES } };
  const soon = new Date(now.getTime() + DUE_SOON_DAYS * DAY);
  const [{ totals }, leaks, openRequests, nearest, overdueRequests, dueSoonRequests] = await Promise.all([
    consentStats(prisma, shopDomain, 30, now),
    leakReport(prisma, shopDomain, 7, { now }),
    prisma.complianceRequest.count({ where: open }),
    prisma.complianceRequest.findFirst({ where: open, orderBy: { dueAt: "asc" }, select: { dueAt: true } }),
    prisma.complianceRequest.count({ where: { ...open, dueAt: { lt: now } } }),
    prisma.complianceRequest.count({ where: { ...open, dueAt: { gte: now, lte: soon } } }),
  ]);
  return {
    receipts30d: totals.total,
    consentRate30d: totals.consentRate,
    openRequests,
    nearestDueAt: nearest?.dueAt.toISOString() ?? null,
    overdueRequests,
    dueSoonRequests,
    dueSoonDays: DUE_SOON_DAYS,
    leaks7d: {
      observedVisits: leaks.observedVisits,
      trackers: leaks.leaks
        .filter((l) => l.consent === "marketing" || l.consent === "analytics")
        .map(({ entity, hosts, cookies }) => ({ entity, hosts, cookies })),
    },
  };
}

/**
 * The home page's API: GET /api/home (the setup guide's facts, read from Shopify each time, and the
 * metrics), POST /api/home/shopify-banner/disable, POST /api/home/setup-guide/dismiss. Whether the app
 * embed is on comes from App Bridge in the page (`shopify.app.extensions()`), not from here.
 */
export function homeApi(deps: { prisma: Db; shopify: ShopifyApp }): Router {
  const { prisma, shopify } = deps;
  const router = Router();
  const shopOf = (res: Response) => (res.locals.shopify.session as Session).shop;

  const respond = async (res: Response, shop: string) => {
    const [row, policy, banner, shopRow, metrics] = await Promise.all([
      currentVersion(prisma, shop),
      attempt(() => shopPrivacyPolicy(shopify, shop)),
      attempt(() => shopifyCookieBanner(shopify, shop)),
      prisma.shop.findUnique({ where: { domain: shop }, select: { setupGuideDismissedAt: true } }),
      metricsOf(prisma, shop),
    ]);
    const body: HomeResponse = {
      setup: {
        settingsSaved: Boolean(row),
        customPolicyUrl: row ? settingsOf(row).policyUrl : null,
        shopPolicy: policy.value,
        shopPolicyError: policy.error,
        shopifyBanner: banner.value,
        shopifyBannerError: banner.error,
        dismissed: Boolean(shopRow?.setupGuideDismissedAt),
      },
      metrics,
    };
    res.json(body);
  };

  router.get("/home", async (_req, res) => {
    await respond(res, shopOf(res));
  });

  router.post("/home/shopify-banner/disable", async (_req, res) => {
    const shop = shopOf(res);
    try {
      await disableShopifyCookieBanner(shopify, shop);
    } catch (error) {
      if (error instanceof AdminApiError) throw new HttpError(error.kind === "access_denied" ? 403 : 502, error.message);
      throw error;
    }
    await respond(res, shop);
  });

  router.post("/home/setup-guide/dismiss", async (_req, res) => {
    const shop = shopOf(res);
    const now = new Date();
    await prisma.shop.upsert({ where: { domain: shop }, create: { domain: shop, setupGuideDismissedAt: now }, update: { setupGuideDismissedAt: now } });
    await respond(res, shop);
  });

  return router;
}
