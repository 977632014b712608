import { asAppRole, migrateDeploy } from "../../scripts/lib/migrate";
import { createTestDatabase } from "./queue/create-test-database";

/**
 * A database of its own, migrated, for tests whose background workers must not share the run's
 * database (other test files' queue workers would take their jobs).
 */
export async function createMigratedDatabase(prefix: string): Promise<{ ownerUrl: string; appUrl: string; drop(): Promise<void> }> {
  const database = await createTestDatabase(prefix);
  try {
    await migrateDeploy(database.url);
  } catch (error) {
    await database.drop();
    throw error;
  }
  return { ownerUrl: database.url, appUrl: asAppRole(database.url), drop: database.drop };
}
