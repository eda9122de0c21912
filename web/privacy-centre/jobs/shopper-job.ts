import type { Db, Tx } from "../../db/database.js";
import { audit } from "../../audit/audit-trail.js";
import { sealIdentity } from "../../compliance/customer-identity.js";
import { customerRefOf } from "../../compliance/customer-ref.js";
import { completeRequest, requestLifecycle, type Outcome } from "../../compliance/request-lifecycle.js";
import { OPEN_STATUSES, RequestStatus } from "../../compliance/request-status.js";
import type { ClaimedJob } from "../../jobs/queue.js";
import type { JobContext, JobKind } from "../../jobs/worker.js";
import type { Keyring } from "../../security/encryption.js";
import { AdminApiError } from "../../shopify/admin-graphql.js";
import type { ShopifyApp } from "../../shopify/create-shopify.js";
import type { ShopifyErasureState, ShopperEvent, ShopperNotifier, ShopperRequestType } from "../request-types.js";
import { loadShopperRequest, type ShopperRequest } from "./request-customer.js";

export interface ShopperJobDeps {
  prisma: Db;
  keyring: Keyring;
  shopify: ShopifyApp;
  notifier: ShopperNotifier;
  /** Rows a batched erasure step deletes at a time (the app's own data of a guest's deletion). */
  batchSize: number;
}

/**
 * Where a shopper's request stands once its job has done what it can: done; waiting for Shopify (a
 * deletion in its waiting period, or held); or waiting for the merchant, with the next step they take.
 * `customerId`: the customer found for a guest by their e-mail address, linked to the request.
 */
export type Resolution = { customerId?: string | null } & (
  | { status: "completed"; outcome: Outcome; note?: string; alsoWrite?: (tx: Tx, request: ShopperRequest) => Promise<unknown> }
  | { status: "waiting_shopify"; shopifyState: ShopifyErasureState; outcome: Outcome }
  | { status: "awaiting_merchant"; failure: string; outcome: Outcome }
);

/** What a kind does with its request; it may run erasure steps through `context`. Throws to retry. */
export type ShopperWork = (request: ShopperRequest, context: JobContext) => Promise<Resolution>;

/** What the merchant is told when Shopify refuses for want of access (a scope not granted, no session). */
export type MerchantStepOnDenial = (error: AdminApiError) => string;

/**
 * The shopper's e-mail for a request where it stands: none while it waits for the merchant, nor for a
 * deletion Shopify's customers/redact completed meanwhile (that job tells the shopper).
 */
function eventOf(request: { status: string; shopifyState: string | null }): ShopperEvent | null {
  if (request.status === RequestStatus.completed) return request.shopifyState === "erased" ? null : "completed";
  if (request.status === RequestStatus.waiting_shopify) return request.shopifyState === "held" ? "erasure_held" : "erasure_scheduled";
  return null;
}

/** The request's job may run: not closed, not an unverified guest's. */
const RUNNABLE = new Set<string>(OPEN_STATUSES);

/**
 * A shopper request's job: the request moves to processing, the kind's work runs (Shopify's calls, the
 * evidence pack, an erasure), and its resolution is written in one step with the request's audit line
 * (committed with the job's progress). The shopper is told after that commit, once: a rerun after a crash
 * skips what was committed and only sends a notice not yet sent. A scope not granted, or no session, leaves
 * the request with the merchant (awaiting_merchant, the next step in `failure`), never done; other errors
 * retry with backoff and finally fail the request (requestLifecycle).
 */
