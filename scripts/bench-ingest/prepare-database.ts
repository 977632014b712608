import pg from "pg";
import { createPostgresDatabase, type BenchDatabase } from "../bench/bench-database";
import { benchPageId } from "./meta-deliveries";

export const BENCH_WORKSPACE_ID = "ws_bench_ingest";

/**
 * A fresh, migrated database (scripts/bench/bench-database.ts: owner migrates, the app connects
 * as leadline_app) with one workspace, `pages` connected FACEBOOK channels, and the baseline
 * route's table. Seeded as the owner with plain SQL: the channel_routes trigger fills the
 * routing table a webhook resolves its Page through, as it does for a real connect.
 */
export async function prepareDatabase(serverUrl: string, name: string, pages: number): Promise<BenchDatabase> {
  const database = await createPostgresDatabase(serverUrl, name);
  const owner = new pg.Client({ connectionString: database.ownerUrl });
  try {
    await owner.connect();
    await owner.query("BEGIN");
    await owner.query(`INSERT INTO "workspaces" ("id", "name", "slug", "updatedAt") VALUES ($1, 'Ingest bench', 'ingest-bench', now())`, [BENCH_WORKSPACE_ID]);
    await owner.query(
      `INSERT INTO "channels" ("id", "workspaceId", "platform", "externalId", "name", "updatedAt")
       SELECT 'ch_bench_' || t.i, $1, 'FACEBOOK', t.ext, 'Bench Page ' || t.i, now() FROM unnest($2::text[]) WITH ORDINALITY AS t(ext, i)`,
      [BENCH_WORKSPACE_ID, Array.from({ length: pages }, (_, i) => benchPageId(i))],
    );
    // The baseline route's table: no migration creates it, only this throwaway database has it.
    await owner.query(`CREATE TABLE bench_baseline_hits (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, at timestamptz NOT NULL DEFAULT now())`);
    await owner.query(`GRANT INSERT ON bench_baseline_hits TO leadline_app`);
    await owner.query("COMMIT");
  } catch (error) {
    await owner.end().catch(() => undefined);
    await database.stop().catch(() => undefined);
    throw error;
  }
  await owner.end();
  return database;
}
