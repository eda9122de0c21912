/**
 * Whether an error means "the database cannot be reached right now" (answer 503, retry later) rather
 * than a bug. Prisma wraps driver errors differently per adapter, so the whole cause chain is read.
 */
// P2028: Prisma could not start (or keep) a transaction in time: the database is stalled or saturated.
const UNAVAILABLE_CODES = new Set([
  "P1001",
  "P1002",
  "P1008",
  "P1017",
  "P2024",
  "P2028",
  "57014",
  "08000",
  "08003",
  "08006",
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "57P01",
  "57P03",
  "53300",
  "SQLITE_BUSY",
  "SQLITE_CANTOPEN",
  "SQLITE_IOERR",
]);
/**
 * SQLite's storage failing (the disk, the file, its lock), in its primary codes and every extended one
 * the driver reports (`SQLITE_IOERR_WRITE`, `SQLITE_READONLY_DBMOVED`, `SQLITE_CANTOPEN_ISDIR` …): the
 * request is fine, the storage is not, so 503 and retry. Not SQLITE_CORRUPT: that one needs a person.
 */
const SQLITE_STORAGE = /^SQLITE_(BUSY|LOCKED|IOERR|FULL|READONLY|CANTOPEN|NOLFS|PROTOCOL)(_[A-Z_]+)?$/;
const UNAVAILABLE_TEXT =
  /ECONNREFUSED|ECONNRESET|ETIMEDOUT|Connection terminated|connection timeout|timeout exceeded when trying to connect|Can't reach database|database is locked|unable to open database|did not answer within|Connection refused|the database system is (shutting down|starting up)|too many clients|Client has encountered a connection error|DatabaseNotReachable|ConnectionClosed|SocketTimeout|connection is closed|Unable to start a transaction|Transaction already closed|Query read timeout|canceling statement due to statement timeout|timeout exceeded|terminating connection|database or disk is full|disk I\/O error|attempt to write a readonly database|the SQLite file .* was deleted/i;

export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  // The cause chain, and the driver adapter's error Prisma keeps in `meta` (P1018 and others carry it there only).
  const next: unknown[] = [error];
  while (next.length) {
    const current = next.pop();
    if (!current || typeof current !== "object" || seen.has(current)) continue;
    seen.add(current);
    if (current instanceof DatabaseUnavailableError) return true;
    const e = current as { code?: unknown; errorCode?: unknown; originalCode?: unknown; message?: unknown; kind?: unknown; cause?: unknown; meta?: unknown };
    // originalCode: a DriverAdapterError's cause keeps the driver's own code there.
    for (const code of [e.code, e.errorCode, e.originalCode, e.kind]) {
      if (typeof code === "string" && (UNAVAILABLE_CODES.has(code) || SQLITE_STORAGE.test(code))) return true;
    }
    if (typeof e.message === "string" && UNAVAILABLE_TEXT.test(e.message)) return true;
    if (typeof e.kind === "string" && UNAVAILABLE_TEXT.test(e.kind)) return true;
    next.push(e.cause, (e.meta as { driverAdapterError?: unknown } | undefined)?.driverAdapterError);
  }
  return typeof error === "string" && UNAVAILABLE_TEXT.test(error);
}

export class DatabaseUnavailableError extends Error {
  constructor(cause: unknown) {
    super("database unavailable", { cause });
    this.name = "DatabaseUnavailableError";
  }
}
