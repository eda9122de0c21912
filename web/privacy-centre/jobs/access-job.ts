import { DAY } from "../../config/time.js";
import { EXPORT_DAYS } from "../../data-inventory/data-inventory.js";
import { customerRefOf } from "../../compliance/customer-ref.js";
import { customerDataForExport } from "../../shopify/customer-privacy-api.js";
import { accessDenied } from "./merchant-steps.js";
import { assemblePack, packZip } from "./evidence-pack.js";
import { customerOfRequest } from "./request-customer.js";
import { shopperJob, type ShopperJobDeps } from "./shopper-job.js";
import { downloadUntilOf } from "../shopper-requests.js";

/** The shopper downloads their copy from the status link this long; the row itself goes after EXPORT_DAYS. */

/**
 * shopper/access: the evidence pack (what Shopify holds about the customer, and what this app holds) as a
 * ZIP, encrypted at rest in DataExport (format zip), downloadable for 7 days and deleted after 30. A guest
 * whose e-mail matches no customer gets a pack that says so. Rewritten whole on a rerun.
 */
export function accessJob(deps: ShopperJobDeps) {
  const { prisma, keyring, shopify } = deps;
  return shopperJob(
    deps,
    "access",
    async (request) => {
      const customerId = await customerOfRequest(shopify, request);
      const fromShopify = customerId ? await customerDataForExport(shopify, request.shopDomain, customerId) : null;
      const generatedAt = new Date();
      const pack = await assemblePack(prisma, keyring, request, customerId, fromShopify, generatedAt);
      const zip = packZip(pack);
      const row = {
        customerRef: customerId ? customerRefOf(keyring, request.shopDomain, customerId) : null,
        format: "zip",
        content: keyring.encrypt(Buffer.from(zip).toString("base64"), `export:${request.id}`),
        recordCount: pack.consentReceipts.length + pack.shopify.orders.length,
        createdAt: generatedAt,
        downloadUntil: downloadUntilOf(generatedAt),
        expiresAt: new Date(generatedAt.getTime() + EXPORT_DAYS * DAY),
      };
      return {
        status: "completed",
        customerId,
        outcome: {
          customerFound: Boolean(fromShopify),
          orders: pack.shopify.orders.length,
          receipts: pack.consentReceipts.length,
          earlierRequests: pack.earlierRequests.length,
          bytes: zip.byteLength,
        },
        alsoWrite: (tx) =>
          tx.dataExport.upsert({
            where: { requestId: request.id },
            create: { shopDomain: request.shopDomain, requestId: request.id, ...row },
            update: row,
          }),
      };
    },
    accessDenied,
  );
}
