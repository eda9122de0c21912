import type { Db, Provider, Tx } from "./database.js";

/** The provider a Prisma client (or an interactive transaction's client) talks to. */
export function providerOfClient(client: Db | Tx): Provider {
  return (client as unknown as { _activeProvider?: string })._activeProvider === "postgresql" ? "postgresql" : "sqlite";
}

/**
 * Runs one raw statement with positional parameters written `?`, rewritten to `$1, $2 …` on
 * PostgreSQL. For the few statements Prisma's query API cannot express (a DELETE with a LIMIT).
 */
export function executeRaw(client: Db | Tx, sql: string, ...params: unknown[]): Promise<number> {
  let n = 0;
  const text = providerOfClient(client) === "postgresql" ? sql.replace(/\?/g, () => `$${++n}`) : sql;
  return client.$executeRawUnsafe(text, ...params);
}

/**
 * A DateTime parameter for a raw statement, in the form Prisma stores it: SQLite keeps ISO 8601 text
 * with an explicit +00:00; PostgreSQL a `timestamp(3)` without zone, in UTC.
 */
export function dateParam(client: Db | Tx, date: Date): string {
  const iso = date.toISOString();
  return providerOfClient(client) === "postgresql" ? iso.replace("T", " ").replace("Z", "") : iso.replace("Z", "+00:00");
}
