import { dayOf } from "../config/time.js";
import { DAY } from "../config/time.js";
import { inventoryEntries, type ModelName } from "./data-inventory.js";
import type { Condition } from "./erase-rows.js";

/**
 * What an erasure event deletes, read from the inventory: one step per table, in the inventory's
 * order. `countKey` names the step's count (in the proof or the job's outcome); `batched` steps delete
 * in bounded batches until none is left.
 */
export interface ErasureStep {
  model: ModelName;
  conditions: Condition[];
  countKey?: string;
  batched: boolean;
  /** Set these columns to null instead of deleting the rows. */
  clear?: string[];
}

/** shop/redact: everything of the shop but its proofs and the request being worked (`ownRequestId`). */
export function shopRedactPlan(shopDomain: string, ownRequestId: string): ErasureStep[] {
  return inventoryEntries().flatMap(([model, entry]): ErasureStep[] => {
    const rule = entry.erasure.shopRedact;
    if (rule.action === "keep") return [];
    const conditions: Condition[] = [{ column: entry.shopColumn, equals: shopDomain }];
    if (rule.action === "delete-except-own-request") {
      conditions.push({ column: rule.ownRequestColumn, not: ownRequestId, nullable: rule.ownRequestColumn !== "id" });
    }
    return [{ model, conditions, countKey: rule.countKey, batched: rule.action === "delete" && Boolean(rule.batched) }];
  });
}

/** The count keys of a shop/redact proof, each present (0 when there was nothing). */
export const shopRedactCountKeys = () =>
  inventoryEntries().flatMap(([, entry]) => (entry.erasure.shopRedact.action === "keep" ? [] : [entry.erasure.shopRedact.countKey]));

/**
 * customers/redact: the customer's rows in the shop, found by Shopify's id or by any of its pseudonyms
 * (`ownRequestId`: the customers/redact request being worked, whose row a "clear" rule leaves alone).
 */
export function customerRedactPlan(shopDomain: string, customer: { customerId?: string; customerRefs: string[] }, ownRequestId: string): ErasureStep[] {
  return inventoryEntries().flatMap(([model, entry]): ErasureStep[] => {
    const rule = entry.erasure.customerRedact;
    if (rule.action === "keep") return [];
    const match: Condition | undefined =
      rule.match.by === "customerId"
        ? customer.customerId
          ? { column: rule.match.column, equals: customer.customerId }
          : undefined
        : customer.customerRefs.length
          ? { column: rule.match.column, in: customer.customerRefs }
          : undefined;
    if (!match) return [];
    const conditions: Condition[] = [{ column: entry.shopColumn, equals: shopDomain }, match];
    if (rule.action === "clear")
      return [{ model, conditions: [...conditions, { column: "id", not: ownRequestId, nullable: false }], batched: false, clear: rule.columns }];
    return [{ model, conditions, countKey: rule.countKey, batched: Boolean(rule.batched) }];
  });
}

/** The consent retention job: the shop's rows from before the receipt cut-off. */
export function receiptRetentionPlan(shopDomain: string, cutoff: Date): ErasureStep[] {
  return inventoryEntries().flatMap(([model, entry]): ErasureStep[] => {
    const rule = entry.erasure.retention;
    if (rule.action !== "delete-before-receipt-cutoff") return [];
    const before: Condition = rule.format === "day" ? { column: rule.column, beforeDay: dayOf(cutoff) } : { column: rule.column, before: cutoff };
    return [{ model, conditions: [{ column: entry.shopColumn, equals: shopDomain }, before], countKey: rule.countKey, batched: Boolean(rule.batched) }];
  });
}

/**
 * Housekeeping, every shop at once: rows past their fixed period (finished jobs, audit lines outside a
 * request's trail), in bounded batches, so a first run on an old install never holds the database long.
 */
export function housekeepingPlan(now: Date): ErasureStep[] {
  return inventoryEntries().flatMap(([model, entry]): ErasureStep[] => {
    const rule = entry.erasure.retention;
    if (rule.action !== "delete-after-days") return [];
    const conditions: Condition[] = [{ column: rule.column, before: new Date(now.getTime() - rule.days * DAY) }];
    if (rule.onlyWithout) conditions.push({ column: rule.onlyWithout, isNull: true });
    return [{ model, conditions, batched: true }];
  });
}

/** app/uninstalled: what goes with the revoked token. */
export function uninstallPlan(shopDomain: string): ErasureStep[] {
  return inventoryEntries().flatMap(([model, entry]): ErasureStep[] =>
    entry.erasure.uninstall.action === "delete" ? [{ model, conditions: [{ column: entry.shopColumn, equals: shopDomain }], batched: false }] : [],
  );
}
