import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable } from "../errors.js";

describe("isDatabaseUnavailable", () => {
  it("recognises outages by code anywhere in the cause chain, and by the drivers' messages", () => {
    const outages = [
      Object.assign(new Error("Transaction API error: Unable to start a transaction in the given time."), { code: "P2028" }),
      Object.assign(new Error("x"), { cause: Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" }) }),
      new Error("timeout exceeded when trying to connect"),
      new Error("Client has encountered a connection error and is not queryable"),
      Object.assign(new Error("canceling statement due to statement timeout"), { code: "57014" }),
      Object.assign(new Error("database is locked"), { code: "SQLITE_BUSY" }),
      new Error("database did not answer within 2000 ms"),
      { kind: "DatabaseNotReachable" },
    ];
    for (const error of outages) expect(isDatabaseUnavailable(error), JSON.stringify(error)).toBe(true);
  });

  it("takes SQLite's storage faults for outages, in their extended codes too, and through Prisma's wrapping", () => {
    const sqlite = (code: string, message: string) => Object.assign(new Error(message), { name: "SqliteError", code });
    const outages = [
      sqlite("SQLITE_IOERR_WRITE", "disk I/O error"),
      sqlite("SQLITE_IOERR_SHMSIZE", "disk I/O error"),
      sqlite("SQLITE_FULL", "database or disk is full"),
      sqlite("SQLITE_READONLY", "attempt to write a readonly database"),
      sqlite("SQLITE_READONLY_DBMOVED", "attempt to write a readonly database"),
      sqlite("SQLITE_CANTOPEN", "unable to open database file"),
      sqlite("SQLITE_BUSY_SNAPSHOT", "database is locked"),
      // Prisma's error around a DriverAdapterError, whose cause keeps the driver's code as originalCode.
      Object.assign(new Error("Invalid `prisma.auditEvent.create()` invocation"), {
        cause: { name: "DriverAdapterError", cause: { kind: "GenericJs", originalCode: "SQLITE_IOERR_FSYNC", originalMessage: "x" } },
      }),
      // Prisma's P1018 and others keep the adapter's error in meta only.
      Object.assign(new Error("Invalid `tx.job.update()` invocation"), {
        code: "P1018",
        meta: { driverAdapterError: Object.assign(new Error("Transaction already closed: x"), { name: "DriverAdapterError" }) },
      }),
      // Or the driver's text only.
      new Error("Invalid `prisma.job.update()` invocation: database or disk is full"),
    ];
    for (const error of outages) expect(isDatabaseUnavailable(error), JSON.stringify({ ...error, message: error.message })).toBe(true);
    expect(isDatabaseUnavailable(sqlite("SQLITE_CONSTRAINT_UNIQUE", "UNIQUE constraint failed"))).toBe(false);
    expect(isDatabaseUnavailable(sqlite("SQLITE_CORRUPT", "database disk image is malformed"))).toBe(false);
    expect(isDatabaseUnavailable(sqlite("SQLITE_ERROR", "no such table: Nope"))).toBe(false);
  });

  it("does not take a bug or a constraint violation for an outage", () => {
    for (const error of [new TypeError("x is undefined"), Object.assign(new Error("Unique constraint failed"), { code: "P2002" }), "nope", null, undefined]) {
      expect(isDatabaseUnavailable(error)).toBe(false);
    }
  });

  it("stops on a cyclic cause chain", () => {
    const a: { message: string; cause?: unknown } = { message: "a" };
    a.cause = { message: "b", cause: a };
    expect(isDatabaseUnavailable(a)).toBe(false);
  });
});
