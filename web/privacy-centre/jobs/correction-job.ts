import { updateCustomerContact, type ContactChange } from "../../shopify/customer-privacy-api.js";
import type { CorrectionRequest } from "../request-types.js";
import { CORRECTION_ADDRESS, CORRECTION_NO_CUSTOMER, CORRECTION_TASK, correctionDenied, correctionRefused } from "./merchant-steps.js";
import { customerOfRequest } from "./request-customer.js";
import { shopperJob, type Resolution, type ShopperJobDeps } from "./shopper-job.js";

/** A name, e-mail or phone correction as Shopify's customerUpdate takes it; null for an address (typed freely: a person fits it into fields). */
function changeOf(correction: CorrectionRequest): ContactChange | null {
  if (correction.field === "address") return null;
  return { [correction.field]: correction.value.trim() || null };
}

/**
 * shopper/correction: carried out by the app only where the shop applies corrections automatically
 * (Shop.autoCorrection) or the merchant approved this one, the customer is found, and the change is a
 * name, e-mail or phone: written with Shopify's customerUpdate, then done. Otherwise the request becomes
 * the merchant's task (awaiting_merchant): the admin shows the requested change beside the current value.
 */
export function correctionJob(deps: ShopperJobDeps) {
  const { prisma, shopify } = deps;
  return shopperJob(
    deps,
    "correction",
    async (request): Promise<Resolution> => {
      const correction = request.details?.correction;
      const field = correction?.field ?? null;
      const shop = await prisma.shop.findUnique({ where: { domain: request.shopDomain }, select: { autoCorrection: true } });
      const automatic = Boolean(shop?.autoCorrection) || request.decision === "approved";
      if (!correction || !automatic) return { status: "awaiting_merchant", failure: CORRECTION_TASK, outcome: { field, applied: false } };
      const change = changeOf(correction);
      if (!change) return { status: "awaiting_merchant", failure: CORRECTION_ADDRESS, outcome: { field, applied: false } };
      const customerId = await customerOfRequest(shopify, request);
      if (!customerId) return { status: "awaiting_merchant", failure: CORRECTION_NO_CUSTOMER, outcome: { field, applied: false, customerFound: false } };
      const answer = await updateCustomerContact(shopify, request.shopDomain, customerId, change);
      if (!answer.ok)
        return {
          status: "awaiting_merchant",
          customerId,
          failure: correctionRefused(answer.code, answer.message),
          outcome: { field, applied: false, code: answer.code },
        };
      return { status: "completed", customerId, outcome: { field, applied: true } };
    },
    correctionDenied,
  );
}
