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
import { DEFAULT_SETTINGS } from "../settings/banner-settings.js";
import { CONSENT_COUNTRIES, compareRegions, regionLabel, snapshotOf } from "../settings/consent-regions.js";
import { acknowledgeRegionDrift, recordPolicies, regionDriftOf } from "../settings/consent-regions-check.js";
import { audit } from "../audit/audit-trail.js";
import type { ConsentRegionsStatus, HomeMetrics, HomeResponse } from "./home-types.js";
import { attempt, disableShopifyCookieBanner, shopPrivacyPolicy, shopifyCookieBanner } from "../shopify/shop-privacy.js";
import { readConsentPolicies, updateConsentPolicies } from "../shopify/consent-policy.js";

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
        // Real leaks only: trackers the banner held back until the choice (held, never leaked) are not.
        .filter((l) => l.visits > 0 && (l.consent === "marketing" || l.consent === "analytics"))
        .map(({ entity, hosts, cookies }) => ({ entity, hosts, cookies })),
    },
  };
}

/** An Admin API call the merchant asked for: a missing permission is 403, Shopify's refusal 422, its failure 502 (unreachable: 503). */
async function asked<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof AdminApiError) throw new HttpError(error.kind === "access_denied" ? 403 : error.kind === "user_errors" ? 422 : 502, error.message);
    throw error;
  }
}

/**
 * The home page's API: GET /api/home (the setup guide's facts, read from Shopify each time, and the
 * metrics), POST /api/home/shopify-banner/disable, POST /api/home/setup-guide/dismiss,
 * POST /api/consent-regions/apply (Shopify's cookies wait for consent in the EU/EEA, the UK and Switzerland),
 * POST /api/consent-regions/acknowledge (the merchant saw the daily check's change). Whether the app
 * embed is on comes from App Bridge in the page (`shopify.app.extensions()`), not from here.
 */
export function homeApi(deps: { prisma: Db; shopify: ShopifyApp }): Router {
  const { prisma, shopify } = deps;
  const router = Router();
  const shopOf = (res: Response) => (res.locals.shopify.session as Session).shop;

  const respond = async (res: Response, shop: string) => {
    const [row, policy, banner, consent, shopRow, metrics, drift] = await Promise.all([
      currentVersion(prisma, shop),
      attempt(() => shopPrivacyPolicy(shopify, shop)),
      attempt(() => shopifyCookieBanner(shopify, shop)),
      attempt(() => readConsentPolicies(shopify, shop)),
      prisma.shop.findUnique({ where: { domain: shop }, select: { setupGuideDismissedAt: true } }),
      metricsOf(prisma, shop),
      regionDriftOf(prisma, shop),
    ]);
    const everywhere = row ? settingsOf(row).everywhere : DEFAULT_SETTINGS.everywhere;
    let consentRegions: ConsentRegionsStatus | null = null;
    if (consent.value) {
      const { toWrite: _toWrite, ...status } = compareRegions(consent.value.policies, consent.value.regions, everywhere);
      consentRegions = { ...status, consentCountries: [...CONSENT_COUNTRIES] };
    }
    const body: HomeResponse = {
      setup: {
        settingsSaved: Boolean(row),
        customPolicyUrl: row ? settingsOf(row).policyUrl : null,
        shopPolicy: policy.value,
        shopPolicyError: policy.error,
        shopifyBanner: banner.value,
        shopifyBannerError: banner.error,
        consentRegions,
        consentRegionsError: consent.error,
        dismissed: Boolean(shopRow?.setupGuideDismissedAt),
      },
      metrics,
      consentRegionDrift: drift,
    };
    res.json(body);
  };

  router.get("/home", async (_req, res) => {
    await respond(res, shopOf(res));
  });

  router.post("/home/shopify-banner/disable", async (_req, res) => {
    const shop = shopOf(res);
    await asked(() => disableShopifyCookieBanner(shopify, shop));
    await respond(res, shop);
  });

  /**
   * Consent required wherever the law asks for it and Shopify does not yet (data-sale opt-out kept as it
   * is), in one consentPolicyUpdate; the regions then read become the snapshot the daily check compares
   * with (the app's own change is no drift), and the audit trail says what was written.
   */
  router.post("/consent-regions/apply", async (_req, res) => {
    const shop = shopOf(res);
    const before = await asked(() => readConsentPolicies(shopify, shop));
    const row = await currentVersion(prisma, shop);
    const { toWrite } = compareRegions(before.policies, before.regions, row ? settingsOf(row).everywhere : DEFAULT_SETTINGS.everywhere);
    if (toWrite.length) {
      await asked(() => updateConsentPolicies(shopify, shop, toWrite));
      const after = await asked(() => readConsentPolicies(shopify, shop));
      await prisma.$transaction(async (tx) => {
        await recordPolicies(tx, shop, snapshotOf(after.policies), { own: true });
        await audit(tx, {
          shopDomain: shop,
          action: "consent_regions_written",
          detail: { consentRequired: toWrite.map((p) => regionLabel({ countryCode: p.countryCode, regionCode: p.regionCode ?? null })) },
        });
      });
    }
    await respond(res, shop);
  });

  router.post("/consent-regions/acknowledge", async (_req, res) => {
    const shop = shopOf(res);
    await acknowledgeRegionDrift(prisma, shop);
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
