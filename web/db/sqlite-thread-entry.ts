import { parentPort, workerData } from "node:worker_threads";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { statSync, statfsSync } from "node:fs";
import path from "node:path";
import type { SqlDriverAdapter, SqlQuery } from "@prisma/driver-adapter-utils";
import type SqliteDatabase from "better-sqlite3";
import type { ThreadError, ThreadMessage, ThreadOptions, ThreadReply } from "./sqlite-thread-protocol.js";

/**
 * The SQLite thread: the app's one connection to its SQLite file, so the database's own work (writing
 * pages, updating indexes, the WAL) runs beside the event loop instead of on it. Prisma's statements go
 * through Prisma's own better-sqlite3 adapter; the hot-path driver's through prepared statements on the
 * same connection, each batch whole from BEGIN to COMMIT. While one of Prisma's transactions is open,
 * everything else waits its turn. The thread opens Prisma's transactions itself (the adapter's own
 * startTransaction keeps a mutex that a failed BEGIN never releases) and, after a storage error, always
 * leaves the connection out of any transaction no one holds open, so a fault passes with the fault.
 */
const options = workerData as ThreadOptions;
const port = parentPort!;

const adapter: SqlDriverAdapter = await new PrismaBetterSQLite3({ url: `file:${options.file}`, timeout: options.timeoutMs }).connect();
// The adapter's own better-sqlite3 connection, for the driver's prepared statements.
const connection = (adapter as unknown as { client: SqliteDatabase.Database }).client;

/**
 * At start, the file must be usable in WAL mode: its WAL index (`-shm`, which SQLite memory-maps)
 * created and mapped, and a frame appended to its WAL. SQLite writes every page of the -shm before it
 * maps it, so a full or read-only disk is an error here (SQLITE_IOERR_SHMSIZE, SQLITE_FULL,
 * SQLITE_READONLY), which the app reports in words and stops on (web/index.ts: "could not start"),
 * rather than failing on its first request; later, the same faults answer 503 (web/db/errors.ts).
 */
function checkStorage() {
  if (options.file === ":memory:") return;
  try {
    connection.pragma("journal_mode = WAL");
    // Writing the value it has appends a frame to the WAL and touches the WAL index, changing nothing.
    connection.pragma(`user_version = ${Number(connection.pragma("user_version", { simple: true }))}`);
  } catch (error) {
    const dir = path.dirname(path.resolve(options.file));
    let room = "";
    try {
      const { bavail, bsize } = statfsSync(dir);
      room = `; ${bavail * bsize} bytes free in ${dir}`;
    } catch {
      /* the folder itself is gone: the message says enough */
    }
    const e = error as { code?: string; message?: string };
    throw Object.assign(
      new Error(
        `cannot use the SQLite file ${options.file}: its WAL (-wal) and shared-memory WAL index (-shm) could not be written beside it ` +
          `(${e.code ?? "error"}: ${e.message ?? String(error)}${room}); free space there or make it writable`,
      ),
      { code: e.code },
    );
  }
}
checkStorage();

const statements = new Map<string, SqliteDatabase.Statement>();
const prepared = (sql: string) => {
  let statement = statements.get(sql);
  if (!statement) statements.set(sql, (statement = connection.prepare(sql)));
  return statement;
};

/**
 * Prisma's open interactive transaction: its owner number. The thread opens it (BEGIN) and Prisma ends it
 * with its own COMMIT or ROLLBACK statement; whatever that statement's outcome, the transaction is over.
 */
let open: { owner: number; lastAt: number } | undefined;
let nextOwner = 1;
const waiting: ThreadMessage[] = [];
let busy = false;

/**
 * Set once the database file (or its WAL) is found deleted or replaced: every request answers it from
 * then on (503), since the connection's writes would go to an unlinked file and be lost with it.
 * The files are checked before each message and again just before each COMMIT, so nothing is
 * acknowledged once a deletion can be seen; a commit that had already passed its check when the file
 * went (a window of microseconds, one stat to the COMMIT's write) and everything committed before the
 * deletion are lost with the file, which no check can prevent.
 */
let lost: Error | undefined;
const identity = (file: string) => {
  const stat = statSync(file, { throwIfNoEntry: false });
  return stat ? `${stat.dev}:${stat.ino}` : "gone";
};
const files = options.file === ":memory:" ? [] : [options.file, `${options.file}-wal`];
/** The database file's (and, once it exists, its WAL's) device and inode as opened. */
const opened = new Map(files.map((file) => [file, identity(file)]));

/** Throws (and keeps throwing) once the database file or its WAL was deleted or replaced since the thread opened them. */
function checkFiles() {
  if (lost) throw lost;
  for (const file of files) {
    const now = identity(file);
    const before = opened.get(file)!;
    if (before === "gone" && file.endsWith("-wal")) {
      if (now !== "gone") opened.set(file, now);
      continue;
    }
    if (now !== before) {
      lost = Object.assign(new Error(`the SQLite file ${file} was deleted or replaced while open; restart the app to open it again`), {
        code: "SQLITE_CANTOPEN",
      });
      port.postMessage({ id: -1, ok: false, error: errorOf(lost) } satisfies ThreadReply);
      throw lost;
    }
  }
}

