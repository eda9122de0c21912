import express, { Router, type Response } from "express";
import { z } from "zod";
import type { Db } from "../db/database.js";
import { audit } from "../audit/audit-trail.js";
import { openIdentity } from "../compliance/customer-identity.js";
import { ipHash } from "../consent/ip-hash.js";
import type { Logger } from "../logging/logger.js";
import { MailUnavailableError, type Mailer } from "../mail/mailer.js";
import type { AppProxyContext } from "../proxy/verify-app-proxy.js";
import type { Keyring } from "../security/encryption.js";
import type { ShopifyApp } from "../shopify/create-shopify.js";
import { confirmPage, messagePage, rightsPage, rightsPageAnyLocale, statusPage, type FormState, type PageContext } from "./privacy-page.js";
import { inert } from "./liquid-safe.js";
import { CORRECTABLE_FIELDS, SHOPPER_REQUEST_TYPES, typeOfTopic, type ShopperNotifier, type ShopperRequestType } from "./request-types.js";
import type { PrivacyRequestLimits } from "./request-limits.js";
import { sendConfirmation } from "./shopper-notices.js";
import {
  confirmationState,
  confirmShopperRequest,
  downloadUntilOf,
  recordShopperRequest,
  matchesOne,
  statusSignature,
  tokenHashOf,
  validDownloadSignature,
  validStatusSignature,
} from "./shopper-requests.js";
import { shopFacts } from "./shop-facts.js";
import { proxyPrefixOf, statusPath, storefrontLink } from "./storefront-links.js";
import { resolveLocale, textsFor, type PrivacyTextKey } from "./texts.js";

export interface PrivacyRoutesDeps {
  prisma: Db;
  keyring: Keyring;
  shopify: ShopifyApp;
  mailer: Mailer;
  notifier: ShopperNotifier;
  limits: PrivacyRequestLimits;
  logger: Logger;
  onEnqueued: () => void;
  /** Local mode: the storefront's host is this server's (production: the shop's primary domain, from Shopify). */
  storefrontHost?: () => string;
}

/** A form posted sooner than this after the page was rendered is a bot's (people need longer to read and type). */
export const MIN_FILL_MS = 2_000;
const FORM_MAX_AGE_MS = 24 * 3600_000;

// eslint-disable-next-line no-control-regex -- control characters are what it finds
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((v) => !CONTROL.test(v));

const submission = z.object({
  type: z.enum(SHOPPER_REQUEST_TYPES),
  locale: z.string().max(20).optional(),
  country: z
    .string()
    .regex(/^[A-Za-z]{2}$/)
    .optional()
    .or(z.literal("").transform(() => undefined)),
  region: z
    .string()
    .regex(/^[A-Za-z0-9]{2,8}$/)
    .optional()
    .or(z.literal("").transform(() => undefined)),
  started: z.string().max(200).optional(),
  website: z.string().max(500).optional(),
  email: z.string().max(500).optional(),
  field: z.string().max(40).optional(),
  value: z.string().max(5_000).optional(),
  note: z.string().max(5_000).optional(),
});

const email = z.email().max(254);

/** Sends an `application/liquid` page: Shopify renders it inside the shop's theme. Never cached: it may carry a form's signed start time. */
function sendLiquid(res: Response, status: number, body: string) {
  // end(), not send(): no ETag is worth hashing a page that is never cached.
  res
    .status(status)
    .type("application/liquid")
    .set({ "Cache-Control": "no-store", "Content-Length": String(Buffer.byteLength(body)) })
    .end(body);
}

/** The form's start time in a cached page: replaced per answer. */
const STARTED = "__started__";

