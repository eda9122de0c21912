import type { Driver, Statement } from "./driver.js";

/**
 * The hot paths' SQL, knowing no domain: multi-row INSERTs of several tables in one transaction (on
 * PostgreSQL a single statement of writable CTEs, atomic by itself, so one round trip), both providers.
 * What the rows mean (a receipt and its daily counts, a request with its job and first audit line) is
 * decided by the callers: web/consent/receipt-batch.ts and web/compliance/record-batch.ts.
 */

/** A column, with the type PostgreSQL must read its parameter as when the row is not inserted straight from VALUES. */
export type Column = string | { name: string; pg: "timestamp" | "integer" };

/** One table's rows: its columns, its rows (values in column order) and what follows the VALUES (ON CONFLICT …). */
export interface TableRows {
  table: string;
  columns: Column[];
  rows: unknown[][];
  suffix?: string;
}

// At most this many rows per statement: SQLite's and PostgreSQL's limits on bound parameters stay far.
const CHUNK = 100;
const chunks = <T>(items: T[]) => Array.from({ length: Math.ceil(items.length / CHUNK) }, (_, i) => items.slice(i * CHUNK, i * CHUNK + CHUNK));
const nameOf = (c: Column) => (typeof c === "string" ? c : c.name);
const quote = (columns: Column[]) => columns.map((c) => `"${nameOf(c)}"`).join(", ");
const values = (rows: number, columns: number) => Array.from({ length: rows }, () => `(${Array(columns).fill("?").join(", ")})`).join(", ");
/** VALUES rows whose parameters carry PostgreSQL types where a column says so (read through a SELECT, they are not inferred). */
const typedValues = (rows: number, columns: Column[]) =>
  Array.from({ length: rows }, () => `(${columns.map((c) => (typeof c === "string" ? "?" : `?::${c.pg}`)).join(", ")})`).join(", ");

/** The INSERT of `rows` of a table's rows, with what follows the VALUES. */
const insertSql = (t: TableRows, rows: number) => `INSERT INTO "${t.table}" (${quote(t.columns)}) VALUES ${values(rows, t.columns.length)}${t.suffix ?? ""}`;

/**
 * A table's rows from objects: the `columns` of each, dates in the form Prisma stores them, and each
 * column typed for PostgreSQL by its first non-null value (dates as timestamps, numbers as integers).
 */
export function tableRows<T extends object, K extends keyof T & string>(driver: Driver, table: string, objects: T[], columns: readonly K[]): TableRows {
  const typed = columns.map((name): Column => {
    const sample = objects.map((o) => o[name]).find((v) => v !== null && v !== undefined);
    return sample instanceof Date ? { name, pg: "timestamp" } : typeof sample === "number" ? { name, pg: "integer" } : name;
  });
  return {
    table,
    columns: typed,
    rows: objects.map((o) =>
      columns.map((c) => {
        const value = o[c] as unknown;
        return value instanceof Date ? driver.date(value) : (value ?? null);
      }),
    ),
  };
}

/** Sums items into rows by key: `add` folds an item into the row kept for its key (made by `start`). */
export function tally<T, R>(items: Iterable<T>, key: (item: T) => string, start: (item: T) => R, add: (row: R, item: T) => void): R[] {
  const rows = new Map<string, R>();
  for (const item of items) {
    const k = key(item);
    let row = rows.get(k);
    if (!row) rows.set(k, (row = start(item)));
    add(row, item);
  }
  return [...rows.values()];
}

/** A table's rows as multi-row INSERTs of at most CHUNK rows each. */
function insertStatements(t: TableRows): Statement[] {
  return chunks(t.rows).map((part) => ({ sql: insertSql(t, part.length), params: part.flat() }));
}

/**
 * Inserts the rows of several tables in one transaction. PostgreSQL: one statement of writable CTEs
 * when its parameters stay under 20,000, else (and on SQLite) one batch of multi-row INSERTs.
 */
