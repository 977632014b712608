import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/generated/prisma/client";
import { env } from "../env/load-env";
import { logger } from "../logger";

const globalForDb = globalThis as unknown as { leadlineDb?: PrismaClient };

/**
 * The base Prisma client, connected as the application role (which cannot bypass RLS).
 * Tenant data is only reachable through `withTenant`, which sets the workspace per transaction.
 */
export function db(): PrismaClient {
  if (!globalForDb.leadlineDb) {
    const e = env();
    const adapter = new PrismaPg(
      { connectionString: e.DATABASE_URL, max: e.DATABASE_POOL_MAX, connectionTimeoutMillis: 5_000 },
      { onPoolError: (err) => logger.warn({ err: { message: err.message } }, "database pool error") },
    );
    globalForDb.leadlineDb = new PrismaClient({ adapter });
  }
  return globalForDb.leadlineDb;
}

export async function disconnectDb(): Promise<void> {
  await globalForDb.leadlineDb?.$disconnect();
  globalForDb.leadlineDb = undefined;
}
