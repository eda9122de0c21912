// Driver adapters for the Prisma CLI only (migrate deploy/diff/status). The app uses the stock adapters.
//
// Prisma 6.19's schema engine talks to the database through the driver adapter, and two adapter bugs
// break it offline (see ../shared/docs/toolchain-app-stack.md):
//  - PostgreSQL: pg_catalog columns of type `name` (oid 19) and `"char"` (oid 18) are rejected by
//    adapter-pg ("Column type 'name' could not be deserialized", prisma/orm#27403). We read them as text.
//  - PostgreSQL shadow database: the stock factory reuses the main connection string (so the "shadow" is
//    the main database) and drops the database before closing its pool. We open a real, separate one.
//  - SQLite shadow database: the engine replays a whole migration.sql through executeRaw, and
//    better-sqlite3's prepare() accepts one statement at a time. Several statements go to exec() instead.
// These patch adapter internals, so package.json pins the exact 6.19.3 adapters.
import { randomUUID } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

type Queryable = { performIO(query: unknown): Promise<{ fields?: { dataTypeID: number }[] } | undefined> };
type Transactional = Queryable & { startTransaction(isolation?: string): Promise<Queryable> };

const PG_NAME = 19;
const PG_CHAR = 18;
const PG_TEXT = 25;

function readNameColumnsAsText<T extends Queryable>(queryable: T): T {
  const performIO = queryable.performIO.bind(queryable);
  queryable.performIO = async (query) => {
    const result = await performIO(query);
    for (const field of result?.fields ?? []) {
      if (field.dataTypeID === PG_NAME || field.dataTypeID === PG_CHAR) field.dataTypeID = PG_TEXT;
    }
    return result;
  };
  return queryable;
}

export class PrismaPgForMigrate extends PrismaPg {
  constructor(private readonly connectionString: string) {
    // A short idle timeout lets the CLI exit as soon as it is done (the default keeps it alive 10 s).
    super({ connectionString, idleTimeoutMillis: 100 });
  }

  override async connect() {
    const adapter = readNameColumnsAsText((await super.connect()) as unknown as Transactional);
    const startTransaction = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (isolation) => readNameColumnsAsText(await startTransaction(isolation));
    return adapter as unknown as Awaited<ReturnType<PrismaPg["connect"]>>;
  }

  override async connectToShadowDb() {
    const main = await this.connect();
    const database = `prisma_shadow_${randomUUID().replaceAll("-", "")}`;
    await main.executeScript(`CREATE DATABASE "${database}"`);
    const url = new URL(this.connectionString);
    url.pathname = `/${database}`;
    const shadow = await new PrismaPgForMigrate(url.toString()).connect();
    const dispose = shadow.dispose.bind(shadow);
    shadow.dispose = async () => {
      await dispose();
      await main.executeScript(`DROP DATABASE IF EXISTS "${database}"`);
      await main.dispose();
    };
    return shadow;
  }
}

type SqliteAdapter = {
  executeRaw(query: { sql: string; args: unknown[] }): Promise<number>;
  executeScript(script: string): Promise<void>;
};

function runScriptsWithExec<T extends SqliteAdapter>(adapter: T): T {
  const executeRaw = adapter.executeRaw.bind(adapter);
  adapter.executeRaw = async (query) => {
    try {
      return await executeRaw(query);
    } catch (error) {
      if (query.args.length > 0 || !/more than one statement/i.test(String((error as Error).message ?? error))) throw error;
      await adapter.executeScript(query.sql);
      return 0;
    }
  };
  return adapter;
}

export class PrismaBetterSQLite3ForMigrate extends PrismaBetterSQLite3 {
  override async connectToShadowDb() {
    return runScriptsWithExec((await super.connectToShadowDb()) as unknown as SqliteAdapter) as unknown as Awaited<
      ReturnType<PrismaBetterSQLite3["connectToShadowDb"]>
    >;
  }
}
