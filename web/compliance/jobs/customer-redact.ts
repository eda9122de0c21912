import type { Db } from "../../db/database.js";
import type { JobKind } from "../../jobs/worker.js";
import type { Keyring } from "../../security/encryption.js";
import { deleteReceiptsInBatches } from "../../consent/receipts.js";
import { customerIdOf } from "../payloads.js";
import { loadRequest } from "./load-request.js";

/**
 * customers/redact: erases the customer's personal data in the shop: their consent receipts (in
 * batches, through the shop+customer index) and any data export made for them. What stays as proof
 * is the request's outcome: counts and the customer's keyed pseudonym, no personal data.
 */
export function customerRedactJob(prisma: Db, keyring: Keyring, batchSize: number): Pick<JobKind<Record<string, number | boolean>>, "run"> {
  return {
    async run(job, context) {
      const { request, payload } = await loadRequest(prisma, keyring, job, "customers/redact");
      const customerId = customerIdOf(payload);
      const receipts = customerId
        ? await deleteReceiptsInBatches(prisma, { shopDomain: job.shopDomain, customerId }, batchSize, context.checkpoint)
        : 0;
      const exports = request.customerRef
        ? (await prisma.dataExport.deleteMany({ where: { shopDomain: job.shopDomain, customerRef: request.customerRef } })).count
        : 0;
      return { receipts, exports, customerIdPresent: Boolean(customerId) };
    },
  };
}
