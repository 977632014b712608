import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "../errors/app-error";
import { assertAppRole } from "./assert-app-role";
import { dbPool, disconnectDb } from "./client";

const ownerUrl = () => process.env.MIGRATE_DATABASE_URL!;
const bypassRole = `leadline_bypass_${randomBytes(4).toString("hex")}`;

function withUser(url: string, user: string, password = ""): string {
  const u = new URL(url);
  u.username = user;
  u.password = password;
  return u.toString();
}

async function check(url: string): Promise<void> {
  const pool = new pg.Pool({ connectionString: url, max: 1, connectionTimeoutMillis: 3_000 });
  pool.on("error", () => undefined);
  try {
    await assertAppRole(pool);
  } finally {
    await pool.end();
  }
}

beforeAll(async () => {
  // Roles are global to the server: a unique name, dropped afterwards.
  const owner = new pg.Client({ connectionString: ownerUrl() });
  await owner.connect();
  await owner.query(`CREATE ROLE "${bypassRole}" LOGIN NOSUPERUSER BYPASSRLS`);
  await owner.end();
});

afterAll(async () => {
  await disconnectDb();
  const owner = new pg.Client({ connectionString: ownerUrl() });
  await owner.connect();
  await owner.query(`DROP ROLE IF EXISTS "${bypassRole}"`);
  await owner.end();
});

describe("assertAppRole", () => {
  it("accepts the app's own pool, connected as leadline_app", async () => {
    await expect(assertAppRole(dbPool())).resolves.toBeUndefined();
  });

  it("refuses a superuser connection and names the fix", async () => {
    const error = await check(ownerUrl()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("INTERNAL");
    expect((error as Error).message).toMatch(/DATABASE_URL connects as "postgres", which bypasses row-level security \(SUPERUSER(, BYPASSRLS)?\)/);
    expect((error as Error).message).toMatch(/non-bypass role leadline_app.*MIGRATE_DATABASE_URL/);
  });

  it("refuses a NOSUPERUSER role with BYPASSRLS", async () => {
    await expect(check(withUser(ownerUrl(), bypassRole))).rejects.toThrow(new RegExp(`"${bypassRole}", which bypasses row-level security \\(BYPASSRLS\\)`));
  });

  it("says clearly that a database that is down could not be checked, without the URL's password", async () => {
    const error = await check("postgresql://leadline_app:hunter2-secret@127.0.0.1:1/leadline").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("UNAVAILABLE");
    expect((error as Error).message).toMatch(/^Could not check the database role of DATABASE_URL \(.*ECONNREFUSED.*\)\. Is the database running and reachable\?$/);
    expect((error as Error).message).not.toContain("hunter2");
  });
});