export async function insertTables(driver: Driver, tables: TableRows[]): Promise<void> {
  const filled = tables.filter((t) => t.rows.length > 0);
  const parameters = filled.reduce((n, t) => n + t.rows.length * t.columns.length, 0);
  if (driver.provider === "postgresql" && parameters <= 20_000 && filled.length > 0) {
    const inserts = filled.map((t) => insertSql(t, t.rows.length));
    const last = inserts.pop()!;
    await driver.query(
      `${inserts.length ? `WITH ${inserts.map((sql, i) => `w${i} AS (${sql})`).join(", ")} ` : ""}${last}`,
      filled.flatMap((t) => t.rows.flat()),
    );
    return;
  }
  await driver.batch(filled.flatMap(insertStatements));
}

/** Rows that belong to a parent row: inserted only where their parent (whose "id" is in `parentColumn`) was inserted now. */
export interface DependentRows {
  table: string;
  columns: Column[];
  rows: unknown[][];
  parentColumn: string;
}

/**
 * Inserts parent rows unless their `uniqueColumn` value is stored already (ON CONFLICT DO NOTHING),
 * and each dependent row only with its parent, all in one transaction (SQLite: the whole call;
 * PostgreSQL: one statement per 400 parents). Parent ids must be new, so a parent with that id is one
 * inserted now, not one skipped. Returns the ids of the parents inserted.
 */
export async function insertWithDependents(driver: Driver, parent: TableRows & { uniqueColumn: string }, dependents: DependentRows[]): Promise<Set<string>> {
  if (!parent.columns.map(nameOf).includes("id")) throw new Error(`${parent.table} rows need an "id" column`);
  const inserted = new Set<string>();
  if (driver.provider === "postgresql") {
    const idAt = parent.columns.map(nameOf).indexOf("id");
    for (let i = 0; i < parent.rows.length; i += 4 * CHUNK) {
      const parents = parent.rows.slice(i, i + 4 * CHUNK);
      // Each statement's dependents are those of its parents, wherever they are listed and however many.
      const ids = new Set(parents.map((row) => row[idAt]));
      const children = dependents
        .map((d) => {
          const at = d.columns.map(nameOf).indexOf(d.parentColumn);
          return { ...d, rows: d.rows.filter((row) => ids.has(row[at])) };
        })
        .filter((d) => d.rows.length > 0);
      const rows = await driver.query(
        `WITH parent AS (INSERT INTO "${parent.table}" (${quote(parent.columns)}) VALUES ${typedValues(parents.length, parent.columns)}
           ON CONFLICT ("${parent.uniqueColumn}") DO NOTHING RETURNING "id")${children
             .map(
               (d, n) => `,
         d${n} AS (INSERT INTO "${d.table}" (${quote(d.columns)}) SELECT ${d.columns.map((c) => `v."${nameOf(c)}"`).join(", ")}
           FROM (VALUES ${typedValues(d.rows.length, d.columns)}) AS v (${quote(d.columns)}) JOIN parent p ON p."id" = v."${d.parentColumn}")`,
             )
             .join("")}
         SELECT "id" FROM parent`,
        [...parents.flat(), ...children.flatMap((d) => d.rows.flat())],
      );
      for (const row of rows) inserted.add(String(row.id));
    }
    return inserted;
  }
  const parents = insertStatements({ ...parent, suffix: ` ON CONFLICT ("${parent.uniqueColumn}") DO NOTHING RETURNING "id"` });
  const children = dependents.flatMap((d) => insertForInserted(parent.table, d));
  const results = await driver.batch([...parents, ...children]);
  for (const rows of results.slice(0, parents.length)) for (const row of rows) inserted.add(String(row.id));
  return inserted;
}

/**
 * SQLite: dependent rows inserted only where their parent exists (parent ids are new, so an existing
 * one was inserted in this transaction). SQLite names a VALUES list's columns column1, column2 …
 */
function insertForInserted(parentTable: string, d: DependentRows): Statement[] {
  const n = d.columns.map(nameOf).indexOf(d.parentColumn) + 1;
  return chunks(d.rows).map((part) => ({
    sql: `INSERT INTO "${d.table}" (${quote(d.columns)}) SELECT ${d.columns.map((_, i) => `v.column${i + 1}`).join(", ")} FROM (VALUES ${values(part.length, d.columns.length)}) AS v WHERE EXISTS (SELECT 1 FROM "${parentTable}" r WHERE r."id" = v.column${n})`,
    params: part.flat(),
  }));
}
