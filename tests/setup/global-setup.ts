import { randomBytes } from "node:crypto";
import pg from "pg";
import { asAppRole, migrateDeploy } from "../../scripts/lib/migrate";

/**
 * One fresh PostgreSQL database per test run (so parallel runs never interfere), migrated
 * as the owner; tests connect as the application role, which RLS applies to.
 */
const ADMIN_URL = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export default async function setup(): Promise<() => Promise<void>> {
  const name = `leadline_test_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();

  const ownerUrl = new URL(ADMIN_URL);
  ownerUrl.pathname = `/${name}`;
  await migrateDeploy(ownerUrl.toString());

  process.env.MIGRATE_DATABASE_URL = ownerUrl.toString();
  process.env.DATABASE_URL = asAppRole(ownerUrl.toString());
  process.env.TEST_DATABASE_NAME = name;

  return async () => {
    const dropper = new pg.Client({ connectionString: ADMIN_URL });
    await dropper.connect();
    await dropper.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await dropper.end();
  };
}
