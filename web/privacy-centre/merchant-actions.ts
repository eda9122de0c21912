import type { Db } from "../db/database.js";
import { audit } from "../audit/audit-trail.js";
import { openIdentity } from "../compliance/customer-identity.js";
import type { RequestRow } from "../compliance/privacy-requests-api.js";
import { OPEN_STATUSES, RequestStatus } from "../compliance/request-status.js";
import { HttpError } from "../http/errors.js";
import { enqueueForRequest } from "../jobs/queue.js";
import type { Keyring } from "../security/encryption.js";
import { AdminApiError } from "../shopify/admin-graphql.js";
import type { ShopifyApp } from "../shopify/create-shopify.js";
import { cancelCustomerErasure, findCustomerIdByEmail, updateCustomerContact, type ContactChange } from "../shopify/customer-privacy-api.js";
import type { MerchantActions, PrivacyCentreSettings } from "./merchant-types.js";
import { typeOfTopic, type Law, type ShopperEvent, type ShopperNotifier } from "./request-types.js";
import { openDetails } from "./shopper-details.js";
import { statutoryClock, type StatutoryClock } from "./statutory-clocks.js";

/*
 * What the merchant does with shoppers' requests: approve (carry out), decline with a reason, extend the
 * deadline once where the law allows, cancel an erasure within Shopify's waiting period, resolve a
 * correction, and choose which types are carried out without approval. Each is allowed only in the
 * states listed in `actionsOf`, written as a compare-and-set (a request changed meanwhile answers 409),
 * noted in the audit trail with what was decided (no personal data), and the shopper told after the commit.
 */

export interface MerchantDeps {
  prisma: Db;
  keyring: Keyring;
  shopify: ShopifyApp;
  notifier: ShopperNotifier;
  /** Tells the job worker that work was enqueued. */
  onEnqueued: () => void;
}

/** Statuses in which a request waits on the merchant: approval, a task, or a refusal or failure to resolve. */
const WITH_MERCHANT: string[] = [RequestStatus.awaiting_merchant, RequestStatus.failed];
/** Shopify's erasure states the merchant can still cancel. */
const CANCELLABLE_ERASURE = ["requested", "scheduled", "held"];

/** A shopper's request's statutory clock, from its law, type, receipt and verification; null for Shopify's requests. */
export function clockOf(row: RequestRow): StatutoryClock | null {
  const type = typeOfTopic(row.topic);
  if (row.source !== "shopper" || !type) return null;
  return statutoryClock((row.law ?? "none") as Law, type, row.receivedAt, row.verifiedAt ?? row.receivedAt);
}

/** Whether the deadline can be extended now (once, where the law allows, while open and verified), and to when. */
export function extensionOf(row: RequestRow): { extendable: boolean; extendedDueAt: Date | null } {
  if (row.extendedAt) return { extendable: false, extendedDueAt: row.dueAt };
  const to = clockOf(row)?.extendedDueAt ?? null;
  const open = OPEN_STATUSES.includes(row.status as RequestStatus);
  // The law asks for the extension within the first period (GDPR Art. 12(3); CCPA regs. §7021(b)): not once overdue.
  const inTime = new Date() <= row.dueAt;
  return { extendable: Boolean(to && open && inTime && row.verifiedAt && to > row.dueAt), extendedDueAt: to };
}

/** What the merchant can do with a request now. Shopify's compliance requests are the app's alone: nothing. */
export function actionsOf(row: RequestRow): MerchantActions {
  const type = typeOfTopic(row.topic);
  if (row.source !== "shopper" || !type) return { approve: false, decline: false, extend: false, cancelErasure: false, correction: false, record: false };
  const withMerchant = WITH_MERCHANT.includes(row.status) && row.decision !== "declined";
  return {
    approve: withMerchant,
    decline: withMerchant,
    extend: extensionOf(row).extendable,
    cancelErasure: type === "deletion" && row.status === RequestStatus.waiting_shopify && CANCELLABLE_ERASURE.includes(row.shopifyState ?? ""),
    correction: type === "correction" && withMerchant,
    record: withMerchant,
  };
}

const NOT_NOW: Record<keyof MerchantActions, string> = {
  approve: "This request is not waiting for your approval.",
  decline: "This request can no longer be declined: it is being carried out or is closed.",
  extend: "The deadline cannot be extended: the law gives no extension here, it was extended already, or the request is closed.",
  cancelErasure: "There is no erasure waiting at Shopify to cancel.",
  correction: "This request has no correction waiting for you.",
  record: "This request is not waiting for you.",
};

