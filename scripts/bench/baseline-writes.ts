import pg from "pg";
import { BENCH_APPLICATION_NAME } from "./count-queries";

/** About the size of a stored message row: ids, timestamps and an AES-GCM encrypted text. */
const BODY = `v1:k1:${"x".repeat(24)}:${"y".repeat(160)}:${"z".repeat(24)}`;

/**
 * The same-run baseline: `count` single-row INSERTs of a message-sized row through `pg`, with
 * `concurrency` callers sharing a pool of `poolMax` connections. Returns rows/s.
 */
export async function measureBaselineWrites(url: string, count: number, concurrency: number, poolMax: number): Promise<number> {
  const pool = new pg.Pool({ connectionString: url, max: poolMax, application_name: BENCH_APPLICATION_NAME });
  try {
    await pool.query(`CREATE TABLE IF NOT EXISTS bench_baseline (id bigserial PRIMARY KEY, workspace_id text NOT NULL, platform_message_id text NOT NULL, text_enc text NOT NULL, received_at timestamptz NOT NULL DEFAULT now())`);
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let i = next++; i < count; i = next++) {
          await pool.query("INSERT INTO bench_baseline (workspace_id, platform_message_id, text_enc) VALUES ($1, $2, $3)", ["ws_bench", `m${i}`, BODY]);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    await pool.query("DROP TABLE bench_baseline");
    return count / seconds;
  } finally {
    await pool.end();
  }
}
