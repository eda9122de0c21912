import type { SqlQuery } from "@prisma/driver-adapter-utils";

/**
 * The messages between the app's thread and the SQLite thread (sqlite-thread.ts, sqlite-thread-entry.ts).
 * A Prisma transaction is an owner: while one is open, the thread runs only its statements and keeps every
 * other message, in order, until it ends.
 */
export type ThreadRequest =
  /** Prisma's statements, through Prisma's own better-sqlite3 adapter (in a transaction when `owner` is set). */
  | { op: "queryRaw" | "executeRaw"; query: SqlQuery; owner?: number }
  | { op: "script"; script: string }
  /** Opens one of Prisma's interactive transactions (the adapter's BEGIN); answers its owner number. */
  | { op: "begin" }
  /** Ends it (Prisma has already sent its COMMIT or ROLLBACK through it). */
  | { op: "end"; owner: number; commit: boolean }
  /** The hot-path driver's statements, in one transaction of their own (BEGIN IMMEDIATE … COMMIT): each one's rows. */
  | { op: "batch"; statements: ReadonlyArray<{ sql: string; params: readonly unknown[] }> }
  | { op: "close" };

export type ThreadMessage = ThreadRequest & { id: number };

/** An error as it crosses the thread: what isDatabaseUnavailable and Prisma read of it. */
export interface ThreadError {
  name: string;
  message: string;
  code?: string;
  /** A DriverAdapterError's cause (Prisma maps it to P2002 and the rest). */
  cause?: unknown;
}

/** A request's answer; id 0: the thread is ready; id -1 (not ok): a fault nobody asked about (the file deleted, a transaction it could not roll back). */
export type ThreadReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: ThreadError };

/** What the thread is started with. */
export interface ThreadOptions {
  /** The SQLite file. */
  file: string;
  /** How long a writer waits for SQLite's lock (busy_timeout), for other processes on the file. */
  timeoutMs: number;
  /**
   * A Prisma transaction that sends nothing for this long is rolled back and ended, so the thread can never
   * be held for good by one its owner lost (default 30 s; Prisma's own limit is 5 s).
   */
  idleTransactionMs?: number;
}
