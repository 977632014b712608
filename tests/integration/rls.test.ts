import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * Tenant isolation proven with raw SQL as the application role: whatever a service asks
 * for, PostgreSQL only shows and accepts the rows of the workspace set for the transaction.
 */
const appUrl = () => process.env.DATABASE_URL!;
const ownerUrl = () => process.env.MIGRATE_DATABASE_URL!;

const TENANT_TABLES = [
  "workspaces", "memberships", "invitations", "channels", "contacts", "conversations", "messages",
  "replies", "leads", "agent_runs", "knowledge_articles", "crm_connections", "crm_sync_runs",
  "audit_logs", "usage_records", "scorer_models", "outbox", "oauth_states", "crm_lead_links", "crm_erasure_requests",
  "conversation_reads", "intent_corrections", "conversation_notes", "saved_replies", "lead_score_history",
  "notifications", "notification_preferences", "notification_digests",
  // Keyed by the creating user (its policy reads app.user_id), with the workspace it created.
  "workspace_creations",
];

let app: pg.Client;

async function asTenant<T>(workspaceId: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  await app.query("BEGIN");
  try {
    await app.query("SELECT set_config('app.workspace_id', $1, true)", [workspaceId]);
    return await fn(app);
  } finally {
    await app.query("ROLLBACK");
  }
}

async function seedTenant(id: string): Promise<void> {
  await app.query("BEGIN");
  await app.query("SELECT set_config('app.workspace_id', $1, true)", [id]);
  await app.query(`INSERT INTO workspaces (id, name, slug, "updatedAt") VALUES ($1, $1, $1, now())`, [id]);
  await app.query(
    `INSERT INTO channels (id, "workspaceId", platform, "externalId", name, "updatedAt") VALUES ($1, $2, 'DEMO', $1, 'demo', now())`,
    [`ch_${id}`, id],
  );
  await app.query(
    `INSERT INTO knowledge_articles (id, "workspaceId", title, body, "updatedAt") VALUES ($1, $2, 'Pricing', 'Pro costs 10', now())`,
    [`kb_${id}`, id],
  );
  await app.query(`INSERT INTO audit_logs (id, "workspaceId", "actorType", action) VALUES ($1, $2, 'SYSTEM', 'test')`, [`al_${id}`, id]);
  await app.query("COMMIT");
}

beforeAll(async () => {
  app = new pg.Client({ connectionString: appUrl() });
  await app.connect();
  await seedTenant("rls_a");
  await seedTenant("rls_b");
});

afterAll(async () => {
  await app.end();
});

describe("row-level security", () => {
  it("connects as a role that is neither superuser nor BYPASSRLS", async () => {
    const { rows } = await app.query("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user");
    expect(rows[0]).toEqual({ rolsuper: false, rolbypassrls: false });
  });

  it("enables and forces RLS on every table holding tenant data", async () => {
    const owner = new pg.Client({ connectionString: ownerUrl() });
    await owner.connect();
    const { rows } = await owner.query(
      `SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity FROM pg_class c
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname IN ('workspaceId')
       WHERE c.relkind = 'r' AND c.relnamespace = 'public'::regnamespace`,
    );
    await owner.end();
    const withWorkspaceColumn = rows.map((r) => r.relname as string).filter((n) => !["channel_routes", "workspace_directory"].includes(n));
    expect(new Set([...withWorkspaceColumn, "workspaces"])).toEqual(new Set(TENANT_TABLES));
    for (const row of rows.filter((r) => TENANT_TABLES.includes(r.relname))) {
      expect({ table: row.relname, rls: row.relrowsecurity, forced: row.relforcerowsecurity }).toEqual({ table: row.relname, rls: true, forced: true });
    }
  });

  it("shows nothing when no tenant is set", async () => {
    for (const table of TENANT_TABLES) {
      const { rows } = await app.query(`SELECT count(*)::int AS n FROM ${table}`);
      expect({ table, n: rows[0].n }).toEqual({ table, n: 0 });
    }
  });

  it("hides another workspace's rows", async () => {
    await asTenant("rls_a", async (c) => {
      const channels = await c.query(`SELECT "workspaceId" FROM channels`);
      expect(channels.rows).toEqual([{ workspaceId: "rls_a" }]);
      const byId = await c.query(`SELECT * FROM knowledge_articles WHERE id = 'kb_rls_b'`);
      expect(byId.rowCount).toBe(0);
      const ws = await c.query(`SELECT id FROM workspaces`);
      expect(ws.rows).toEqual([{ id: "rls_a" }]);
    });
  });

  it("refuses to insert a row into another workspace", async () => {
    await asTenant("rls_a", async (c) => {
      await expect(
        c.query(`INSERT INTO knowledge_articles (id, "workspaceId", title, body, "updatedAt") VALUES ('x', 'rls_b', 't', 'b', now())`),
      ).rejects.toThrow(/row-level security/);
    });
  });

  it("cannot update or delete another workspace's rows, nor move a row across tenants", async () => {
    await asTenant("rls_a", async (c) => {
      const updated = await c.query(`UPDATE knowledge_articles SET title = 'hacked' WHERE id = 'kb_rls_b'`);
      expect(updated.rowCount).toBe(0);
      const deleted = await c.query(`DELETE FROM channels WHERE id = 'ch_rls_b'`);
      expect(deleted.rowCount).toBe(0);
      await expect(c.query(`UPDATE knowledge_articles SET "workspaceId" = 'rls_b' WHERE id = 'kb_rls_a'`)).rejects.toThrow(/row-level security/);
    });
    await asTenant("rls_b", async (c) => {
      const { rows } = await c.query(`SELECT title FROM knowledge_articles WHERE id = 'kb_rls_b'`);
      expect(rows).toEqual([{ title: "Pricing" }]);
    });
  });

  it("keeps the audit log append-only for the app role", async () => {
    await asTenant("rls_a", async (c) => {
      await expect(c.query(`UPDATE audit_logs SET action = 'x'`)).rejects.toThrow(/permission denied/);
    });
    await asTenant("rls_a", async (c) => {
      await expect(c.query(`DELETE FROM audit_logs`)).rejects.toThrow(/permission denied/);
    });
  });

  it("routes channels globally without exposing tenant rows", async () => {
    const { rows } = await app.query(`SELECT "workspaceId" FROM channel_routes WHERE "externalId" = 'ch_rls_b'`);
    expect(rows).toEqual([{ workspaceId: "rls_b" }]);
    await expect(app.query(`INSERT INTO channel_routes VALUES ('DEMO', 'x', 'y', 'rls_a')`)).rejects.toThrow(/permission denied/);
  });
});
