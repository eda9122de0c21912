import { createHash } from "node:crypto";
import type SqliteDatabase from "better-sqlite3";
import pg from "pg";

const pgTypes = pg.types;


/** Runs one statement (placeholders written `?`) and returns its rows (RETURNING), if any. */
export type Exec = (sql: string, params: readonly unknown[]) => Promise<Array<Record<string, unknown>>>;

/**
 * The database driver under Prisma, for the few hot writes that Prisma's engine makes 2–3× slower:
 * better-sqlite3's connection (the one Prisma uses, under the same lock as Prisma's transactions) or a
 * pg pool; prepared statements on both. Everything else goes through Prisma.
 */
export interface Driver {
  provider: "sqlite" | "postgresql";
  /** One transaction: BEGIN, `work`, COMMIT (ROLLBACK if it throws). */
  transaction<T>(work: (exec: Exec) => Promise<T>): Promise<T>;
  /** One read outside any transaction (SQLite: on a read-only connection of its own, which WAL never blocks). */
  query(sql: string, params: readonly unknown[]): Promise<Array<Record<string, unknown>>>;
  /** A DateTime parameter in the form Prisma stores it. */
  date(value: Date): string;
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

/** A one-at-a-time lock (promise chain). */
export function createMutex() {
  let tail = Promise.resolve();
  return {
    acquire(): Promise<() => void> {
      let release!: () => void;
      const next = new Promise<void>((resolve) => (release = resolve));
      const ready = tail.then(() => release);
      tail = tail.then(() => next);
      return ready;
    },
  };
}

/** SQLite: the connection Prisma opened, its transactions and ours serialised by `lock`; reads on a read-only connection. */
export function sqliteDriver(connection: () => Promise<SqliteDatabase.Database>, lock: ReturnType<typeof createMutex>, openReader: () => SqliteDatabase.Database): Driver {
  const statements = new Map<string, SqliteDatabase.Statement>();
  const reads = new Map<string, SqliteDatabase.Statement>();
  let reader: SqliteDatabase.Database | undefined;
  return {
    provider: "sqlite",
    date: (value) => storedDate("sqlite", value),
    close() {
      reader?.close();
      reader = undefined;
    },
    async query(sql, params) {
      reader ??= openReader();
      let statement = reads.get(sql);
      if (!statement) reads.set(sql, (statement = reader.prepare(sql)));
      return statement.all(...params) as Array<Record<string, unknown>>;
    },
    async transaction(work) {
      const db = await connection();
      const release = await lock.acquire();
      const exec: Exec = async (sql, params) => {
        let statement = statements.get(sql);
        if (!statement) statements.set(sql, (statement = db.prepare(sql)));
        return statement.reader ? (statement.all(...params) as Array<Record<string, unknown>>) : (statement.run(...params), []);
      };
      try {
        db.prepare("BEGIN IMMEDIATE").run();
        try {
          const result = await work(exec);
          db.prepare("COMMIT").run();
          return result;
        } catch (error) {
          if (db.inTransaction) db.prepare("ROLLBACK").run();
          throw error;
        }
      } finally {
        release();
      }
    },
  };
}

/** Prisma stores DateTime as `timestamp(3)` without zone, in UTC: read them as UTC (pg would take local time). */
const utcTimestamps = ((oid: number, format?: string) =>
  oid === 1114 ? (text: string) => new Date(`${text.replace(" ", "T")}Z`) : pgTypes.getTypeParser(oid, format as "text")) as pg.CustomTypesConfig["getTypeParser"];

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
    close() {},
    async query(sql, params) {
      return (await pool.query({ ...prepared(sql), values: params as unknown[], types: { getTypeParser: utcTimestamps } })).rows;
    },
    async transaction(work) {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query("BEGIN");
        const exec: Exec = async (sql, params) => (await client.query({ ...prepared(sql), values: params as unknown[] })).rows;
        const result = await work(exec);
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch((e: Error) => (broken = e));
        throw error;
      } finally {
        client.release(broken);
      }
    },
  };
}
