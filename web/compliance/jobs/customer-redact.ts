import type { Db } from "../../db/database.js";
import type { JobKind } from "../../jobs/worker.js";
import type { Keyring } from "../../security/encryption.js";
import { deleteReceiptBatch } from "../../consent/receipts.js";
import { customerRefsOf } from "../customer-ref.js";
import { customerIdOf } from "../payloads.js";
import { completeRequest, requestLifecycle } from "../request-lifecycle.js";
import { loadRequest } from "./load-request.js";

type Outcome = { receipts: number; exports: number; customerIdPresent: boolean };

const NO_CUSTOMER = "The request named no customer id, so nothing this app holds could be linked to the customer; nothing was erased.";

/**
 * customers/redact: erases the customer's personal data in the shop: their consent receipts (in
 * batches, each committed with the running count) and any data export made for them, whichever key
 * made its pseudonym. What stays as proof is the request's outcome: counts, no personal data.
 */
export function customerRedactJob(prisma: Db, keyring: Keyring, batchSize: number): JobKind<Outcome> {
  return {
    ...requestLifecycle,
    async run(job, context) {
      const { request, payload } = await loadRequest(prisma, keyring, job, "customers/redact");
      const customerId = customerIdOf(payload);
      if (customerId) {
        const scope = { shopDomain: job.shopDomain, customerId };
        while ((await context.step(async (tx) => ({ receipts: await deleteReceiptBatch(tx, scope, batchSize) }))).receipts > 0);
      }
      const refs = customerId ? customerRefsOf(keyring, job.shopDomain, customerId) : request.customerRef ? [request.customerRef] : [];
      const exports = refs.length ? (await prisma.dataExport.deleteMany({ where: { shopDomain: job.shopDomain, customerRef: { in: refs } } })).count : 0;
      return { receipts: context.progress.receipts ?? 0, exports, customerIdPresent: Boolean(customerId) };
    },
    async completed(tx, job, outcome) {
      await completeRequest(tx, job, outcome, outcome.customerIdPresent ? undefined : NO_CUSTOMER);
    },
  };
}
