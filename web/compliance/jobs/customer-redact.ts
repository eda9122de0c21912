import type { Db } from "../../db/database.js";
import { customerRedactPlan } from "../../data-inventory/erasure-plan.js";
import { runErasureSteps } from "../../data-inventory/run-erasure.js";
import type { JobKind } from "../../jobs/worker.js";
import type { Keyring } from "../../security/encryption.js";
import { customerRefsOf } from "../customer-ref.js";
import { customerIdOf } from "../payloads.js";
import { completeRequest, requestLifecycle } from "../request-lifecycle.js";
import { loadRequest } from "./load-request.js";

type Outcome = { receipts: number; exports: number; customerIdPresent: boolean };

const NO_CUSTOMER = "The request named no customer id, so nothing this app holds could be linked to the customer; nothing was erased.";

/**
 * customers/redact: erases the customer's personal data in the shop, table by table as the data
 * inventory says (their consent receipts, any data export made for them, whichever key made its
 * pseudonym), every delete committed with its count. What stays as proof is the request's outcome:
 * counts, no personal data.
 */
export function customerRedactJob(prisma: Db, keyring: Keyring, batchSize: number): JobKind<Outcome> {
  return {
    ...requestLifecycle,
    async run(job, context) {
      const { request, payload } = await loadRequest(prisma, keyring, job, "customers/redact");
      const customerId = customerIdOf(payload);
      const customerRefs = customerId ? customerRefsOf(keyring, job.shopDomain, customerId) : request.customerRef ? [request.customerRef] : [];
      await runErasureSteps(context, customerRedactPlan(job.shopDomain, { customerId, customerRefs }, request.id), batchSize);
      return { receipts: context.progress.receipts ?? 0, exports: context.progress.exports ?? 0, customerIdPresent: Boolean(customerId) };
    },
    async completed(tx, job, outcome) {
      await completeRequest(tx, job, outcome, outcome.customerIdPresent ? undefined : NO_CUSTOMER);
    },
  };
}
