import type { Db } from "../../db/database.js";
import type { JobKind } from "../../jobs/worker.js";
import type { Keyring } from "../../security/encryption.js";
import { receiptsOfCustomer } from "../../consent/receipts.js";
import { customerIdOf } from "../payloads.js";
import { DAY } from "../deadlines.js";
import { EXPORT_DAYS } from "../../data-inventory/data-inventory.js";
import { requestLifecycle } from "../request-lifecycle.js";
import { loadRequest } from "./load-request.js";

/**
 * customers/data_request: compiles everything this app holds about the customer in the shop into a
 * JSON export for the merchant (encrypted at rest, listed in the admin, deleted after 30 days).
 * Idempotent: a rerun after a crash rewrites the same export.
 */
export function dataRequestJob(prisma: Db, keyring: Keyring): JobKind<{ receipts: number }> {
  return {
    ...requestLifecycle,
    async run(job) {
      const { request, payload } = await loadRequest(prisma, keyring, job, "customers/data_request");
      const customerId = customerIdOf(payload);
      const receipts = customerId ? await receiptsOfCustomer(prisma, job.shopDomain, customerId) : [];
      const generatedAt = new Date();
      const document = {
        format: "consent-compliance.data-export/1",
        shop: job.shopDomain,
        generatedAt: generatedAt.toISOString(),
        request: {
          receivedAt: request.receivedAt.toISOString(),
          shopifyDataRequestId: payload.data_request?.id ?? null,
          ordersRequested: payload.orders_requested ?? [],
        },
        customer: { shopifyCustomerId: customerId ?? null },
        consentReceipts: receipts,
        notes: [
          "This app keeps consent receipts only. It stores no names, email addresses, phone numbers, postal addresses, orders or raw IP addresses.",
          ...(customerId ? [] : ["The request named no Shopify customer id, so no consent receipt could be linked to this customer."]),
        ],
      };
      const exportRow = {
        customerRef: request.customerRef,
        content: keyring.encrypt(JSON.stringify(document, null, 2), `export:${request.id}`),
        recordCount: receipts.length,
        expiresAt: new Date(generatedAt.getTime() + EXPORT_DAYS * DAY),
      };
      await prisma.dataExport.upsert({
        where: { requestId: request.id },
        create: { shopDomain: job.shopDomain, requestId: request.id, ...exportRow },
        update: exportRow,
      });
      return { receipts: receipts.length };
    },
  };
}
