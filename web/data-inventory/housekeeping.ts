import type { Db } from "../db/database.js";
import { housekeepingPlan } from "./erasure-plan.js";
import { runErasurePlan } from "./run-erasure.js";

/**
 * The inventory's fixed-period purges, every shop at once: finished jobs and the audit lines outside a
 * request's trail, past the days the inventory states. Run by the worker's housekeeping.
 */
export function purgePastRetention(prisma: Db, now = new Date(), batchSize = 1_000): Promise<Record<string, number>> {
  return runErasurePlan(prisma, housekeepingPlan(now), batchSize);
}
