import { shopRedactCountKeys, shopRedactPlan } from "../../data-inventory/erasure-plan.js";
import { runErasureSteps } from "../../data-inventory/run-erasure.js";
import type { JobKind } from "../../jobs/worker.js";
import { completeRequest, requestLifecycle } from "../request-lifecycle.js";

type Outcome = Record<string, number>;

/**
 * shop/redact (48 h after uninstall): erases everything the app holds for the shop, table by table as
 * the data inventory says (web/data-inventory). Every delete commits with its count, so the proof of a
 * job resumed after a crash still counts what the first attempt erased. What remains is this request
 * with its counts and an ErasureRecord: proof, with no personal data.
 */
export function shopRedactJob(batchSize: number): JobKind<Outcome> {
  return {
    ...requestLifecycle,
    async run(job, context) {
      await runErasureSteps(context, shopRedactPlan(job.shopDomain, job.requestId ?? ""), batchSize);
      return Object.fromEntries(shopRedactCountKeys().map((key) => [key, context.progress[key] ?? 0]));
    },
    // The proof of erasure is this kind's own: written with the request's completion, exactly once.
    async completed(tx, job, outcome) {
      const request = await completeRequest(tx, job, outcome);
      await tx.erasureRecord.create({
        data: { shopDomain: job.shopDomain, requestReceivedAt: request.receivedAt, completedAt: request.completedAt!, counts: JSON.stringify(outcome) },
      });
    },
  };
}
