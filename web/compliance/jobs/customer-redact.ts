import type { Db, Tx } from "../../db/database.js";
import { audit } from "../../audit/audit-trail.js";
import { customerRedactPlan, type ErasureStep } from "../../data-inventory/erasure-plan.js";
import { runErasureSteps } from "../../data-inventory/run-erasure.js";
import type { JobContext, JobKind } from "../../jobs/worker.js";
import type { Keyring } from "../../security/encryption.js";
import { customerRefsOf } from "../customer-ref.js";
import { customerIdOf } from "../payloads.js";
import { completeRequest, requestLifecycle } from "../request-lifecycle.js";
import { RequestStatus } from "../request-status.js";
import { loadRequest } from "./load-request.js";

type Outcome = { receipts: number; exports: number; customerIdPresent: boolean; shopperRequestsCompleted?: number };

const NO_CUSTOMER = "The request named no customer id, so nothing this app holds could be linked to the customer; nothing was erased.";

/** Tells a shopper their deletion is done (the privacy centre's ShopperNotifier; it never throws). */
export interface ErasureNotifier {
  notify(shop: string, requestId: string, event: "completed"): Promise<void>;
}

/**
 * A shopper's deletion this erasure carries out: asked of Shopify (waiting; or processing, its job still
 * reading Shopify's answer), or left with the merchant, who erased the customer in Shopify's admin.
 */
const SHOPPER_DELETION = { source: "shopper", topic: "shopper/deletion" } as const;
const AWAITING_ERASURE = [
  RequestStatus.received,
  RequestStatus.waiting_shopify,
  RequestStatus.awaiting_merchant,
  RequestStatus.processing,
  RequestStatus.failed,
];

/**
 * customers/redact: erases the customer's personal data in the shop, table by table as the data
 * inventory says (their consent receipts, any data export made for them, whichever key made its
 * pseudonym), every delete committed with its count. What stays as proof is the request's outcome:
 * counts, no personal data. The customer's own deletion requests from the privacy centre that waited for
 * this erasure are completed with it, each linked to this request and this to them, and the shopper told.
 */
export function customerRedactJob(prisma: Db, keyring: Keyring, batchSize: number, notifier?: ErasureNotifier): JobKind<Outcome> {
  return {
    ...requestLifecycle,
    async run(job, context) {
      const { request, payload } = await loadRequest(prisma, keyring, job, "customers/redact");
      const customerId = customerIdOf(payload);
      const customerRefs = customerId ? customerRefsOf(keyring, job.shopDomain, customerId) : request.customerRef ? [request.customerRef] : [];
      const shop = job.shopDomain;
      // Linked first: the erasure then leaves what their notice needs (the address to tell), cleared once told.
      if (customerRefs.length) {
        await context.step(async (tx) => {
          const { count } = await tx.complianceRequest.updateMany({
            where: { shopDomain: shop, ...SHOPPER_DELETION, customerRef: { in: customerRefs }, status: { in: AWAITING_ERASURE }, linkedRequestId: null },
            data: { linkedRequestId: request.id },
          });
          return { shopperRequestsLinked: count };
        });
      }
      await runErasureSteps(context, sparingLinked(customerRedactPlan(shop, { customerId, customerRefs }, request.id), request.id), batchSize);
      const receipts = context.progress.receipts ?? 0;
      const exports = context.progress.exports ?? 0;

      if (context.progress.shopperRequestsLinked) await completeShopperDeletions(prisma, context, shop, request.id, { receipts, exports }, notifier);
      const completed = context.progress.shopperRequestsCompleted ?? 0;
      return { receipts, exports, customerIdPresent: Boolean(customerId), ...(completed ? { shopperRequestsCompleted: completed } : {}) };
    },
    async completed(tx, job, outcome) {
      await completeRequest(tx, job, outcome, outcome.customerIdPresent ? undefined : NO_CUSTOMER);
    },
  };
}

/** The plan, with the requests linked to this erasure left alone by its clearing of identities (this job clears them once their shopper is told). */
function sparingLinked(plan: ErasureStep[], requestId: string): ErasureStep[] {
  return plan.map((step) =>
    step.model === "ComplianceRequest" && step.clear
      ? { ...step, conditions: [...step.conditions, { column: "linkedRequestId", not: requestId, nullable: true }] }
      : step,
  );
}

/** Completes the linked shopper deletions, tells each shopper, then clears what the telling needed. */
async function completeShopperDeletions(
  prisma: Db,
  context: JobContext,
  shop: string,
  redactId: string,
  counts: { receipts: number; exports: number },
  notifier?: ErasureNotifier,
) {
  await context.step(async (tx) => ({ shopperRequestsCompleted: (await completeLinkedDeletions(tx, shop, redactId, counts)).length }));
  // Read back, not kept from the step: a rerun after a crash between the step and here still tells them.
  const toTell = await prisma.complianceRequest.findMany({
    where: { shopDomain: shop, ...SHOPPER_DELETION, linkedRequestId: redactId, status: RequestStatus.completed, details: { not: null } },
    select: { id: true },
  });
  for (const { id } of toTell) await notifier?.notify(shop, id, "completed");
  await context.step(async (tx) => {
    const { count } = await tx.complianceRequest.updateMany({
      where: { shopDomain: shop, ...SHOPPER_DELETION, linkedRequestId: redactId, status: RequestStatus.completed },
      data: { customerIdentity: null, details: null },
    });
    return { shopperRequestsCleared: count };
  });
}

/**
 * Completes the shopper deletions linked to this erasure: Shopify erased the customer (shopifyState
 * erased), the outcome holds this erasure's counts and its id, both rows name each other, and each step
 * is in the audit trail. Returns the ids completed.
 */
async function completeLinkedDeletions(tx: Tx, shop: string, redactId: string, counts: { receipts: number; exports: number }): Promise<string[]> {
  const waiting = await tx.complianceRequest.findMany({
    where: { shopDomain: shop, ...SHOPPER_DELETION, linkedRequestId: redactId, status: { in: AWAITING_ERASURE } },
    orderBy: { receivedAt: "asc" },
    select: { id: true, dueAt: true },
  });
  const completedAt = new Date();
  for (const shopper of waiting) {
    const outcome = { shopifyState: "erased", erasedBy: "customers/redact", linkedRequestId: redactId, ...counts };
    await tx.complianceRequest.update({
      where: { id: shopper.id },
      data: { status: RequestStatus.completed, completedAt, shopifyState: "erased", outcome: JSON.stringify(outcome), failure: null },
    });
    await audit(tx, { shopDomain: shop, requestId: shopper.id, action: "requests_linked", detail: { linkedRequestId: redactId, topic: "customers/redact" } });
    await audit(tx, { shopDomain: shop, requestId: shopper.id, action: "completed", detail: { ...outcome, late: completedAt > shopper.dueAt } });
    await audit(tx, { shopDomain: shop, requestId: redactId, action: "requests_linked", detail: { linkedRequestId: shopper.id, topic: "shopper/deletion" } });
  }
  if (waiting.length) await tx.complianceRequest.update({ where: { id: redactId }, data: { linkedRequestId: waiting.at(-1)!.id } });
  return waiting.map((r) => r.id);
}
