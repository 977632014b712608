import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "@/generated/prisma/client";
import { env } from "../env/load-env";
import { logger } from "../logger";

const globalForDb = globalThis as unknown as { leadlineDb?: PrismaClient; leadlinePool?: pg.Pool };

/**
 * The application's connection pool, as the application role (which cannot bypass RLS). Prisma
 * uses it, and so does the pipeline's raw SQL (`withTenantSql`).
 */
export function dbPool(): pg.Pool {
  if (!globalForDb.leadlinePool) {
    const e = env();
    const pool = new pg.Pool({
      connectionString: e.DATABASE_URL,
      max: e.DATABASE_POOL_MAX,
      connectionTimeoutMillis: 5_000,
      // Always plan for the actual arguments. A cached generic plan cannot see the tenant (RLS
      // reads it from a setting) nor how many ids an array holds, and was seen walking a whole
      // workspace's conversations to find two messages.
      options: "-c plan_cache_mode=force_custom_plan",
    });
    pool.on("error", (err) => logger.warn({ err: { message: err.message } }, "database pool error"));
    globalForDb.leadlinePool = pool;
  }
  return globalForDb.leadlinePool;
}

/**
 * The base Prisma client. Tenant data is only reachable through `withTenant`, which sets the
 * workspace per transaction.
 */
export function db(): PrismaClient {
  if (!globalForDb.leadlineDb) {
    const adapter = new PrismaPg(dbPool());
    // The app role may not read password hashes (column privileges); only sign-in reads one,
    // through the `user_password_hash` database function. Omitting the column keeps Prisma's
    // default selections (and RETURNING lists) within what the role may read.
    globalForDb.leadlineDb = new PrismaClient({ adapter, omit: { user: { passwordHash: true } } });
  }
  return globalForDb.leadlineDb;
}

export async function disconnectDb(): Promise<void> {
  const client = globalForDb.leadlineDb;
  const pool = globalForDb.leadlinePool;
  globalForDb.leadlineDb = undefined;
  globalForDb.leadlinePool = undefined;
  await client?.$disconnect();
  if (pool && !pool.ending) await pool.end();
}