const transactionClosed = (why: string) =>
  Object.assign(new Error(`Transaction already closed: ${why}`), { name: "DriverAdapterError", cause: { kind: "TransactionAlreadyClosed", cause: why } });

/**
 * Whether one of Prisma's statements runs: outside a transaction always; in one only while it is still
 * the open one and SQLite has not rolled it back by itself. False: a ROLLBACK with nothing left to roll back.
 */
function mayRun(message: { query: SqlQuery; owner?: number }): boolean {
  if (message.owner === undefined) return true;
  if (open?.owner !== message.owner) throw transactionClosed("it ended after an error or after idling too long");
  open.lastAt = Date.now();
  const ending = /^\s*(COMMIT|ROLLBACK)\b/i.exec(message.query.sql)?.[1]?.toUpperCase();
  if (!connection.inTransaction) {
    // SQLite rolls a transaction back by itself after some errors (a full disk, an I/O error).
    open = undefined;
    if (ending === "ROLLBACK") return false;
    throw transactionClosed("SQLite rolled it back after an error; nothing of it was written");
  }
  if (ending) {
    // Over, whatever the statement's outcome: settle() rolls back whatever a failed COMMIT leaves open.
    open = undefined;
    if (ending === "COMMIT") checkFiles();
  }
  return true;
}

async function handle(message: ThreadMessage): Promise<unknown> {
  if (message.op !== "close") {
    try {
      checkFiles();
    } catch (error) {
      // Prisma's open transaction ends here too (settle() rolls it back): nothing waits behind it any more.
      open = undefined;
      throw error;
    }
  }
  switch (message.op) {
    case "queryRaw":
    case "executeRaw":
      if (!mayRun(message)) return message.op === "queryRaw" ? { columnNames: [], columnTypes: [], rows: [] } : 0;
      return message.op === "queryRaw" ? adapter.queryRaw(message.query) : adapter.executeRaw(message.query);
    case "script":
      return adapter.executeScript(message.script);
    case "begin": {
      // The thread's own BEGIN on the one connection it serialises: if it fails, nothing is held.
      prepared("BEGIN").run();
      open = { owner: nextOwner++, lastAt: Date.now() };
      return open.owner;
    }
    case "end":
      // Prisma's COMMIT or ROLLBACK statement has ended the transaction already (mayRun); this is its
      // word that it knows. A transaction Prisma gives up on without either ends here.
      if (open?.owner === message.owner) open = undefined;
      return undefined;
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
        checkFiles();
        prepared("COMMIT").run();
        return rows;
      } catch (error) {
        settle();
        throw error;
      }
    }
    case "close":
      await adapter.dispose();
      return undefined;
  }
}

/**
 * After every message: outside Prisma's open transaction the connection must not be in one. A failed
 * COMMIT, a BEGIN or ROLLBACK that failed halfway: roll back and go on. If even that fails, the
 * connection cannot be trusted again: the thread ends (non-zero), and the app with it (web/index.ts).
 */
function settle() {
  if (open || !connection.inTransaction) return;
  try {
    connection.prepare("ROLLBACK").run();
  } catch (error) {
    if (connection.inTransaction) {
      port.postMessage({ id: -1, ok: false, error: errorOf(error) } satisfies ThreadReply);
      process.exit(70);
    }
  }
}

/** Whether the message may run now: no transaction open, or it is the open transaction's own. */
const runnable = (message: ThreadMessage) => !open || message.op === "end" || ("owner" in message && message.owner === open.owner);

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
      const transactionWas = open;
      let reply: ThreadReply;
      try {
        reply = { id: message.id, ok: true, value: await handle(message) };
      } catch (error) {
        reply = { id: message.id, ok: false, error: errorOf(error) };
      }
      settle();
      port.postMessage(reply);
      if (message.op === "close") process.exit(0);
      // A transaction began or ended: what was kept waiting may run now, first come first served.
      if (transactionWas !== open) i = 0;
    }
  } finally {
    busy = false;
  }
}

// The watchdog: a transaction its owner forgot (it sends nothing any more) ends, and what waits behind it runs.
const idleTransactionMs = options.idleTransactionMs ?? 30_000;
setInterval(
  () => {
    if (!open || busy || Date.now() - open.lastAt < idleTransactionMs) return;
    open = undefined;
    settle();
    void pump();
  },
  Math.min(1_000, idleTransactionMs),
).unref();

port.on("message", (message: ThreadMessage) => {
  waiting.push(message);
  void pump();
});
port.postMessage({ id: 0, ok: true, value: "ready" } satisfies ThreadReply);
