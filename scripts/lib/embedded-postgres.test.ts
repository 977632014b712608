import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres } from "./embedded-postgres";
import { asAppRole, migrateDeploy } from "./migrate";

const randomPort = () => 20_000 + Math.floor(Math.random() * 20_000);

describe("embedded PostgreSQL (PGlite socket server)", () => {
  it("keeps concurrent pooled clients' parameterised queries and transactions apart, and survives errors", async () => {
    const embedded = await startEmbeddedPostgres({ port: randomPort() });
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

describe("embedded PostgreSQL: each connection runs as its login role", () => {
  let embedded: Awaited<ReturnType<typeof startEmbeddedPostgres>>;
  let appUrl: string;
  const A = "ws_embedded_a";
  const B = "ws_embedded_b";

  /** Runs `fn` in a transaction whose tenant is `workspaceId`, as src/server/infra/db/tenant.ts does. */
  async function inTenant<T>(client: pg.ClientBase, workspaceId: string, fn: () => Promise<T>): Promise<T> {
    await client.query("BEGIN");
    try {
      await client.query("SELECT set_config('app.workspace_id', $1, true), set_config('app.user_id', '', true)", [workspaceId]);
      const result = await fn();
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK");
      throw error;
    }
  }

  async function connect(url: string): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: url });
    client.on("error", () => undefined); // a refused or closed connection is asserted on its query
    await client.connect();
    return client;
  }

  beforeAll(async () => {
    embedded = await startEmbeddedPostgres({ port: randomPort() });
    await migrateDeploy(embedded.url);
    appUrl = asAppRole(embedded.url);
    const owner = await connect(embedded.url);
    try {
      for (const id of [A, B]) {
        await owner.query(`INSERT INTO workspaces (id, name, slug, "updatedAt") VALUES ($1, $1, $1, now())`, [id]);
        await owner.query(`INSERT INTO knowledge_articles (id, "workspaceId", title, body, "updatedAt") VALUES ($1, $2, 'Opening hours', 'Nine to five', now())`, [`ka_${id}`, id]);
      }
    } finally {
      await owner.end();
    }
  }, 180_000);

  afterAll(async () => {
    await embedded?.stop();
  });

  it("connects leadline_app as itself, not as a superuser, and the owner as postgres", async () => {
    const app = await connect(appUrl);
    const owner = await connect(embedded.url);
    try {
      const { rows: appRows } = await app.query("SELECT current_user, session_user, current_setting('is_superuser') AS su, (SELECT rolbypassrls FROM pg_roles WHERE rolname = current_user) AS bypass");
      expect(appRows[0]).toEqual({ current_user: "leadline_app", session_user: "leadline_app", su: "off", bypass: false });
      const { rows: ownerRows } = await owner.query("SELECT current_user, current_setting('is_superuser') AS su");
      expect(ownerRows[0]).toEqual({ current_user: "postgres", su: "on" });
      // And back: the app's next query runs as the app again.
      expect((await app.query("SELECT current_user")).rows[0].current_user).toBe("leadline_app");
    } finally {
      await Promise.all([app.end(), owner.end()]);
    }
  });

  it("enforces row-level security on leadline_app: no other workspace's rows, seen or written", async () => {
    const app = await connect(appUrl);
    try {
      // Without a tenant: nothing.
      expect((await app.query("SELECT id FROM workspaces")).rows).toEqual([]);
      expect((await app.query("SELECT id FROM knowledge_articles")).rows).toEqual([]);
      await inTenant(app, A, async () => {
        expect((await app.query("SELECT id FROM workspaces")).rows).toEqual([{ id: A }]);
        expect((await app.query(`SELECT "workspaceId" FROM knowledge_articles`)).rows).toEqual([{ workspaceId: A }]);
        expect((await app.query(`SELECT id FROM knowledge_articles WHERE "workspaceId" = $1`, [B])).rows).toEqual([]);
      });
      await expect(
        inTenant(app, A, () => app.query(`INSERT INTO knowledge_articles (id, "workspaceId", title, body, "updatedAt") VALUES ('ka_intruder', $1, 't', 'b', now())`, [B])),
      ).rejects.toThrow(/row-level security/);
      await expect(inTenant(app, A, () => app.query(`UPDATE knowledge_articles SET title = 'x' WHERE "workspaceId" = $1`, [B]))).resolves.toMatchObject({ rowCount: 0 });
      await expect(app.query("DELETE FROM audit_logs")).rejects.toThrow(/permission denied/);
    } finally {
      await app.end();
    }
    const owner = await connect(embedded.url);
    try {
      const { rows } = await owner.query(`SELECT "workspaceId", title FROM knowledge_articles ORDER BY "workspaceId"`);
      expect(rows).toEqual([
        { workspaceId: A, title: "Opening hours" },
        { workspaceId: B, title: "Opening hours" },
      ]);
    } finally {
      await owner.end();
    }
  });

  it("refuses a role that does not exist with a clear error and keeps serving the others", async () => {
    const url = new URL(embedded.url);
    url.username = "nobody";
    await expect(connect(url.toString())).rejects.toThrow(/role "nobody" does not exist/);
    const app = await connect(appUrl);
    try {
      expect((await app.query("SELECT current_user")).rows[0].current_user).toBe("leadline_app");
    } finally {
      await app.end();
    }
  });

  it("closes a leadline_app connection that changes its session authorization; nobody else runs with it", async () => {
    for (const escalate of ["SET SESSION AUTHORIZATION postgres", "SELECT set_config('session_authorization', 'postgres', false)"]) {
      const app = await connect(appUrl);
      await app.query(escalate).catch(() => undefined);
      await expect(app.query("SELECT id FROM workspaces")).rejects.toThrow();
      await app.end().catch(() => undefined);
      const fresh = await connect(appUrl);
      try {
        expect((await fresh.query("SELECT current_user, (SELECT count(*)::int FROM workspaces) AS n")).rows[0]).toEqual({ current_user: "leadline_app", n: 0 });
      } finally {
        await fresh.end();
      }
    }
  });

  it("never runs one pool's queries or transactions with the other pool's role", async () => {
    const appPool = new pg.Pool({ connectionString: appUrl, max: 5 });
    const ownerPool = new pg.Pool({ connectionString: embedded.url, max: 5 });
    try {
      await ownerPool.query("CREATE TABLE IF NOT EXISTS interleave (id int primary key, who text)");
      // The migrations' default privileges grant the app every new table; this one it may only read.
      await ownerPool.query("REVOKE INSERT, UPDATE, DELETE ON interleave FROM leadline_app");
      const work = Array.from({ length: 240 }, async (_, i) => {
        const asApp = i % 2 === 0;
        const pool = asApp ? appPool : ownerPool;
        switch (i % 6) {
          case 0:
          case 1: {
            // A parameterised query outside a transaction.
            const { rows } = await pool.query("SELECT current_user AS who, $1::int AS i, (SELECT count(*)::int FROM workspaces) AS n", [i]);
            expect(rows[0]).toEqual({ who: asApp ? "leadline_app" : "postgres", i, n: asApp ? 0 : 2 });
            return;
          }
          case 2:
          case 3: {
            // A transaction of several statements.
            const client = await pool.connect();
            try {
              if (asApp) {
                const seen = await inTenant(client, i % 4 === 2 ? A : B, async () => {
                  const { rows } = await client.query("SELECT current_user AS who, array_agg(id) AS ids FROM workspaces");
                  const articles = await client.query(`SELECT count(*)::int AS n FROM knowledge_articles`);
                  return { ...rows[0], articles: articles.rows[0].n };
                });
                expect(seen).toEqual({ who: "leadline_app", ids: [i % 4 === 2 ? A : B], articles: 1 });
              } else {
                await client.query("BEGIN");
                await client.query("INSERT INTO interleave (id, who) VALUES ($1, current_user)", [i]);
                const { rows } = await client.query("SELECT who, (SELECT count(*)::int FROM knowledge_articles) AS n FROM interleave WHERE id = $1", [i]);
                expect(rows[0]).toEqual({ who: "postgres", n: 2 });
                await client.query("COMMIT");
              }
            } finally {
              client.release();
            }
            return;
          }
          case 4: {
            // Writes the app may not do fail for the app only.
            const write = pool.query("INSERT INTO interleave (id, who) VALUES ($1, current_user)", [i]);
            if (asApp) await expect(write).rejects.toThrow(/permission denied/);
            else await write;
            return;
          }
          default: {
            await expect(pool.query("SELECT * FROM no_such_table WHERE id = $1", [i])).rejects.toThrow(/does not exist/);
          }
        }
      });
      await Promise.all(work);
      const { rows } = await ownerPool.query("SELECT DISTINCT who FROM interleave");
      expect(rows).toEqual([{ who: "postgres" }]);
    } finally {
      await Promise.all([appPool.end(), ownerPool.end()]);
    }
  }, 60_000);
});
