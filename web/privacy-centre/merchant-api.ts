import { Router, type Request, type Response } from "express";
import { z } from "zod";
import type { Session } from "@shopify/shopify-api";
import type { Db } from "../db/database.js";
import { COMPLIANCE_TOPIC_LIST } from "../compliance/payloads.js";
import { privacyRequestReads } from "../compliance/privacy-requests-api.js";
import { OPEN_STATUSES, RequestStatus } from "../compliance/request-status.js";
import { DAY } from "../config/time.js";
import { HttpError } from "../http/errors.js";
import { decodeCursor, encodeCursor } from "../http/keyset-cursor.js";
import type { Keyring } from "../security/encryption.js";
import type { ShopifyApp } from "../shopify/create-shopify.js";
import {
  actionsOf,
  approveRequest,
  cancelErasure,
  declineRequest,
  extendRequest,
  privacyCentreSettings,
  resolveByMerchant,
  savePrivacyCentreSettings,
  type CorrectionResolution,
  type MerchantDeps,
} from "./merchant-actions.js";
import type { ActionResult, PrivacyCentreSettings, RequestDetail, RequestList } from "./merchant-types.js";
import { requestView, shopperSubmission } from "./merchant-views.js";
import { SHOPPER_REQUEST_TYPES, SHOPPER_TOPICS, shopperTopic, type ShopperNotifier } from "./request-types.js";
import { DUE_SOON_DAYS } from "./statutory-clocks.js";

const PAGE = 50;
const TOPICS = [...COMPLIANCE_TOPIC_LIST, ...SHOPPER_TOPICS] as [string, ...string[]];
const yes = z.enum(["1", "true"]).optional();

const listQuery = z.object({
  source: z.enum(["shopify", "shopper"]).optional(),
  type: z.enum(SHOPPER_REQUEST_TYPES).optional(),
  topic: z.enum(TOPICS).optional(),
  status: z.enum(Object.values(RequestStatus) as [RequestStatus, ...RequestStatus[]]).optional(),
  overdue: yes,
  dueSoon: yes,
  cursor: z.string().max(200).optional(),
});

/** A reason the shopper reads (a decline's, an extension's): plain text, 3 to 500 characters. */
const reasonBody = z.object({
  reason: z
    .string({ error: (issue) => (issue.input === undefined ? "A reason is required: the shopper is told it." : "The reason must be text.") })
    .trim()
    .min(3, "A reason is required (at least 3 characters): the shopper is told it.")
    .max(500, "The reason is too long (500 characters at most)."),
});

const field = z.string().trim().max(255).nullable().optional();
const contactChange = z
  .object({
    firstName: field,
    lastName: field,
    email: z.string().trim().email("Not an e-mail address.").max(255).nullable().optional(),
    phone: z
      .string()
      .trim()
      .regex(/^\+?[0-9 ()./-]{3,30}$/, "Not a phone number (digits, optionally with a leading +).")
      .nullable()
      .optional(),
    address: z
      .object({
        address1: z.string().trim().max(255).nullable(),
        address2: z.string().trim().max(255).nullable(),
        city: z.string().trim().max(255).nullable(),
        provinceCode: z.string().trim().max(10).nullable(),
        zip: z.string().trim().max(20).nullable(),
        countryCode: z
          .string()
          .trim()
          .regex(/^[A-Za-z]{2}$/, "The country is a two-letter code.")
          .transform((c) => c.toUpperCase())
          .nullable(),
      })
      .strict()
      .optional(),
  })
  .strict()
  .refine((change) => Object.values(change).some((v) => v !== undefined), "Say which field to change.");

const applyBody = z.object({ apply: contactChange }).strict();
const recordedBody = z
  .object({
    recorded: z
      .string({ error: "Say what you did, as text." })
      .trim()
      .min(3, "Say what you did (at least 3 characters).")
      .max(500, "What you did is too long (500 characters at most)."),
  })
  .strict();
/** `{ apply: change }` or `{ recorded: "what I did" }`. */
const correctionOf = (body: unknown): CorrectionResolution =>
  body && typeof body === "object" && "apply" in body ? valid(applyBody, body) : valid(recordedBody, body);

const settingsBody = z.object({ autoAccess: z.boolean(), autoDeletion: z.boolean(), autoOptOut: z.boolean(), autoCorrection: z.boolean() }).strict();

/** A body or query checked with zod: 400 naming the first problem in words. */
function valid<T>(schema: z.ZodType<T>, input: unknown): T {
  const parsed = schema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues;
  throw new HttpError(
    400,
    issues[0]!.message,
    issues.map((i) => ({ path: i.path.join("."), message: i.message })),
  );
}

const requestId = (req: Request) => {
  const id = String(req.params.id ?? "");
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) throw new HttpError(404, "no such request");
  return id;
};

/**
 * The merchant's Privacy requests, for the session's shop only (another shop's request is a 404), mounted
 * under /api: GET /compliance/requests (Shopify's and shoppers' requests by due date, filters, cursor),
 * GET /compliance/requests/:id (records, what the shopper submitted, the actions open now), the actions
 * POST /compliance/requests/:id/{approve,decline,extend,cancel-erasure,correction,resolve}, and GET/PUT
 * /privacy-centre/settings (carry out verified requests automatically, per type). Each action answers the
 * request as it is now. Outages answer 503 through the error handler, like the rest of the API.
 */
