import type { Db, Provider, Tx } from "./database.js";
import { pgPlaceholders, storedDate } from "./driver.js";

/** The provider a Prisma client (or an interactive transaction's client) talks to. */
export function providerOfClient(client: Db | Tx): Provider {
  return (client as unknown as { _activeProvider?: string })._activeProvider === "postgresql" ? "postgresql" : "sqlite";
}

/**
 * Runs one raw statement with positional parameters written `?`, rewritten to `$1, $2 …` on
 * PostgreSQL. For the few statements Prisma's query API cannot express (a DELETE with a LIMIT).
 */
export function executeRaw(client: Db | Tx, sql: string, ...params: unknown[]): Promise<number> {
  return client.$executeRawUnsafe(providerOfClient(client) === "postgresql" ? pgPlaceholders(sql) : sql, ...params);
}

/** A DateTime parameter for a raw statement through Prisma, in the form Prisma stores it. */
export function dateParam(client: Db | Tx, date: Date): string {
  return storedDate(providerOfClient(client), date);
}