/**
 * The shoppers' privacy centre, behind Shopify's app proxy (signature verified before these routes;
 * storefront: `<path_prefix>/privacy`). Plain forms, working without JavaScript:
 *   GET  /privacy                      the rights page (every request; a signed-in customer needs no e-mail)
 *   POST /privacy                      a request: signed-in → recorded and verified; guest → confirmation e-mail
 *   GET  /privacy/verify?token=        a guest's link: a button (mail scanners that open links use nothing up)
 *   POST /privacy/verify               uses the link once, within 24 hours
 *   GET  /privacy/status/:id?s=        a request's status (signed link, this shop only)
 *   GET  /privacy/status/:id/download?d=   the shopper's copy of their data (ZIP), for 7 days: the link in the
 *                                      e-mail that says it is ready, or the status link for the customer signed in
 * Nothing a shopper sends is placed into the Liquid unescaped (liquid-safe.ts).
 */
export function privacyRoutes(deps: PrivacyRoutesDeps): Router {
  const router = Router();
  const form = express.urlencoded({ extended: false, limit: "16kb", parameterLimit: 30 });

  // A form's start time, signed with the shop and the signed-in customer it was shown to: it cannot be
  // carried to another shop or another customer's form (nor made up by a site that posts forms cross-site).
  const startedMessage = (at: string, proxy: AppProxyContext) => `${at}|${proxy.shop}|${proxy.loggedInCustomerId ?? ""}`;
  const startedToken = (proxy: AppProxyContext, at = Date.now()) =>
    `${at}.${deps.keyring.pseudonym("privacy-form", startedMessage(String(at), proxy)).slice(0, 32)}`;
  const startedAge = (token: string | undefined, proxy: AppProxyContext, now = Date.now()): number | null => {
    const match = /^(\d{13})\.([0-9a-f]{32})$/.exec(token ?? "");
    if (!match) return null;
    const expected = deps.keyring.pseudonyms("privacy-form", startedMessage(match[1]!, proxy)).map((p) => p.slice(0, 32));
    return matchesOne(match[2]!, expected) ? now - Number(match[1]) : null;
  };

  const contextOf = (res: Response): { proxy: AppProxyContext; page: PageContext } => {
    const proxy = res.locals.proxy as AppProxyContext;
    return {
      proxy,
      page: {
        pathPrefix: proxyPrefixOf(proxy.pathPrefix),
        signedIn: Boolean(proxy.loggedInCustomerId),
        mailAvailable: deps.mailer.available,
        started: startedToken(proxy),
      },
    };
  };

  // The rights page is the same for every visitor of a kind (language, path prefix, signed in or not) but
  // for its form's start time: built once per kind, the time filled in per answer.
  const pages = new Map<string, string>();
  router.get("/privacy", (req, res) => {
    const { page } = contextOf(res);
    const requested = typeof req.query.locale === "string" ? req.query.locale : "";
    const locale = requested ? resolveLocale(requested) : "*";
    const key = `${locale}|${page.pathPrefix}|${page.signedIn}|${page.mailAvailable}`;
    let template = pages.get(key);
    if (!template) {
      const kind = { ...page, started: STARTED };
      template = locale === "*" ? rightsPageAnyLocale(kind) : rightsPage(locale, kind);
      if (pages.size > 500) pages.clear();
      pages.set(key, template);
    }
    sendLiquid(res, 200, template.replaceAll(STARTED, page.started));
  });

  router.post("/privacy", form, async (req, res) => {
    const { proxy, page } = contextOf(res);
    const parsed = submission.safeParse(req.body ?? {});
    if (!parsed.success) {
      sendLiquid(res, 400, messagePage("en", "error_heading", [inert(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "))]));
      return;
    }
    const body = parsed.data;
    const locale = resolveLocale(body.locale);
    const texts = textsFor(locale, inert);
    const back = `${page.pathPrefix}/privacy?locale=${encodeURIComponent(locale)}`;
    const values: Record<string, string> = {
      email: body.email ?? "",
      field: body.field ?? "",
      value: body.value ?? "",
      note: body.note ?? "",
      region: body.region ?? "",
    };
    const again = (status: number, errors: FormState["errors"], notice?: PrivacyTextKey) =>
      sendLiquid(res, status, rightsPage(locale, page, { type: body.type, values, errors }, notice));

    const sent = messagePage(locale, "sent_title", [texts.t("sent_body", { email: inert(body.email?.trim() ?? "") })], [{ href: back, text: texts.t("back") }]);
    // A bot fills the hidden field: it is told what a person would be, and nothing happens.
    if (body.website) {
      sendLiquid(res, 200, sent);
      return;
    }
    const age = startedAge(body.started, proxy);
    if (age === null || age < MIN_FILL_MS || age > FORM_MAX_AGE_MS) {
      again(400, [], "error_too_fast");
      return;
    }
    const customerLimited =
      proxy.loggedInCustomerId && !(await deps.limits.network(proxy.shop, `customer:${deps.keyring.pseudonym("customer", proxy.loggedInCustomerId)}`));
    if (customerLimited || !(await deps.limits.network(proxy.shop, ipHash(deps.keyring, req.ip) ?? "unknown"))) {
      res.set("Retry-After", "600");
      again(429, [], "error_rate_limited");
      return;
    }

    const errors: FormState["errors"] = [];
    const signedIn = proxy.loggedInCustomerId;
    const address = body.email?.trim() ?? "";
    if (!signedIn && !email.safeParse(address).success) errors.push({ field: "email", key: "error_email" });
    let correction: { field: (typeof CORRECTABLE_FIELDS)[number]; value: string; note: string } | undefined;
    if (body.type === "correction") {
      const field = CORRECTABLE_FIELDS.find((f) => f === body.field);
      const value = (field === "email" ? email : text(500).min(1)).safeParse((body.value ?? "").trim());
      const note = text(1000).safeParse(body.note ?? "");
      if (!field) errors.push({ field: "field", key: "error_correction_field" });
      if (!value.success) errors.push({ field: "value", key: "error_correction_value" });
      if (!note.success) errors.push({ field: "note", key: "error_note" });
      if (field && value.success && note.success) correction = { field, value: value.data, note: note.data };
    }
    if (errors.length) {
      again(400, errors);
      return;
    }
    if (!signedIn && body.type !== "opt_out" && !deps.mailer.available) {
      again(400, [], "guest_sign_in");
      return;
    }

    const storefront = { host: deps.storefrontHost?.() ?? (await shopFacts(deps.shopify, proxy.shop)).host, pathPrefix: page.pathPrefix };
    const common = {
      shop: proxy.shop,
      type: body.type,
      locale,
      country: body.country?.toUpperCase() ?? null,
      region: body.region?.toUpperCase() ?? null,
      storefront,
      correction,
    };

    // Signed in, or an opt-out (no proof of identity is asked for one): taken at once.
    if (signedIn || body.type === "opt_out") {
      const recorded = await recordShopperRequest(deps.prisma, deps.keyring, signedIn ? { ...common, customerId: signedIn } : { ...common, email: address });
      if (recorded.automatic) deps.onEnqueued();
      const link = statusPath(recorded.id, statusSignature(deps.keyring, proxy.shop, recorded.id));
      void deps.notifier.notify(proxy.shop, recorded.id, "received");
      sendLiquid(
        res,
        200,
        messagePage(
          locale,
          "received_title",
          [texts.t("received_body", { shop: "{{ shop.name | escape }}" })],
          [{ href: `${page.pathPrefix}${link}`, text: texts.t("view_status") }],
        ),
      );
      return;
    }

    // A guest: the same answer whether or not the address belongs to a customer, and whether or not a
    // message went out (an address already sent three links this hour gets no fourth).
    if (!(await deps.limits.address(proxy.shop, deps.keyring.pseudonym("email", address.toLowerCase())))) {
      sendLiquid(res, 200, sent);
      return;
    }
    const recorded = await recordShopperRequest(deps.prisma, deps.keyring, { ...common, email: address });
    try {
      await sendConfirmation(deps, {
        shop: proxy.shop,
        to: address,
        locale,
        type: body.type,
        link: storefrontLink(storefront, `/privacy/verify?token=${recorded.token}`),
      });
    } catch (error) {
      // Nothing was promised: the unconfirmable request goes, and the shopper is asked to try again.
      await deps.prisma.complianceRequest.deleteMany({ where: { id: recorded.id } });
      if (!(error instanceof MailUnavailableError)) throw error;
      deps.logger.warn({ shop: proxy.shop, err: error.message }, "privacy request confirmation not sent");
      res.set("Retry-After", String(error.retryAfterSeconds));
      again(503, [], "error_mail");
      return;
    }
    sendLiquid(res, 200, sent);
  });

  const linkOutcome = (locale: string, page: PageContext, outcome: "used" | "expired" | "invalid") => {
    const texts = textsFor(locale, inert);
    const key: PrivacyTextKey = outcome === "used" ? "link_used" : outcome === "expired" ? "link_expired" : "link_invalid";
    return messagePage(
      locale,
      "verify_title",
      [texts.t(key)],
      [{ href: `${page.pathPrefix}/privacy?locale=${encodeURIComponent(locale)}`, text: texts.t("back") }],
      "alert",
    );
  };

  router.get("/privacy/verify", async (req, res) => {
    const { proxy, page } = contextOf(res);
    const token = typeof req.query.token === "string" ? req.query.token : "";
    const link = /^[A-Za-z0-9_-]{43}$/.test(token) ? await confirmationState(deps.prisma, proxy.shop, token) : { state: "invalid" as const };
    const locale = resolveLocale(link.locale ?? (typeof req.query.locale === "string" ? req.query.locale : "en"));
    if (link.state !== "pending") {
      sendLiquid(res, link.state === "invalid" ? 404 : 410, linkOutcome(locale, page, link.state));
      return;
    }
    sendLiquid(res, 200, confirmPage(locale, page.pathPrefix, token, typeOfTopic(link.topic!)!));
  });

  router.post("/privacy/verify", form, async (req, res) => {
    const { proxy, page } = contextOf(res);
    const token = typeof req.body?.token === "string" ? req.body.token : "";
    const result = /^[A-Za-z0-9_-]{43}$/.test(token) ? await confirmShopperRequest(deps.prisma, proxy.shop, token) : ({ outcome: "invalid" } as const);
    if (result.outcome !== "confirmed") {
      const known =
        result.outcome === "invalid"
          ? null
          : await deps.prisma.complianceRequest.findFirst({ where: { tokenHash: tokenHashOf(token), shopDomain: proxy.shop }, select: { locale: true } });
      sendLiquid(res, result.outcome === "invalid" ? 404 : 410, linkOutcome(resolveLocale(known?.locale), page, result.outcome));
      return;
    }
    if (result.automatic) deps.onEnqueued();
    const row = await deps.prisma.complianceRequest.findUniqueOrThrow({ where: { id: result.id }, select: { locale: true } });
    const locale = resolveLocale(row.locale);
    const texts = textsFor(locale, inert);
    void deps.notifier.notify(proxy.shop, result.id, "received");
    const link = statusPath(result.id, statusSignature(deps.keyring, proxy.shop, result.id));
    sendLiquid(
      res,
      200,
      messagePage(
        locale,
        "received_title",
        [texts.t("received_body", { shop: "{{ shop.name | escape }}" })],
        [{ href: `${page.pathPrefix}${link}`, text: texts.t("view_status") }],
      ),
    );
  });

  /**
   * The shop's request a signed link names, or null (another shop's id, a forged signature, an unconfirmed
   * request): `valid` checks the signature the link carries (status or download).
   */
  const requestOfLink = async (shop: string, id: string, signature: unknown, valid = validStatusSignature) => {
    if (typeof signature !== "string" || !/^[0-9a-f]{64}$/.test(signature) || !/^[\w-]{1,64}$/.test(id)) return null;
    if (!valid(deps.keyring, shop, id, signature)) return null;
    const row = await deps.prisma.complianceRequest.findFirst({ where: { id, shopDomain: shop, source: "shopper" } });
    return row && row.verifiedAt ? row : null;
  };

  /** Whether the visitor is the signed-in customer the request is about (the app proxy's signed id). */
  const isRequestCustomer = (proxy: AppProxyContext, sealedIdentity: string | null, requestId: string) =>
    Boolean(proxy.loggedInCustomerId && openIdentity(deps.keyring, requestId, sealedIdentity)?.customerId === proxy.loggedInCustomerId);

  router.get("/privacy/status/:id", async (req, res) => {
    const { proxy, page } = contextOf(res);
    const row = await requestOfLink(proxy.shop, req.params.id, req.query.s);
    if (!row) {
      const texts = textsFor(typeof req.query.locale === "string" ? req.query.locale : "en", inert);
      sendLiquid(res, 404, messagePage(texts.locale, "status_title", [texts.t("status_invalid")], [], "alert"));
      return;
    }
    const exported = await deps.prisma.dataExport.findUnique({ where: { requestId: row.id }, select: { format: true, downloadUntil: true, createdAt: true } });
    const now = new Date();
    const until = exported?.format === "zip" ? (exported.downloadUntil ?? downloadUntilOf(exported.createdAt)) : null;
    const type = typeOfTopic(row.topic) as ShopperRequestType;
    const available = Boolean(until && until > now);
    // The status link may be seen by the theme's scripts (page addresses are what analytics record): it opens
    // the download only for the customer signed in; anyone else uses the link in the e-mail.
    const here = available && isRequestCustomer(proxy, row.customerIdentity, row.id);
    sendLiquid(
      res,
      200,
      statusPage(
        resolveLocale(row.locale),
        {
          type,
          status: row.status,
          receivedAt: row.receivedAt,
          verifiedAt: row.verifiedAt,
          dueAt: row.dueAt,
          completedAt: row.completedAt,
          shopifyState: row.shopifyState,
          decisionReason: row.decisionReason,
          extendedAt: row.extendedAt,
          extensionReason: row.extensionReason,
          download: here ? { href: `${page.pathPrefix}/privacy/status/${row.id}/download?s=${req.query.s as string}`, until: until! } : null,
          downloadByEmail: available && !here ? until : null,
          downloadExpired: type === "access" && row.status === "completed" && !available,
        },
        `${page.pathPrefix}/privacy?locale=${encodeURIComponent(resolveLocale(row.locale))}`,
      ),
    );
  });

  router.get("/privacy/status/:id/download", async (req, res) => {
    const { proxy } = contextOf(res);
    // The e-mailed download link (d), or the status link (s) for the signed-in customer the request is about.
    const byEmail = req.query.d !== undefined ? await requestOfLink(proxy.shop, req.params.id, req.query.d, validDownloadSignature) : null;
    const byStatus = byEmail ? null : await requestOfLink(proxy.shop, req.params.id, req.query.s);
    const row = byEmail ?? (byStatus && isRequestCustomer(proxy, byStatus.customerIdentity, byStatus.id) ? byStatus : null);
    const exported = row && (await deps.prisma.dataExport.findUnique({ where: { requestId: row.id } }));
    const until = exported && (exported.downloadUntil ?? downloadUntilOf(exported.createdAt));
    if (!row || !exported || exported.format !== "zip" || !until || until <= new Date()) {
      res.status(404).type("text/plain").send("This download is not available.");
      return;
    }
    const zip = Buffer.from(deps.keyring.decrypt(exported.content, `export:${row.id}`), "base64");
    await audit(deps.prisma, { shopDomain: proxy.shop, requestId: row.id, action: "export_downloaded", detail: { by: "shopper", bytes: zip.length } });
    res
      .status(200)
      .type("application/zip")
      .set("Content-Disposition", `attachment; filename="privacy-data-${row.receivedAt.toISOString().slice(0, 10)}.zip"`)
      .set("Cache-Control", "no-store")
      .send(zip);
  });

  return router;
}
