import { randomBytes } from "node:crypto";
import pg from "pg";
import { migrateDeploy } from "../../scripts/lib/migrate";

const ADMIN_URL = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

async function run(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A fresh, migrated database for one browser run; `drop` removes it even with open connections. */
export async function createE2eDatabase(): Promise<{ ownerUrl: string; drop: () => Promise<void> }> {
  const name = `leadline_e2e_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  await run(`CREATE DATABASE "${name}"`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const ownerUrl = url.toString();
  const drop = () => run(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  try {
    await migrateDeploy(ownerUrl);
  } catch (error) {
    await drop();
    throw error;
  }
  return { ownerUrl, drop };
}
