import { Router, type Request, type Response } from "express";
import { z } from "zod";
import type { Session } from "@shopify/shopify-api";
import type { Db } from "../db/database.js";
import { HttpError } from "../http/errors.js";
import type { Logger } from "../logging/logger.js";
import type { ShopifyApp } from "../shopify/create-shopify.js";
import { attempt, shopPrivacyPolicy } from "../shopify/shop-privacy.js";
import { DEFAULT_SETTINGS, fieldErrorsOf, validateSettings } from "./banner-settings.js";
import type { FieldErrorsResponse, SettingsHistoryResponse, SettingsResponse } from "./banner-settings-types.js";
import { readBannerLocales } from "./banner-locales.js";
import { currentVersion, listVersions, saveVersion, settingsOf, StaleVersionError, toView } from "./settings-store.js";
import { enqueueSettingsSync, syncCurrentSettings } from "./storefront-sync.js";

const putBody = z.object({ basedOn: z.number().int().min(0), settings: z.unknown() });
const revisionBody = z.object({
  basedOn: z.number().int().min(0),
  reason: z.string().trim().min(3, "Say in a few words what changed").max(200, "At most 200 characters"),
});

/**
 * The Banner page's API, for the authenticated shop only:
 *   GET  /api/settings            current version (and its sync state), defaults, the extension's texts
 *   PUT  /api/settings            a new version on top of `basedOn` (409 if stale, 400 with field errors)
 *   POST /api/settings/sync       write the current version to the storefront now (the Retry button)
 *   GET  /api/settings/history    versions, newest first: who, when, what changed, sync state
 *   POST /api/settings/revision   "Ask every visitor again": revision + 1, with the reason
 * Saving writes the storefront's metafield at once; if Shopify fails, the version says so and the job
 * queue retries it.
 */
export function settingsApi(deps: { prisma: Db; shopify: ShopifyApp; logger: Logger; onEnqueued: () => void }): Router {
  const { prisma, shopify } = deps;
  const router = Router();
  const locales = readBannerLocales();
  const shopOf = (res: Response) => (res.locals.shopify.session as Session).shop;
  const userOf = async (req: Request) => {
    const token = req.get("authorization")?.replace(/^Bearer /i, "");
    if (!token) return null;
    const payload = await shopify.api.session.decodeSessionToken(token).catch(() => undefined);
    return payload?.sub ? String(payload.sub) : null;
  };

  const respond = async (res: Response, shop: string) => {
    const row = await currentVersion(prisma, shop);
    const policy = await attempt(() => shopPrivacyPolicy(shopify, shop));
    const body: SettingsResponse = {
      current: row ? { ...toView(row), settings: settingsOf(row) } : null,
      defaults: DEFAULT_SETTINGS,
      locales,
      shopPolicyUrl: policy.value?.url ?? null,
    };
    res.json(body);
  };

  /** Writes the new current version to the storefront; on failure the job queue takes over. */
  const sync = async (shop: string) => {
    try {
      await syncCurrentSettings(prisma, shopify, shop);
    } catch (error) {
      deps.logger.warn({ shop, err: error }, "banner settings not written to the storefront; will retry");
      await enqueueSettingsSync(prisma, shop);
      deps.onEnqueued();
    }
  };

  router.get("/settings", async (_req, res) => {
    await respond(res, shopOf(res));
  });

  router.put("/settings", async (req, res) => {
    const shop = shopOf(res);
    const { basedOn, settings: input } = putBody.parse(req.body);
    const checked = validateSettings(input, Object.keys(locales.texts));
    if ("errors" in checked) {
      const body: FieldErrorsResponse = { error: "Some settings need attention", fieldErrors: checked.errors };
      res.status(400).json(body);
      return;
    }
    await save(res, { shop, basedOn, settings: checked.settings, createdBy: await userOf(req) });
  });

  router.post("/settings/revision", async (req, res) => {
    const shop = shopOf(res);
    const parsed = revisionBody.safeParse(req.body);
    if (!parsed.success) {
      const body: FieldErrorsResponse = { error: "A reason is needed", fieldErrors: fieldErrorsOf(parsed.error.issues) };
      res.status(400).json(body);
      return;
    }
    const row = await currentVersion(prisma, shop);
    const settings = row ? settingsOf(row) : DEFAULT_SETTINGS;
    await save(res, {
      shop,
      basedOn: parsed.data.basedOn,
      settings: { ...settings, revision: settings.revision + 1 },
      createdBy: await userOf(req),
      reason: parsed.data.reason,
    });
  });

  router.post("/settings/sync", async (_req, res) => {
    const shop = shopOf(res);
    await sync(shop);
    await respond(res, shop);
  });

  router.get("/settings/history", async (_req, res) => {
    const body: SettingsHistoryResponse = { versions: (await listVersions(prisma, shopOf(res))).map(toView) };
    res.json(body);
  });

  async function save(
    res: Response,
    input: { shop: string; basedOn: number; settings: SettingsResponse["defaults"]; createdBy: string | null; reason?: string },
  ) {
    try {
      await saveVersion(prisma, { shopDomain: input.shop, basedOn: input.basedOn, settings: input.settings, createdBy: input.createdBy, reason: input.reason });
    } catch (error) {
      if (error instanceof StaleVersionError) throw new HttpError(409, error.message, { currentVersion: error.current });
      throw error;
    }
    await sync(input.shop);
    await respond(res, input.shop);
  }

  return router;
}
