import { customerContact, optOutOfDataSale } from "../../shopify/customer-privacy-api.js";
import { OPT_OUT_NO_EMAIL, optOutDenied, optOutRefused } from "./merchant-steps.js";
import { shopperJob, type Resolution, type ShopperJobDeps } from "./shopper-job.js";

/**
 * shopper/opt_out: Shopify's dataSaleOptOut with the shopper's e-mail address (a signed-in customer's as
 * Shopify holds it now; a guest's as they confirmed it), so the opt-out is on the customer record and
 * covers Shopify's own uses, not only one browser. Shopify finds the customer itself; one found is linked
 * to a guest's request. A refusal, or a permission not granted, leaves the request with the merchant.
 */
export function optOutJob(deps: ShopperJobDeps) {
  const { shopify } = deps;
  return shopperJob(
    deps,
    "opt_out",
    async (request): Promise<Resolution> => {
      const shop = request.shopDomain;
      const signedIn = request.identity?.customerId;
      const email = signedIn ? ((await customerContact(shopify, shop, signedIn))?.email ?? request.details?.email) : request.details?.email;
      if (!email) return { status: "awaiting_merchant", failure: OPT_OUT_NO_EMAIL, outcome: { customerFound: Boolean(signedIn), email: false } };
      const answer = await optOutOfDataSale(shopify, shop, email);
      if (!answer.ok) return { status: "awaiting_merchant", failure: optOutRefused(answer.code, answer.message), outcome: { code: answer.code } };
      return { status: "completed", customerId: answer.customerId, outcome: { customerFound: answer.customerId !== null } };
    },
    optOutDenied,
  );
}
