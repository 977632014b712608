import { existsSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { defineConfig } from "prisma/config";
import { createCatalogSafePool } from "./src/server/infra/db/catalog-safe-pool";

if (existsSync(".env")) process.loadEnvFile(".env");

// Prisma 6.19 with no native engine (see TOOLCHAIN.md): the WASM schema engine talks to the
// database through this driver adapter. Migrations run as the database owner:
// MIGRATE_DATABASE_URL when set, else DATABASE_URL.
const connectionString = process.env.MIGRATE_DATABASE_URL ?? process.env.DATABASE_URL;

// The CLI falls back to downloading the native query engine when the schema's `url` env var is
// unset, even for `generate`. Commands that touch a database use the adapter below instead,
// which refuses to run without a real connection string.
process.env.DATABASE_URL ??= "postgresql://unset@127.0.0.1:1/unset";

function adapterFor(url: string, onDispose?: () => Promise<void>) {
  const pool = createCatalogSafePool({ connectionString: url, max: 4 });
  const factory = new PrismaPg(pool, { disposeExternalPool: true });
  return Object.assign(factory, {
    async connect() {
      const adapter = await PrismaPg.prototype.connect.call(factory);
      const dispose = adapter.dispose.bind(adapter);
      return Object.assign(adapter, {
        // Workaround: the adapter splits migration scripts on ";", which breaks DO blocks and
        // function bodies. PostgreSQL's simple query protocol runs a whole script at once.
        async executeScript(script: string) {
          await pool.query(script);
        },
        // Workaround: the adapter's own connectToShadowDb reuses the main connection string
        // and drops the shadow database while its pool still holds a connection.
        async dispose() {
          await dispose();
          await onDispose?.();
        },
      });
    },
  });
}

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations", seed: "tsx prisma/seed.ts" },
  async adapter() {
    if (!connectionString) throw new Error("DATABASE_URL is not set: migrations need a database to run against");
    const main = adapterFor(connectionString);
    return Object.assign(main, {
      async connectToShadowDb() {
        const name = `leadline_shadow_${randomUUID().replaceAll("-", "")}`;
        const admin = new pg.Client({ connectionString });
        await admin.connect();
        await admin.query(`CREATE DATABASE "${name}"`);
        await admin.end();
        const url = new URL(connectionString);
        url.pathname = `/${name}`;
        return adapterFor(url.toString(), async () => {
          const dropper = new pg.Client({ connectionString });
          await dropper.connect();
          await dropper.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
          await dropper.end();
        }).connect();
      },
    });
  },
});
