import pg from "pg";
import type { Logger } from "../logging/logger.js";

export interface PgPoolOptions {
  /** Connections at most. */
  max: number;
  /** A statement's limit, on the server (statement_timeout) and in the client (query_timeout). */
  statementTimeoutMs: number;
  /** Shown in pg_stat_activity. */
  name: string;
  logger?: Logger;
}

/** How long a request may wait for a connection (a free one from the pool, or a new one). */
export const CONNECT_TIMEOUT_MS = 3_000;

type PoolClient = pg.PoolClient & { release(error?: Error | boolean): void };

/**
 * pg-pool, with a release that may be called twice. A checked-out client whose connection dies is
 * handed back to the pool by us (below); Prisma may release it again later, which pg-pool would throw on.
 * (Overrides pg-pool 3's private `_releaseOnce`; the database-faults test exercises it.)
 */
class ReclaimingPool extends pg.Pool {
  _releaseOnce(client: PoolClient, idleListener: unknown) {
    let released = false;
    return (error?: Error) => {
      if (released) return;
      released = true;
      (this as unknown as { _release(c: PoolClient, l: unknown, e?: Error): void })._release(client, idleListener, error);
    };
  }
}

/**
 * A PostgreSQL pool that survives what failovers, restarts and idle reaping do to connections:
 *  - every client has an 'error' listener for its whole life (pg-pool removes its own while a client is
 *    checked out, and a backend terminated then (57P01) would be an unhandled 'error' event: a crash);
 *  - a checked-out client whose connection dies goes back to the pool at once, which drops it: Prisma
 *    6.19 does not release a transaction's client when its connection dies mid-transaction, and without
 *    this the pool would fill with dead, checked-out clients that every request waits for in vain;
 *  - a dead client is dropped and replaced on next use (pg-pool's release checks it);
 *  - bounded waits: connecting (and waiting for a free connection), each statement on both sides of
 *    the wire, and a transaction left idle (the server ends it), so no request hangs on a stalled database.
 */
export function createPgPool(url: string, options: PgPoolOptions): pg.Pool {
  const log = options.logger?.child({ component: "db", pool: options.name });
  let lastLogged = 0;
  const report = (what: string) => (error: Error) => {
    if (Date.now() - lastLogged < 5_000) return;
    lastLogged = Date.now();
    log?.warn({ err: error }, what);
  };
  const pool = new ReclaimingPool({
    connectionString: url,
    max: options.max,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
    statement_timeout: options.statementTimeoutMs,
    query_timeout: options.statementTimeoutMs + 1_000,
    idle_in_transaction_session_timeout: Math.max(10_000, options.statementTimeoutMs),
    application_name: `consent-app:${options.name}`,
  });
  const checkedOut = new Set<pg.PoolClient>();
  pool.on("acquire", (client) => checkedOut.add(client));
  pool.on("release", (_error, client) => checkedOut.delete(client));
  pool.on("error", report("an idle database connection failed; it was dropped"));
  const failed = report("a database connection failed; it was dropped and will be replaced");
  pool.on("connect", (client) => {
    const reclaim = (error?: Error) => {
      if (error) failed(error);
      if (checkedOut.has(client)) (client as PoolClient).release(error ?? new Error("connection ended"));
    };
    client.on("error", reclaim);
    client.on("end", () => reclaim());
  });
  return pool;
}
