import type { Db, Tx } from "./database.js";
import { executeRaw } from "./raw-sql.js";

/** A comparison of a column with a parameter, for a bounded DELETE. */
export interface Comparison {
  column: string;
  op: "=" | "<";
  value: unknown;
}

/**
 * Deletes up to `limit` rows of `table` (keyed by "id") that meet every comparison, and returns how
 * many. One statement with a bounded sub-select (through the table's indexes) and one parameter per
 * comparison, whatever the batch size: an `id IN (…ids…)` list would hit SQLite's bound-parameter
 * limit at a thousand rows.
 */
export function deleteInBatch(client: Tx | Db, table: string, where: Comparison[], limit: number): Promise<number> {
  const conditions = where.map((c) => `"${c.column}" ${c.op} ?`);
  return executeRaw(
    client,
    `DELETE FROM "${table}" WHERE "id" IN (SELECT "id" FROM "${table}"${conditions.length ? ` WHERE ${conditions.join(" AND ")}` : ""} LIMIT ?)`,
    ...where.map((c) => c.value),
    limit,
  );
}
