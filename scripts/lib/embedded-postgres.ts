import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { serialiseProtocolExchanges } from "./pglite-protocol-queue";

/**
 * The embedded default database: PGlite (Postgres compiled to WASM) served on a local port so
 * Prisma, pg-boss and psql talk to it like any PostgreSQL. Data persists in `dataDir`
 * (omit it for an in-memory database). It has one superuser, so RLS is not enforced here;
 * use a real PostgreSQL (DATABASE_URL) for that.
 */
export async function startEmbeddedPostgres(opts: { dataDir?: string; port: number; maxConnections?: number }) {
  if (opts.dataDir) mkdirSync(opts.dataDir, { recursive: true });
  const db = await PGlite.create(opts.dataDir);
  const server = new PGLiteSocketServer({ db, port: opts.port, host: "127.0.0.1", maxConnections: opts.maxConnections ?? 40 });
  serialiseProtocolExchanges(server);
  await server.start();
  return {
    url: `postgresql://postgres:postgres@127.0.0.1:${opts.port}/postgres?sslmode=disable`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
