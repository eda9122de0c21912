import type { SqlDriverAdapter, SqlDriverAdapterFactory, SqlQuery, SqlResultSet, Transaction } from "@prisma/driver-adapter-utils";
import type { SqliteThread } from "./sqlite-thread.js";

const ADAPTER_NAME = "@prisma/adapter-better-sqlite3";

/**
 * Prisma's driver adapter for the SQLite thread: each of Prisma's statements is run there by Prisma's
 * own better-sqlite3 adapter, and the answer comes back as that adapter gave it. Prisma's query
 * engine stays on the app's thread; the database's work does not.
 */
export function sqliteThreadAdapter(thread: SqliteThread): SqlDriverAdapterFactory {
  const queryable = (owner?: number) => ({
    provider: "sqlite" as const,
    adapterName: ADAPTER_NAME,
    queryRaw: (query: SqlQuery) => thread.request({ op: "queryRaw", query, owner }) as Promise<SqlResultSet>,
    executeRaw: (query: SqlQuery) => thread.request({ op: "executeRaw", query, owner }) as Promise<number>,
  });
  const adapter: SqlDriverAdapter = {
    ...queryable(),
    executeScript: async (script) => void (await thread.request({ op: "script", script })),
    async startTransaction(isolationLevel) {
      if (isolationLevel && isolationLevel !== "SERIALIZABLE") {
        throw Object.assign(new Error("SQLite transactions are SERIALIZABLE"), {
          name: "DriverAdapterError",
          cause: { kind: "InvalidIsolationLevel", level: isolationLevel },
        });
      }
      const owner = (await thread.request({ op: "begin" })) as number;
      const end = (commit: boolean) => async () => void (await thread.request({ op: "end", owner, commit }));
      const transaction: Transaction = { ...queryable(owner), options: { usePhantomQuery: false }, commit: end(true), rollback: end(false) };
      return transaction;
    },
    dispose: () => thread.close(),
  };
  return { provider: "sqlite", adapterName: ADAPTER_NAME, connect: async () => adapter };
}
