import { DAY } from "../../config/time.js";
import { customerRefsOf } from "../../compliance/customer-ref.js";
import { customerRedactPlan } from "../../data-inventory/erasure-plan.js";
import { runErasureSteps } from "../../data-inventory/run-erasure.js";
import { AdminApiError } from "../../shopify/admin-graphql.js";
import { customerContact, lastOrderAt, requestCustomerErasure } from "../../shopify/customer-privacy-api.js";
import { sealDetails } from "../shopper-details.js";
import type { ShopifyErasureState } from "../request-types.js";
import { deletionDenied, deletionRefused } from "./merchant-steps.js";
import { customerOfRequest } from "./request-customer.js";
import { shopperJob, type Resolution, type ShopperJobDeps } from "./shopper-job.js";

/** Shopify holds an erasure while the customer has an order this recent. */
export const ERASURE_HOLD_DAYS = 180;

const NO_CUSTOMER_NOTE =
  "No Shopify customer has the e-mail address the shopper confirmed, and this app keeps nothing by e-mail address: there was nothing to erase.";
const NO_SHOPIFY_CUSTOMER_NOTE =
  "Shopify has no such customer (already erased or deleted), so no customers/redact will come: the app's own data about them was erased at once.";

/**
 * shopper/deletion. A customer: Shopify's customerRequestDataErasure, then the request waits for Shopify
 * (scheduled, or held by an order in the last 180 days) until its customers/redact arrives and completes
 * it (web/compliance/jobs/customer-redact.ts links the two). No customer record at Shopify: the app's own
 * data about them is erased at once, as customers/redact would, and the request completes with the counts.
 * A refusal, or a permission the shop has not granted, leaves the request with the merchant.
 */
export function deletionJob(deps: ShopperJobDeps) {
  const { keyring, shopify, batchSize } = deps;
  return shopperJob(
    deps,
    "deletion",
    async (request, context): Promise<Resolution> => {
      const shop = request.shopDomain;
      const customerId = await customerOfRequest(shopify, request);
      if (!customerId) return { status: "completed", outcome: { customerFound: false, receipts: 0, exports: 0 }, note: NO_CUSTOMER_NOTE };

      // Once Shopify has erased the customer, their e-mail address is gone from Shopify too: a signed-in
      // customer's is kept (encrypted, with the request's details) to tell them the erasure is done.
      if (request.details && !request.details.email) {
        // Only a permission not granted is passed over (then there is no address to keep); Shopify failing retries.
        const email = (
          await customerContact(shopify, shop, customerId).catch((error: unknown) => {
            if (error instanceof AdminApiError && error.kind === "access_denied") return null;
            throw error;
          })
        )?.email;
        if (email) {
          await deps.prisma.complianceRequest.update({
            where: { id: request.id },
            data: { details: sealDetails(keyring, request.id, { ...request.details, email }) },
          });
        }
      }
      const answer = await requestCustomerErasure(shopify, shop, customerId);
      if (!answer.ok && answer.code === "DOES_NOT_EXIST") {
        await runErasureSteps(
          context,
          customerRedactPlan(shop, { customerId, customerRefs: customerRefsOf(keyring, shop, customerId) }, request.id),
          batchSize,
        );
        return {
          status: "completed",
          customerId,
          outcome: { customerFound: false, receipts: context.progress.receipts ?? 0, exports: context.progress.exports ?? 0 },
          note: NO_SHOPIFY_CUSTOMER_NOTE,
        };
      }
      if (!answer.ok)
        return {
          status: "awaiting_merchant",
          customerId,
          failure: deletionRefused(answer.code, answer.message),
          outcome: { customerFound: true, code: answer.code },
        };

      const shopifyState = await erasureState(deps, shop, customerId);
      return { status: "waiting_shopify", customerId, shopifyState, outcome: { customerFound: true, shopifyState } };
    },
    deletionDenied,
  );
}

/**
 * What Shopify does with the erasure it accepted: held while the customer has an order in the last 180
 * days, else scheduled (its 10-day waiting period). "requested" when the last order cannot be read.
 */
async function erasureState({ shopify }: ShopperJobDeps, shop: string, customerId: string): Promise<ShopifyErasureState> {
  try {
    const last = await lastOrderAt(shopify, shop, customerId);
    return last && Date.now() - last.getTime() < ERASURE_HOLD_DAYS * DAY ? "held" : "scheduled";
  } catch {
    // Shopify accepted the erasure: a failed read of the last order must not ask for it again on a retry.
    return "requested";
  }
}
