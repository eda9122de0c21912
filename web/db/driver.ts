import { createHash } from "node:crypto";
import type SqliteDatabase from "better-sqlite3";
import pg from "pg";
import type { SqliteThread } from "./sqlite-thread.js";

const pgTypes = pg.types;

export type Rows = Array<Record<string, unknown>>;

/** One statement, placeholders written `?`. */
export interface Statement {
  sql: string;
  params: readonly unknown[];
}

/**
 * The database driver under Prisma, for the few hot writes that Prisma's engine makes 2–3× slower:
 * better-sqlite3's connection on the SQLite thread (the one Prisma uses) or a pg pool; prepared statements on both. Everything else goes through Prisma.
 */
export interface Driver {
  provider: "sqlite" | "postgresql";
  /** Statements in one transaction (BEGIN, each in order, COMMIT; ROLLBACK if one fails): each one's rows (RETURNING), if any. */
  batch(statements: readonly Statement[]): Promise<Rows[]>;
  /** One read outside any transaction (SQLite: on a read-only connection of its own, which WAL never blocks). */
  query(sql: string, params: readonly unknown[]): Promise<Rows>;
  /** A DateTime parameter in the form Prisma stores it. */
  date(value: Date): string;
  /**
   * Group-commit batches worth having in flight at once: SQLite's thread runs them in turn, so a second
   * one waiting there keeps it busy (2); PostgreSQL would give each a connection of its own (1).
   */
  batchesInFlight: number;
  /** Closes what the driver opened itself (SQLite's read-only connection). */
  close(): void;
}

/** `?` placeholders as PostgreSQL writes them: `$1, $2 …`. */
export function pgPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/**
 * A DateTime parameter in the form Prisma stores it: SQLite keeps ISO 8601 text with an explicit
 * +00:00; PostgreSQL a `timestamp(3)` without zone, in UTC.
 */
export function storedDate(provider: "sqlite" | "postgresql", value: Date): string {
  const iso = value.toISOString();
  return provider === "postgresql" ? iso.replace("T", " ").replace("Z", "") : iso.replace("Z", "+00:00");
}

/**
 * SQLite: statements run on the SQLite thread (sqlite-thread.ts), on the connection Prisma's statements
 * use, each batch alone there from BEGIN IMMEDIATE to COMMIT (one message); reads on a read-only connection of this
 * thread's own, which WAL never blocks.
 */
export function sqliteDriver(thread: SqliteThread, openReader: () => SqliteDatabase.Database): Driver {
  const reads = new Map<string, SqliteDatabase.Statement>();
  let reader: SqliteDatabase.Database | undefined;
  return {
    provider: "sqlite",
    date: (value) => storedDate("sqlite", value),
    batchesInFlight: 2,
    close() {
      reader?.close();
      reader = undefined;
    },
    async query(sql, params) {
      reader ??= openReader();
      let statement = reads.get(sql);
      if (!statement) reads.set(sql, (statement = reader.prepare(sql)));
      return statement.all(...params) as Rows;
    },
    async batch(statements) {
      return (await thread.request({ op: "batch", statements })) as Rows[];
    },
  };
}

/** Prisma stores DateTime as `timestamp(3)` without zone, in UTC: read them as UTC (pg would take local time). */
const utcTimestamps = ((oid: number, format?: string) =>
  oid === 1114
    ? (text: string) => new Date(`${text.replace(" ", "T")}Z`)
    : pgTypes.getTypeParser(oid, format as "text")) as pg.CustomTypesConfig["getTypeParser"];

/** PostgreSQL: a client of the pool, named (prepared) statements, `$n` placeholders. */
export function pgDriver(pool: pg.Pool): Driver {
  const names = new Map<string, { text: string; name: string }>();
  const prepared = (sql: string) => {
    let entry = names.get(sql);
    if (!entry) {
      const text = pgPlaceholders(sql);
      names.set(sql, (entry = { text, name: `hot_${createHash("sha1").update(text).digest("hex").slice(0, 16)}` }));
    }
    return entry;
  };
  return {
    provider: "postgresql",
    date: (value) => storedDate("postgresql", value),
    batchesInFlight: 1,
    close() {},
    async query(sql, params) {
      return (await pool.query({ ...prepared(sql), values: params as unknown[], types: { getTypeParser: utcTimestamps } })).rows;
    },
    async batch(statements) {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query("BEGIN");
        const rows: Rows[] = [];
        for (const { sql, params } of statements) rows.push((await client.query({ ...prepared(sql), values: params as unknown[] })).rows);
        await client.query("COMMIT");
        return rows;
      } catch (error) {
        await client.query("ROLLBACK").catch((e: Error) => (broken = e));
        throw error;
      } finally {
        client.release(broken);
      }
    },
  };
}
