import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { createConnectionRoles } from "./pglite-connection-roles";
import { serialiseProtocolExchanges } from "./pglite-protocol-queue";

/**
 * The embedded default database: PGlite (Postgres compiled to WASM) served on a local port so
 * Prisma, pg-boss and psql talk to it like any PostgreSQL. Data persists in `dataDir`
 * (omit it for an in-memory database). Each connection runs as the role it logs in as (the
 * URL's user name; no password is checked): `url` is the superuser owner, and once the
 * migrations created it, `leadline_app` connects without BYPASSRLS, so row-level security is
 * enforced as in production (pglite-connection-roles.ts).
 */
export async function startEmbeddedPostgres(opts: { dataDir?: string; port: number; maxConnections?: number }) {
  if (opts.dataDir) mkdirSync(opts.dataDir, { recursive: true });
  const db = await PGlite.create(opts.dataDir);
  const server = new PGLiteSocketServer({ db, port: opts.port, host: "127.0.0.1", maxConnections: opts.maxConnections ?? 40 });
  serialiseProtocolExchanges(server, createConnectionRoles(db));
  await server.start();
  return {
    /** The owner (PGlite's superuser `postgres`): migrations and pg-boss. */
    url: `postgresql://postgres:postgres@127.0.0.1:${opts.port}/postgres?sslmode=disable`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
