import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import pg from "pg";
import { startEmbeddedPostgres } from "../lib/embedded-postgres";
import { asAppRole, migrateDeploy } from "../lib/migrate";

export type BenchDatabase = {
  /** What the app connects with (DATABASE_URL). */
  appUrl: string;
  /** Migrations, pg-boss and the benchmark's own read-back/baseline (MIGRATE_DATABASE_URL). */
  ownerUrl: string;
  stop: () => Promise<void>;
};

export function benchDatabaseName(): string {
  return `leadline_bench_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
}

function withDatabase(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A fresh database on the real server, migrated as its owner; the app uses the RLS-bound role. */
export async function createPostgresDatabase(serverUrl: string, name: string): Promise<BenchDatabase> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const ownerUrl = withDatabase(serverUrl, name);
  await migrateDeploy(ownerUrl);
  return { appUrl: asAppRole(ownerUrl), ownerUrl, stop: () => dropPostgresDatabase(serverUrl, name) };
}

export async function dropPostgresDatabase(serverUrl: string, name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * PGlite in memory on a free port, in this process, the way `npm run dev` serves it
 * (scripts/lib/embedded-postgres.ts): migrated as the owner, the app as `leadline_app`, so
 * row-level security costs what it costs in production.
 */
export async function startEmbeddedDatabase(): Promise<BenchDatabase> {
  const embedded = await startEmbeddedPostgres({ port: await freePort() });
  try {
    await migrateDeploy(embedded.url);
  } catch (error) {
    await embedded.stop();
    throw error;
  }
  return { appUrl: asAppRole(embedded.url), ownerUrl: embedded.url, stop: embedded.stop };
}
