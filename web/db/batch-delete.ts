import type { Db, Tx } from "./database.js";
import { executeRaw } from "./raw-sql.js";

/** A comparison of a column with a parameter (or with NULL), for a bounded DELETE. */
export type Comparison = { column: string; op: "=" | "<"; value: unknown } | { column: string; op: "IS NULL" };

/**
 * Deletes up to `limit` rows of `table` (keyed by "id") that meet every comparison, and returns how
 * many. One statement with a bounded sub-select (through the table's indexes) and one parameter per
 * comparison, whatever the batch size: an `id IN (…ids…)` list would hit SQLite's bound-parameter
 * limit at a thousand rows.
 */
export function deleteInBatch(client: Tx | Db, table: string, where: Comparison[], limit: number): Promise<number> {
  const conditions = where.map((c) => (c.op === "IS NULL" ? `"${c.column}" IS NULL` : `"${c.column}" ${c.op} ?`));
  return executeRaw(
    client,
    `DELETE FROM "${table}" WHERE "id" IN (SELECT "id" FROM "${table}"${conditions.length ? ` WHERE ${conditions.join(" AND ")}` : ""} LIMIT ?)`,
    ...where.flatMap((c) => (c.op === "IS NULL" ? [] : [c.value])),
    limit,
  );
}
