// The PostgreSQL driver adapter for the Prisma CLI only (migrate deploy/status/diff). The app uses the
// stock adapter.
//
// Prisma 6.19's schema engine reads pg_catalog columns of type `name` (oid 19) and `"char"` (oid 18),
// which adapter-pg refuses ("Column type 'name' could not be deserialized", prisma/orm#27403), so
// `migrate deploy` fails on PostgreSQL. We read those columns as text. This patches adapter internals,
// so package.json pins the exact 6.19.3 adapter. (New migrations are diffed without a shadow database,
// see scripts/new-migration.mjs, so the adapters' shadow-database bugs do not matter here.)
import { PrismaPg } from "@prisma/adapter-pg";

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
  constructor(connectionString: string) {
    super({ connectionString });
  }

  override async connect() {
    const adapter = readNameColumnsAsText((await super.connect()) as unknown as Transactional);
    const startTransaction = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (isolation) => readNameColumnsAsText(await startTransaction(isolation));
    return adapter as unknown as Awaited<ReturnType<PrismaPg["connect"]>>;
  }
}