export function shopperJob(deps: ShopperJobDeps, type: ShopperRequestType, work: ShopperWork, onDenial: MerchantStepOnDenial): JobKind<Outcome> {
  const { prisma, keyring, notifier } = deps;
  return {
    ...requestLifecycle,
    // A job that gives up fails only a request it was still carrying out: one that customers/redact (or the
    // merchant) closed meanwhile stays as it is.
    async failed(tx, job, reason) {
      const { count } = await tx.complianceRequest.updateMany({
        where: { id: job.requestId ?? "", shopDomain: job.shopDomain, status: { in: [RequestStatus.received, RequestStatus.processing] } },
        data: { status: RequestStatus.failed, failure: reason },
      });
      await audit(tx, {
        shopDomain: job.shopDomain,
        requestId: job.requestId,
        action: "failed",
        detail: { attempts: job.attempts, reason, requestLeft: count === 0 },
      });
    },
    async started(db, job, workerId) {
      // A rerun after the resolution committed leaves the request where it stands.
      if (job.progress.resolved) return;
      await db.$transaction(async (tx) => {
        const { count } = await tx.complianceRequest.updateMany({
          where: { id: job.requestId ?? "", shopDomain: job.shopDomain, source: "shopper", status: { in: [...RUNNABLE] } },
          data: { status: RequestStatus.processing },
        });
        if (count)
          await audit(tx, {
            shopDomain: job.shopDomain,
            requestId: job.requestId,
            action: "started",
            detail: { type, attempt: job.attempts, worker: workerId },
          });
      });
    },
    async run(job, context) {
      if (!context.progress.resolved) {
        const request = await loadShopperRequest(prisma, keyring, job);
        if (!request || !RUNNABLE.has(request.status)) return { skipped: request?.status ?? "missing" };
        const resolution = await work(request, context).catch((error: unknown) => {
          if (error instanceof AdminApiError && (error.kind === "access_denied" || error.kind === "no_session")) {
            return { status: "awaiting_merchant", failure: onDenial(error), outcome: { reason: error.kind } } satisfies Resolution;
          }
          throw error;
        });
        await context.step(async (tx) => {
          await resolve(tx, keyring, job, request, resolution);
          return { resolved: 1 };
        });
      }
      if (!context.progress.notified) {
        const request = await prisma.complianceRequest.findFirst({
          where: { id: job.requestId ?? "", shopDomain: job.shopDomain },
          select: { status: true, shopifyState: true },
        });
        const event = request && eventOf(request);
        if (event) await notifier.notify(job.shopDomain, job.requestId ?? "", event);
        await context.step(async () => ({ notified: 1 }));
      }
      return {};
    },
    // The request's state was committed by run's resolution step; the job is only marked done.
    async completed() {},
  };
}

/**
 * Writes a resolution: the request's status, outcome (counts, no personal data) and audit line; a guest's
 * customer linked. Only while the request is still processing (a compare-and-set that also holds its row):
 * Shopify's customers/redact may have completed a deletion while its job waited for Shopify's answers.
 */
async function resolve(tx: Tx, keyring: Keyring, job: ClaimedJob, request: ShopperRequest, resolution: Resolution): Promise<void> {
  const where = { id: request.id, shopDomain: request.shopDomain };
  const { count } = await tx.complianceRequest.updateMany({
    where: { ...where, status: RequestStatus.processing },
    data: { status: RequestStatus.processing },
  });
  if (!count) return;
  const customerLinked = Boolean(resolution.customerId && !request.identity);
  if (customerLinked) {
    await tx.complianceRequest.update({
      where,
      data: {
        customerRef: customerRefOf(keyring, request.shopDomain, resolution.customerId!),
        customerIdentity: sealIdentity(keyring, request.id, { customerId: resolution.customerId!, orderIds: [] }),
      },
    });
  }
  const outcome = customerLinked ? { ...resolution.outcome, customerLinked } : resolution.outcome;
  switch (resolution.status) {
    case "completed":
      await resolution.alsoWrite?.(tx, request);
      await completeRequest(tx, job, outcome, resolution.note);
      return;
    case "waiting_shopify":
      await tx.complianceRequest.update({
        where,
        data: { status: RequestStatus.waiting_shopify, shopifyState: resolution.shopifyState, outcome: JSON.stringify(outcome), failure: null },
      });
      await audit(tx, {
        shopDomain: request.shopDomain,
        requestId: request.id,
        action: "erasure_requested",
        detail: { ...outcome, shopifyState: resolution.shopifyState },
      });
      return;
    case "awaiting_merchant":
      await tx.complianceRequest.update({
        where,
        data: { status: RequestStatus.awaiting_merchant, outcome: JSON.stringify(outcome), failure: resolution.failure },
      });
      await audit(tx, { shopDomain: request.shopDomain, requestId: request.id, action: "awaiting_merchant", detail: outcome });
      return;
  }
}