export function merchantPrivacyApi(deps: { prisma: Db; keyring: Keyring; shopify: ShopifyApp; notifier: ShopperNotifier; onEnqueued: () => void }): Router {
  const { prisma } = deps;
  const router = Router();
  const reads = privacyRequestReads(prisma, deps.keyring);
  const shopOf = (res: Response) => (res.locals.shopify.session as Session).shop;
  const merchant: MerchantDeps = deps;

  router.get("/compliance/requests", async (req, res) => {
    const shopDomain = shopOf(res);
    const query = valid(listQuery, req.query);
    const now = new Date();
    const position = query.cursor ? decodeCursor(query.cursor) : undefined;
    const topics = [query.topic, query.type && shopperTopic(query.type)].filter(Boolean) as string[];
    if (topics.length === 2 && topics[0] !== topics[1]) {
      const body: RequestList = { requests: [], nextCursor: null };
      res.json(body);
      return;
    }
    // Overdue and due soon are about open requests; a guest's request is not one until its link is used
    // (its clock has not started): listed only when asked for by status.
    const openOnly = Boolean(query.overdue || query.dueSoon);
    const status = query.status
      ? openOnly && !OPEN_STATUSES.includes(query.status)
        ? { in: [] }
        : query.status
      : openOnly
        ? { in: OPEN_STATUSES }
        : { not: RequestStatus.unverified };
    const rows = await prisma.complianceRequest.findMany({
      where: {
        shopDomain,
        status,
        ...(query.source ? { source: query.source } : {}),
        ...(topics[0] ? { topic: topics[0] } : {}),
        ...(openOnly ? { dueAt: query.overdue ? { lt: now } : { lte: new Date(now.getTime() + DUE_SOON_DAYS * DAY) } } : {}),
        ...(position ? { OR: [{ dueAt: { gt: position.at } }, { dueAt: position.at, id: { gt: position.id } }] } : {}),
      },
      orderBy: [{ dueAt: "asc" }, { id: "asc" }],
      take: PAGE + 1,
    });
    const page = rows.slice(0, PAGE);
    const views = await reads.viewsOf(shopDomain, page, now);
    const last = page.at(-1);
    const body: RequestList = {
      requests: views.map((view, i) => requestView(view, page[i]!, now)),
      nextCursor: rows.length > PAGE && last ? encodeCursor(last.dueAt, last.id) : null,
    };
    res.json(body);
  });

  /** The request's view as it is now (after an action, or for the detail). */
  async function viewOf(shopDomain: string, id: string) {
    const row = await prisma.complianceRequest.findFirst({ where: { id, shopDomain } });
    if (!row) throw new HttpError(404, "no such request");
    const now = new Date();
    const [base] = await reads.viewsOf(shopDomain, [row], now);
    return { row, view: requestView(base!, row, now) };
  }

  router.get("/compliance/requests/:id", async (req, res) => {
    const shopDomain = shopOf(res);
    const { row, view } = await viewOf(shopDomain, requestId(req));
    // The submission first: its read is in the audit trail the answer shows.
    const shopper = await shopperSubmission(deps, row);
    const records = await reads.recordsOf(shopDomain, row);
    const body: RequestDetail = { request: view, ...records, shopper, actions: actionsOf(row) };
    res.json(body);
  });

  const answer = async (res: Response, shopDomain: string, id: string) => {
    const body: ActionResult = { request: (await viewOf(shopDomain, id)).view };
    res.json(body);
  };

  router.post("/compliance/requests/:id/approve", async (req, res) => {
    const shop = shopOf(res);
    const id = requestId(req);
    await approveRequest(merchant, shop, id);
    await answer(res, shop, id);
  });

  router.post("/compliance/requests/:id/decline", async (req, res) => {
    const shop = shopOf(res);
    const id = requestId(req);
    const { reason } = valid(reasonBody, req.body);
    await declineRequest(merchant, shop, id, reason);
    await answer(res, shop, id);
  });

  router.post("/compliance/requests/:id/extend", async (req, res) => {
    const shop = shopOf(res);
    const id = requestId(req);
    const { reason } = valid(reasonBody, req.body);
    await extendRequest(merchant, shop, id, reason);
    await answer(res, shop, id);
  });

  router.post("/compliance/requests/:id/cancel-erasure", async (req, res) => {
    const shop = shopOf(res);
    const id = requestId(req);
    const { reason } = valid(reasonBody, req.body);
    await cancelErasure(merchant, shop, id, reason);
    await answer(res, shop, id);
  });

  router.post("/compliance/requests/:id/correction", async (req, res) => {
    const shop = shopOf(res);
    const id = requestId(req);
    await resolveByMerchant(merchant, shop, id, correctionOf(req.body));
    await answer(res, shop, id);
  });

  // Any request waiting for the merchant, done by them in Shopify's admin: `{ recorded: "what I did" }`.
  router.post("/compliance/requests/:id/resolve", async (req, res) => {
    const shop = shopOf(res);
    const id = requestId(req);
    await resolveByMerchant(merchant, shop, id, valid(recordedBody, req.body), "record");
    await answer(res, shop, id);
  });

  router.get("/privacy-centre/settings", async (_req, res) => {
    const body: PrivacyCentreSettings = await privacyCentreSettings(prisma, shopOf(res));
    res.json(body);
  });

  router.put("/privacy-centre/settings", async (req, res) => {
    const body: PrivacyCentreSettings = await savePrivacyCentreSettings(prisma, shopOf(res), valid(settingsBody, req.body));
    res.json(body);
  });

  return router;
}
