import type { Db, Tx } from "../db/database.js";
import type { JobContext } from "../jobs/worker.js";
import { clearColumns, deleteRows, deleteRowsBatch } from "./erase-rows.js";
import type { ErasureStep } from "./erasure-plan.js";

/**
 * Works through an erasure plan in a job: every delete is a step, committed with its count (batched
 * ones in bounded batches until none is left), so a job resumed after a crash reports what really was
 * erased, not only what its last attempt found. The totals are in `context.progress`.
 */
export async function runErasureSteps(context: JobContext, steps: ErasureStep[], batchSize: number): Promise<void> {
  for (const step of steps) {
    const key = step.countKey ?? step.model;
    if (step.clear) {
      const columns = step.clear;
      await context.step(async (tx) => ({ [key]: await clearColumns(tx, step.model, step.conditions, columns) }));
    } else if (step.batched) {
      while ((await context.step(async (tx) => ({ [key]: await deleteRowsBatch(tx, step.model, step.conditions, batchSize) })))[key]! > 0);
    } else await context.step(async (tx) => ({ [key]: await deleteRows(tx, step.model, step.conditions) }));
  }
}

/**
 * Works through an erasure plan outside a job, a statement per step (in the caller's transaction, if given
 * one); batched steps delete `batchSize` rows a statement until none is left. Returns the count of each step.
 */
export async function runErasurePlan(tx: Tx | Db, steps: ErasureStep[], batchSize = 1_000): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  const add = (key: string, n: number) => (counts[key] = (counts[key] ?? 0) + n);
  for (const step of steps) {
    const key = step.countKey ?? step.model;
    if (step.clear) add(key, await clearColumns(tx, step.model, step.conditions, step.clear));
    else if (step.batched) {
      let n: number;
      do {
        n = await deleteRowsBatch(tx, step.model, step.conditions, batchSize);
        add(key, n);
      } while (n === batchSize);
    } else add(key, await deleteRows(tx, step.model, step.conditions));
  }
  return counts;
}