/** The shop's request, allowed to take `action` now: 404 for none (or another shop's), 409 when not allowed. */
async function requestFor(prisma: Db, shop: string, id: string, action: keyof MerchantActions): Promise<RequestRow> {
  const row = await prisma.complianceRequest.findFirst({ where: { id, shopDomain: shop } });
  if (!row) throw new HttpError(404, "no such request");
  if (row.source !== "shopper") throw new HttpError(409, "Shopify's compliance requests are carried out by the app; there is nothing to decide.");
  if (!actionsOf(row)[action]) throw new HttpError(409, NOT_NOW[action]);
  return row;
}

const CHANGED = () => new HttpError(409, "The request changed meanwhile: reload it and try again.");

/** Tells the shopper, after the commit; the notifier never throws (its failures are in the audit trail). */
const tell = (deps: MerchantDeps, shop: string, id: string, event: ShopperEvent) => void deps.notifier.notify(shop, id, event).catch(() => {});

/** An Admin API refusal as the merchant reads it: a permission to grant (403), or Shopify's failure (502). */
function adminFailure(error: unknown): never {
  if (error instanceof AdminApiError) throw new HttpError(error.kind === "access_denied" || error.kind === "no_session" ? 403 : 502, error.message);
  throw error;
}

/** Approve: the request goes to the worker (its job kind is its topic), from the start. Also "carry out again" after a refusal. */
export async function approveRequest(deps: MerchantDeps, shop: string, id: string): Promise<void> {
  const row = await requestFor(deps.prisma, shop, id, "approve");
  const now = new Date();
  await deps.prisma.$transaction(async (tx) => {
    const { count } = await tx.complianceRequest.updateMany({
      where: { id, shopDomain: shop, status: row.status, decision: row.decision },
      data: { status: RequestStatus.received, decision: "approved", decidedAt: now, failure: null },
    });
    if (count !== 1) throw CHANGED();
    await enqueueForRequest(tx, { shopDomain: shop, kind: row.topic, requestId: id });
    await audit(tx, { shopDomain: shop, requestId: id, action: "approved", detail: { type: typeOfTopic(row.topic), again: row.decision === "approved" } });
  });
  deps.onEnqueued();
}

/** Decline with the reason the shopper sees (e.g. a legal duty to keep invoices): closed now. */
export async function declineRequest(deps: MerchantDeps, shop: string, id: string, reason: string): Promise<void> {
  const row = await requestFor(deps.prisma, shop, id, "decline");
  const now = new Date();
  await deps.prisma.$transaction(async (tx) => {
    const { count } = await tx.complianceRequest.updateMany({
      where: { id, shopDomain: shop, status: row.status, decision: row.decision },
      data: { status: RequestStatus.declined, decision: "declined", decisionReason: reason, decidedAt: now, completedAt: now, failure: null },
    });
    if (count !== 1) throw CHANGED();
    await audit(tx, { shopDomain: shop, requestId: id, action: "declined", detail: { type: typeOfTopic(row.topic), late: now > row.dueAt } });
  });
  tell(deps, shop, id, "declined");
}

/** Extend the deadline, once, to the latest the law allows, with the reason the shopper is told. */
export async function extendRequest(deps: MerchantDeps, shop: string, id: string, reason: string): Promise<void> {
  const row = await requestFor(deps.prisma, shop, id, "extend");
  const to = extensionOf(row).extendedDueAt!;
  const now = new Date();
  await deps.prisma.$transaction(async (tx) => {
    const { count } = await tx.complianceRequest.updateMany({
      where: { id, shopDomain: shop, extendedAt: null, status: { in: OPEN_STATUSES }, dueAt: { gte: now } },
      data: { dueAt: to, extendedAt: now, extensionReason: reason },
    });
    if (count !== 1) throw CHANGED();
    await audit(tx, { shopDomain: shop, requestId: id, action: "extended", detail: { law: row.law, from: row.dueAt.toISOString(), to: to.toISOString() } });
  });
  tell(deps, shop, id, "extended");
}

/** Cancel the erasure within Shopify's waiting period: Shopify's refusal (its userErrors) is answered as it said it (422). */
export async function cancelErasure(deps: MerchantDeps, shop: string, id: string, reason: string): Promise<void> {
  const row = await requestFor(deps.prisma, shop, id, "cancelErasure");
  const customerId = openIdentity(deps.keyring, id, row.customerIdentity)?.customerId;
  if (!customerId) throw new HttpError(409, "This request names no Shopify customer: cancel the erasure on the customer in your Shopify admin.");
  const answer = await cancelCustomerErasure(deps.shopify, shop, customerId).catch(adminFailure);
  if (!answer.ok) {
    await audit(deps.prisma, { shopDomain: shop, requestId: id, action: "erasure_cancel_refused", detail: { code: answer.code } });
    throw new HttpError(422, `Shopify did not cancel the erasure: ${answer.message}`, { code: answer.code });
  }
  const now = new Date();
  await deps.prisma.$transaction(async (tx) => {
    const { count } = await tx.complianceRequest.updateMany({
      where: { id, shopDomain: shop, status: RequestStatus.waiting_shopify },
      data: {
        status: RequestStatus.cancelled,
        shopifyState: "cancelled",
        completedAt: now,
        outcome: JSON.stringify({ erasureCancelled: true }),
        decision: "declined",
        decisionReason: reason,
        decidedAt: now,
      },
    });
    if (count !== 1) throw CHANGED();
    await audit(tx, { shopDomain: shop, requestId: id, action: "erasure_cancelled", detail: { previousState: row.shopifyState } });
  });
  tell(deps, shop, id, "erasure_cancelled");
}

