import pg from "pg";

/**
 * Workaround for prisma/orm#27403: @prisma/adapter-pg rejects the catalog column types that
 * Prisma's schema engine reads while migrating (`name`, `"char"`, `reg*`, `pg_node_tree`...).
 * Their text form is exactly what the engine wants, so we report them to the adapter as
 * `text` (oid 25) / `text[]` (oid 1009). Used only by the migration CLI (prisma.config.ts).
 */
const TEXT_OID = 25;
const TEXT_ARRAY_OID = 1009;
const CATALOG_SCALAR_OIDS = new Set([18, 19, 22, 24, 28, 29, 30, 194, 1033, 2202, 2203, 2204, 2205, 2206, 3734, 3769, 4089, 4096]);
const CATALOG_ARRAY_OIDS = new Set([1002, 1003, 1006, 1013, 1034, 2207, 2208, 2209, 2210, 2211, 3735, 3770, 4090, 4097]);

type Field = { dataTypeID: number };

function remapFields<T>(result: T): T {
  const fields = (result as { fields?: Field[] } | null)?.fields;
  if (Array.isArray(fields)) {
    for (const field of fields) {
      if (CATALOG_SCALAR_OIDS.has(field.dataTypeID)) field.dataTypeID = TEXT_OID;
      else if (CATALOG_ARRAY_OIDS.has(field.dataTypeID)) field.dataTypeID = TEXT_ARRAY_OID;
    }
  }
  return result;
}

export function createCatalogSafePool(config: pg.PoolConfig): pg.Pool {
  const pool = new pg.Pool(config);
  pool.on("connect", (client) => {
    const original = client.query.bind(client) as (...args: unknown[]) => unknown;
    // pg's overloaded `query` signature cannot be expressed without a cast; we only wrap it.
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      const last = args.at(-1);
      if (typeof last === "function") {
        // Callback style (what pg.Pool#query uses internally).
        const callback = last as (err: unknown, res: unknown) => void;
        return original(...args.slice(0, -1), (err: unknown, res: unknown) => callback(err, err ? res : remapFields(res)));
      }
      const out = original(...args);
      return out instanceof Promise ? out.then(remapFields) : out;
    };
  });
  return pool;
}
