import { Router, type Request, type Response } from "express";
import { z } from "zod";
import type { Session } from "@shopify/shopify-api";
import { HOST_NAME } from "../../extensions/consent-banner/src/contract.js";
import { audit } from "../audit/audit-trail.js";
import type { Db } from "../db/database.js";
import type { Logger } from "../logging/logger.js";
import type { ShopifyApp } from "../shopify/create-shopify.js";
import { trackerNamed } from "./classify-tracker.js";
import type { ReportOnlyResponse, TrackerChoiceError, TrackerChoiceResponse } from "./leak-types.js";
import { publishStoreTrackers, trackerCode } from "./store-trackers.js";

const choiceBody = z.strictObject({
  decision: z.enum(["wait", "necessary"]),
  category: z.enum(["marketing", "analytics", "preferences"]).optional(),
});
const reportOnlyBody = z.strictObject({ reportOnly: z.boolean() });

/**
 * Why a choice cannot be stored for this tracker, or null when it can. The key is a third-party-web entity
 * or the host an unrecognised tracker is reported by; a category only for one whose consent is not known
 * (unrecognised, or third-party-web's "other"), which then waits only with one.
 */
function refusal(key: string, body: z.infer<typeof choiceBody>): string | null {
  const tracker = trackerNamed(key);
  const assignable = tracker.consent === "unknown";
  if (tracker.category === null && !HOST_NAME.test(key)) return "not a tracker: a recognised tracker's name or a host name";
  if (body.category && !assignable) return "a category can only be given to an unrecognised tracker";
  if (body.category && body.decision !== "wait") return "a category goes with the decision wait";
  if (assignable && body.decision === "wait" && !body.category) return "an unrecognised tracker waits for the category it is given";
  if (tracker.consent === "none" && body.decision === "wait") return "this tracker needs no consent, so it never waits";
  return null;
}

/**
 * The merchant's tracker choices, for the authenticated shop only:
 *   PUT /api/consent/trackers/:key          {decision: "wait"|"necessary", category?} for one tracker (key:
 *                                           LeakEntity.entity; a category only for an unrecognised one)
 *   PUT /api/consent/trackers-report-only   {reportOnly}: nothing is held, the report shows what would be
 * Each is stored with an audit line (who and what), then the store's tracker list is written to the
 * storefront (the metafield consent_banner.trackers, never a banner settings version); when Shopify fails,
 * the job queue retries it and the answer says so. 400 {error} for a request it refuses.
 */
export function trackerChoicesApi(deps: { prisma: Db; shopify: ShopifyApp; logger: Logger; onEnqueued: () => void }): Router {
  const { prisma, shopify, logger } = deps;
  const router = Router();
  const shopOf = (res: Response) => (res.locals.shopify.session as Session).shop;
  /** The staff member: an online session's user, else the session token's `sub`; null when neither says. */
  const userOf = async (req: Request, res: Response) => {
    const associated = (res.locals.shopify.session as Session).onlineAccessInfo?.associated_user?.id;
    if (associated) return String(associated);
    const token = req.get("authorization")?.replace(/^Bearer /i, "");
    if (!token) return null;
    const payload = await shopify.api.session.decodeSessionToken(token).catch(() => undefined);
    return payload?.sub ? String(payload.sub) : null;
  };
  const refuse = (res: Response, error: string) => {
    const body: TrackerChoiceError = { error };
    res.status(400).json(body);
  };
  const publish = (shop: string) =>
    publishStoreTrackers(prisma, shopify, shop, (error) => {
      logger.warn({ shop, err: error }, "tracker list not written to the storefront; will retry");
      deps.onEnqueued();
    });

  router.put("/consent/trackers/:key", async (req, res) => {
    const shop = shopOf(res);
    const key = req.params.key;
    const parsed = choiceBody.safeParse(req.body);
    if (!parsed.success) return refuse(res, parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; "));
    const problem = key.length > 253 ? "not a tracker: a recognised tracker's name or a host name" : refusal(key, parsed.data);
    if (problem) return refuse(res, problem);
    const { decision } = parsed.data;
    const category = parsed.data.category ?? null;
    const by = await userOf(req, res);
    await prisma.$transaction(async (tx) => {
      await tx.shop.upsert({ where: { domain: shop }, create: { domain: shop }, update: {} });
      await tx.trackerChoice.upsert({
        where: { shopDomain_tracker: { shopDomain: shop, tracker: key } },
        create: { shopDomain: shop, tracker: key, decision, category, updatedBy: by },
        update: { decision, category, updatedBy: by },
      });
      await audit(tx, { shopDomain: shop, action: "tracker_choice_saved", detail: { tracker: key, decision, category, by } });
    });
    const body: TrackerChoiceResponse = { entity: key, decision, category, code: trackerCode(key, { decision, category }), storefront: await publish(shop) };
    res.json(body);
  });

  router.put("/consent/trackers-report-only", async (req, res) => {
    const shop = shopOf(res);
    const parsed = reportOnlyBody.safeParse(req.body);
    if (!parsed.success) return refuse(res, parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; "));
    const { reportOnly } = parsed.data;
    const by = await userOf(req, res);
    await prisma.$transaction(async (tx) => {
      await tx.shop.upsert({ where: { domain: shop }, create: { domain: shop, trackersReportOnly: reportOnly }, update: { trackersReportOnly: reportOnly } });
      await audit(tx, { shopDomain: shop, action: "trackers_report_only_set", detail: { reportOnly, by } });
    });
    const body: ReportOnlyResponse = { reportOnly, storefront: await publish(shop) };
    res.json(body);
  });
  return router;
}
