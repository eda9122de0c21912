import type { Db, Tx } from "../db/database.js";
import { deleteInBatch } from "../db/batch-delete.js";
import { dateParam } from "../db/raw-sql.js";
import type { ModelName } from "./data-inventory.js";

/** Which rows of a table an erasure removes: every condition holds (column names as in the schema). */
export type Condition =
  | { column: string; equals: string }
  | { column: string; in: string[] }
  | { column: string; before: Date }
  /** A YYYY-MM-DD text column before a day. */
  | { column: string; beforeDay: string }
  | { column: string; isNull: true }
  /** Not this value (a nullable column's nulls included). */
  | { column: string; not: string; nullable: boolean };

type Where = Record<string, unknown>;
type Delegate = {
  deleteMany(args: { where: Where }): Promise<{ count: number }>;
  updateMany(args: { where: Where; data: Record<string, null> }): Promise<{ count: number }>;
};

const delegateOf = (client: Tx | Db, model: ModelName) => (client as unknown as Record<string, Delegate>)[model[0]!.toLowerCase() + model.slice(1)]!;

/** The conditions as Prisma's `where`. */
export function prismaWhere(conditions: Condition[]): Where {
  const where: Where = {};
  for (const c of conditions) {
    if ("equals" in c) where[c.column] = c.equals;
    else if ("in" in c) where[c.column] = { in: c.in };
    else if ("before" in c) where[c.column] = { lt: c.before };
    else if ("beforeDay" in c) where[c.column] = { lt: c.beforeDay };
    else if ("isNull" in c) where[c.column] = null;
    else if (c.nullable) where.OR = [{ [c.column]: null }, { [c.column]: { not: c.not } }];
    else where[c.column] = { not: c.not };
  }
  return where;
}

/** Deletes every row of `model` that meets `conditions`, in one statement; returns how many. */
export async function deleteRows(client: Tx | Db, model: ModelName, conditions: Condition[]): Promise<number> {
  return (await delegateOf(client, model).deleteMany({ where: prismaWhere(conditions) })).count;
}

/** Sets `columns` to null in every row of `model` that meets `conditions`, in one statement; returns how many rows. */
export async function clearColumns(client: Tx | Db, model: ModelName, conditions: Condition[], columns: string[]): Promise<number> {
  const data = Object.fromEntries(columns.map((column) => [column, null]));
  return (await delegateOf(client, model).updateMany({ where: prismaWhere(conditions), data })).count;
}

/**
 * Deletes up to `limit` rows of `model` (a table keyed by `id`) that meet `conditions` (equalities and
 * `before`s and `isNull`s only), in one bounded statement; returns how many.
 */
export function deleteRowsBatch(client: Tx | Db, model: ModelName, conditions: Condition[], limit: number): Promise<number> {
  return deleteInBatch(
    client,
    model,
    conditions.map((c) => {
      if ("equals" in c) return { column: c.column, op: "=", value: c.equals };
      if ("before" in c) return { column: c.column, op: "<", value: dateParam(client, c.before) };
      if ("beforeDay" in c) return { column: c.column, op: "<", value: c.beforeDay };
      if ("isNull" in c) return { column: c.column, op: "IS NULL" };
      throw new Error(`a batched delete of ${model} cannot filter on ${c.column} this way`);
    }),
    limit,
  );
}
