import pg from "pg";
import { describe, expect, it } from "vitest";
import { startEmbeddedPostgres } from "./embedded-postgres";

describe("embedded PostgreSQL (PGlite socket server)", () => {
  it("keeps concurrent pooled clients' parameterised queries and transactions apart, and survives errors", async () => {
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const embedded = await startEmbeddedPostgres({ port });
    const pools = [new pg.Pool({ connectionString: embedded.url, max: 4 }), new pg.Pool({ connectionString: embedded.url, max: 4 })];
    try {
      await pools[0]!.query("CREATE TABLE t (id int primary key, v text)");
      const work = Array.from({ length: 200 }, async (_, i) => {
        const pool = pools[i % 2]!;
        if (i % 10 === 0) {
          // A failing statement must not stall everyone else.
          await expect(pool.query("SELECT * FROM no_such_table WHERE id = $1", [i])).rejects.toThrow(/does not exist/);
          return;
        }
        const client = await pool.connect();
        try {
          await client.query("BEGIN");
          await client.query("INSERT INTO t (id, v) VALUES ($1, $2)", [i, `v${i}`]);
          const { rows } = await client.query("SELECT v FROM t WHERE id = $1", [i]);
          expect(rows).toEqual([{ v: `v${i}` }]);
          await client.query("COMMIT");
        } finally {
          client.release();
        }
      });
      await Promise.all(work);
      const { rows } = await pools[1]!.query("SELECT count(*)::int AS n FROM t");
      expect(rows[0].n).toBe(180);
    } finally {
      await Promise.all(pools.map((p) => p.end()));
      await embedded.stop();
    }
  }, 60_000);
});