/** The customer a shopper's request is about: the signed-in customer, or the customer with the guest's confirmed e-mail. */
async function customerOf(deps: MerchantDeps, row: RequestRow): Promise<string | null> {
  const identity = openIdentity(deps.keyring, row.id, row.customerIdentity);
  if (identity) return identity.customerId;
  const email = openDetails(deps.keyring, row.id, row.details)?.email;
  return email ? findCustomerIdByEmail(deps.shopify, row.shopDomain, email) : null;
}

export type CorrectionResolution = { apply: ContactChange } | { recorded: string };

/**
 * A request the merchant resolves: a correction applied through the Admin API (name, e-mail, phone,
 * default address), or, for any request waiting for them (an opt-out Shopify refused, an erasure they made
 * in Shopify's admin), what they did recorded in their words (kept as the decision's reason). Then completed.
 */
export async function resolveByMerchant(
  deps: MerchantDeps,
  shop: string,
  id: string,
  resolution: CorrectionResolution,
  as: "correction" | "record" = "correction",
): Promise<void> {
  const row = await requestFor(deps.prisma, shop, id, as);
  const isCorrection = row.topic === "shopper/correction";
  const requested = openDetails(deps.keyring, id, row.details)?.correction?.field ?? null;
  let outcome: Record<string, unknown>;
  let note: string | null = null;
  if ("apply" in resolution) {
    const fields = Object.keys(resolution.apply);
    const customerId = await customerOf(deps, row).catch(adminFailure);
    if (!customerId) throw new HttpError(409, "No Shopify customer matches this request: correct the record in your Shopify admin and record what you did.");
    const answer = await updateCustomerContact(deps.shopify, shop, customerId, resolution.apply).catch(adminFailure);
    if (!answer.ok) {
      await audit(deps.prisma, { shopDomain: shop, requestId: id, action: "correction_refused", detail: { code: answer.code, fields } });
      throw new HttpError(422, `Shopify did not accept the correction: ${answer.message}`, { code: answer.code });
    }
    outcome = { field: requested, applied: true, fields };
  } else {
    note = resolution.recorded;
    outcome = isCorrection ? { field: requested, applied: false, recorded: true } : { recorded: true };
  }
  const now = new Date();
  await deps.prisma.$transaction(async (tx) => {
    const { count } = await tx.complianceRequest.updateMany({
      where: { id, shopDomain: shop, status: row.status },
      data: {
        status: RequestStatus.completed,
        completedAt: now,
        outcome: JSON.stringify(outcome),
        failure: null,
        decision: "approved",
        decidedAt: now,
        ...(note === null ? {} : { decisionReason: note }),
      },
    });
    if (count !== 1) throw CHANGED();
    await audit(tx, {
      shopDomain: shop,
      requestId: id,
      action: "apply" in resolution ? "correction_applied" : isCorrection ? "correction_recorded" : "resolved_by_merchant",
      detail: { ...outcome, late: now > row.dueAt },
    });
  });
  tell(deps, shop, id, "completed");
}

/** Shop.auto*'s defaults (prisma/models.prisma), for a shop without a row yet. */
const DEFAULT_SETTINGS: PrivacyCentreSettings = { autoAccess: true, autoDeletion: true, autoOptOut: true, autoCorrection: false };
const SETTINGS_COLUMNS = { autoAccess: true, autoDeletion: true, autoOptOut: true, autoCorrection: true } as const;

export async function privacyCentreSettings(prisma: Db, shop: string): Promise<PrivacyCentreSettings> {
  return (await prisma.shop.findUnique({ where: { domain: shop }, select: SETTINGS_COLUMNS })) ?? DEFAULT_SETTINGS;
}

/** Which verified requests are carried out without approval, per type; the change in the audit trail. */
export async function savePrivacyCentreSettings(prisma: Db, shop: string, settings: PrivacyCentreSettings): Promise<PrivacyCentreSettings> {
  return prisma.$transaction(async (tx) => {
    const saved = await tx.shop.upsert({ where: { domain: shop }, create: { domain: shop, ...settings }, update: settings, select: SETTINGS_COLUMNS });
    await audit(tx, { shopDomain: shop, action: "privacy_settings_saved", detail: { ...saved } });
    return saved;
  });
}
