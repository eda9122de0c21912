import { parentPort, workerData } from "node:worker_threads";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import type { SqlDriverAdapter, Transaction } from "@prisma/driver-adapter-utils";
import type SqliteDatabase from "better-sqlite3";
import type { ThreadError, ThreadMessage, ThreadOptions, ThreadReply } from "./sqlite-thread-protocol.js";

/**
 * The SQLite thread: the app's one connection to its SQLite file, so the database's own work (writing
 * pages, updating indexes, the WAL) runs beside the event loop instead of on it. Prisma's statements go
 * through Prisma's own better-sqlite3 adapter; the hot-path driver's through prepared statements on the
 * same connection, each batch whole from BEGIN to COMMIT. While one of Prisma's transactions is open,
 * everything else waits its turn.
 */
const options = workerData as ThreadOptions;
const port = parentPort!;

const adapter: SqlDriverAdapter = await new PrismaBetterSQLite3({ url: `file:${options.file}`, timeout: options.timeoutMs }).connect();
// The adapter's own better-sqlite3 connection, for the driver's prepared statements.
const connection = (adapter as unknown as { client: SqliteDatabase.Database }).client;
const statements = new Map<string, SqliteDatabase.Statement>();
const prepared = (sql: string) => {
  let statement = statements.get(sql);
  if (!statement) statements.set(sql, (statement = connection.prepare(sql)));
  return statement;
};

/** Prisma's open interactive transaction (its owner number and the adapter's transaction), if any. */
let open: { owner: number; prisma: Transaction } | undefined;
let nextOwner = 1;
const waiting: ThreadMessage[] = [];
let busy = false;

async function handle(message: ThreadMessage): Promise<unknown> {
  switch (message.op) {
    case "queryRaw":
      return (open && message.owner === open.owner ? open.prisma : adapter).queryRaw(message.query);
    case "executeRaw":
      return (open && message.owner === open.owner ? open.prisma : adapter).executeRaw(message.query);
    case "script":
      return adapter.executeScript(message.script);
    case "begin": {
      const owner = nextOwner++;
      open = { owner, prisma: await adapter.startTransaction() };
      return owner;
    }
    case "end": {
      const ended = open!;
      open = undefined;
      await (message.commit ? ended.prisma.commit() : ended.prisma.rollback());
      return undefined;
    }
    case "batch": {
      // Synchronous from BEGIN to COMMIT: nothing else can run on the connection in between.
      prepared("BEGIN IMMEDIATE").run();
      try {
        const rows = message.statements.map(({ sql, params }) => {
          const statement = prepared(sql);
          if (statement.reader) return statement.all(...params);
          statement.run(...params);
          return [];
        });
        prepared("COMMIT").run();
        return rows;
      } catch (error) {
        if (connection.inTransaction) prepared("ROLLBACK").run();
        throw error;
      }
    }
    case "close":
      await adapter.dispose();
      return undefined;
  }
}

/** Whether the message may run now: no transaction open, or it is the open transaction's own. */
const runnable = (message: ThreadMessage) => !open || ("owner" in message && message.owner === open.owner);

function errorOf(error: unknown): ThreadError {
  const e = error as { name?: string; message?: string; code?: unknown; cause?: unknown };
  return {
    name: e.name ?? "Error",
    message: e.message ?? String(error),
    ...(typeof e.code === "string" ? { code: e.code } : {}),
    ...(e.name === "DriverAdapterError" ? { cause: e.cause } : {}),
  };
}

/** Runs what may run, in arrival order; keeps the rest for when the open transaction ends. */
async function pump() {
  if (busy) return;
  busy = true;
  try {
    for (let i = 0; i < waiting.length;) {
      const message = waiting[i]!;
      if (!runnable(message)) {
        i++;
        continue;
      }
      waiting.splice(i, 1);
      let reply: ThreadReply;
      try {
        reply = { id: message.id, ok: true, value: await handle(message) };
      } catch (error) {
        reply = { id: message.id, ok: false, error: errorOf(error) };
      }
      port.postMessage(reply);
      if (message.op === "close") process.exit(0);
      // A transaction began or ended: what was kept waiting may run now, first come first served.
      if (message.op === "begin" || message.op === "end") i = 0;
    }
  } finally {
    busy = false;
  }
}

port.on("message", (message: ThreadMessage) => {
  waiting.push(message);
  void pump();
});
port.postMessage({ id: 0, ok: true, value: "ready" } satisfies ThreadReply);
