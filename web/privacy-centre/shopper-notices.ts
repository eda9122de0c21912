import type { Db } from "../db/database.js";
import { audit } from "../audit/audit-trail.js";
import { openIdentity } from "../compliance/customer-identity.js";
import type { Logger } from "../logging/logger.js";
import { renderEmail } from "../mail/email-layout.js";
import type { Mailer } from "../mail/mailer.js";
import type { Keyring } from "../security/encryption.js";
import type { ShopifyApp } from "../shopify/create-shopify.js";
import { customerContact } from "../shopify/customer-privacy-api.js";
import { typeOfTopic, type ShopperEvent, type ShopperNotifier, type ShopperRequestType } from "./request-types.js";
import { openDetails } from "./shopper-details.js";
import { downloadSignature, statusSignature } from "./shopper-requests.js";
import { shopName } from "./shop-facts.js";
import { statusPath, storefrontLink } from "./storefront-links.js";
import { textsFor, type PrivacyTextKey } from "./texts.js";

export interface NoticeDeps {
  prisma: Db;
  keyring: Keyring;
  shopify: ShopifyApp;
  mailer: Mailer;
  logger: Logger;
}

/** Each event's subject and body keys. */
const MESSAGES: Record<ShopperEvent, { subject: PrivacyTextKey; body: PrivacyTextKey }> = {
  received: { subject: "mail_received_subject", body: "mail_received_body" },
  extended: { subject: "mail_extended_subject", body: "mail_extended_body" },
  declined: { subject: "mail_declined_subject", body: "mail_declined_body" },
  completed: { subject: "mail_completed_subject", body: "mail_completed_body" },
  erasure_scheduled: { subject: "mail_erasure_scheduled_subject", body: "mail_erasure_scheduled_body" },
  erasure_held: { subject: "mail_erasure_held_subject", body: "mail_erasure_held_body" },
  erasure_cancelled: { subject: "mail_erasure_cancelled_subject", body: "mail_erasure_cancelled_body" },
};

/** The confirmation e-mail of a guest's request: the single-use link, in the shopper's language. Throws MailUnavailableError. */
export async function sendConfirmation(
  deps: Pick<NoticeDeps, "shopify" | "mailer">,
  message: { shop: string; to: string; locale: string; type: ShopperRequestType; link: string },
): Promise<void> {
  const name = await shopName(deps.shopify, message.shop);
  const texts = textsFor(message.locale);
  const content = renderEmail({
    lang: texts.locale,
    dir: texts.dir,
    heading: texts.t("verify_title"),
    paragraphs: [texts.t("mail_verify_body", { shop: name, request: texts.type(message.type) }), texts.t("mail_verify_ignore")],
    action: { label: texts.t("mail_verify_action"), url: message.link },
    footer: texts.t("mail_footer", { shop: name }),
  });
  await deps.mailer.send({ to: message.to, subject: texts.t("mail_verify_subject", { shop: name }), fromName: name, ...content });
}

/**
 * The e-mails that tell shoppers what happened to their request, in their language, with their status
 * link: to the guest's address, or to the signed-in customer's (read from Shopify when it is needed, never
 * kept). A message that cannot be sent is noted in the audit trail (the status page still says it all).
 */
export function shopperNotices(deps: NoticeDeps): ShopperNotifier {
  return {
    async notify(shop, requestId, event) {
      try {
        const request = await deps.prisma.complianceRequest.findFirst({
          where: { id: requestId, shopDomain: shop, source: "shopper" },
          select: { id: true, topic: true, locale: true, dueAt: true, details: true, customerIdentity: true, decisionReason: true, extensionReason: true },
        });
        const type = request && typeOfTopic(request.topic);
        const details = request && openDetails(deps.keyring, request.id, request.details);
        if (!request || !type || !details) return;
        const identity = openIdentity(deps.keyring, request.id, request.customerIdentity);
        const to = details.email ?? (identity ? ((await customerContact(deps.shopify, shop, identity.customerId))?.email ?? null) : null);
        if (!deps.mailer.available || !to) {
          await audit(deps.prisma, { shopDomain: shop, requestId, action: "notice_failed", detail: { event, reason: to ? "no mail server" : "no address" } });
          return;
        }
        const name = await shopName(deps.shopify, shop);
        const texts = textsFor(request.locale);
        const values = {
          shop: name,
          request: texts.type(type),
          date: texts.date(request.dueAt),
          reason: (event === "declined" || event === "erasure_cancelled" ? request.decisionReason : request.extensionReason) ?? "",
        };
        const link = storefrontLink(details.storefront, statusPath(request.id, statusSignature(deps.keyring, shop, request.id)));
        const { subject, body } = MESSAGES[event];
        // A copy that is ready: its download link goes in this e-mail only (the status page, which theme
        // scripts may see, does not open it for guests).
        const copy =
          event === "completed" && type === "access"
            ? await deps.prisma.dataExport.findUnique({ where: { requestId: request.id }, select: { format: true, downloadUntil: true } })
            : null;
        const download =
          copy?.format === "zip" && copy.downloadUntil
            ? {
                url: storefrontLink(
                  details.storefront,
                  `/privacy/status/${encodeURIComponent(request.id)}/download?d=${downloadSignature(deps.keyring, shop, request.id)}`,
                ),
                until: copy.downloadUntil,
              }
            : null;
        const content = renderEmail({
          lang: texts.locale,
          dir: texts.dir,
          heading: texts.t(subject, values),
          paragraphs: [
            texts.t(body, values),
            ...(event === "erasure_cancelled" && values.reason ? [texts.t("declined_reason", values)] : []),
            ...(download ? [texts.t("download_until", { date: texts.date(download.until) }), `${texts.t("mail_status_action")}: ${link}`] : []),
          ],
          action: download ? { label: texts.t("download"), url: download.url } : { label: texts.t("mail_status_action"), url: link },
          footer: texts.t("mail_footer", { shop: name }),
        });
        await deps.mailer.send({ to, subject: texts.t(subject, values), fromName: name, ...content });
        await audit(deps.prisma, { shopDomain: shop, requestId, action: "notice_sent", detail: { event } });
      } catch (error) {
        deps.logger.warn({ reason: (error as Error).name, event, requestId }, "a shopper's notice was not sent");
        await audit(deps.prisma, { shopDomain: shop, requestId, action: "notice_failed", detail: { event, reason: (error as Error).name } }).catch(() => {});
      }
    },
  };
}
