import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyCredentials } from "@/server/accounts/verify-credentials";
import { db } from "@/server/infra/db/client";
import { createUser } from "../helpers/factories";

/** Issue 11, finding 7: database hardening, checked with raw SQL as the app role and the owner. */
let app: pg.Client;
let owner: pg.Client;

beforeAll(async () => {
  app = new pg.Client({ connectionString: process.env.DATABASE_URL! });
  owner = new pg.Client({ connectionString: process.env.MIGRATE_DATABASE_URL! });
  await Promise.all([app.connect(), owner.connect()]);
});
afterAll(async () => {
  await Promise.all([app.end(), owner.end()]);
});

describe("SECURITY DEFINER functions", () => {
  it("every one pins search_path to public, pg_temp", async () => {
    const { rows } = await owner.query<{ proname: string; proconfig: string[] | null }>(
      `SELECT p.proname, p.proconfig FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = 'public' AND p.prosecdef`);
    expect(rows.length).toBeGreaterThanOrEqual(3);
    for (const row of rows) expect({ fn: row.proname, config: row.proconfig }).toEqual({ fn: row.proname, config: ["search_path=public, pg_temp"] });
  });

  it("a temporary table named like the trigger's target cannot capture its write", async () => {
    const id = `ws_tmp_${Date.now()}`;
    const channelId = `ch_${id}`;
    await app.query("BEGIN");
    try {
      await app.query("SELECT set_config('app.workspace_id', $1, true)", [id]);
      await app.query(`CREATE TEMP TABLE channel_routes (LIKE public.channel_routes) ON COMMIT DROP`);
      await app.query(`INSERT INTO workspaces (id, name, slug, "updatedAt") VALUES ($1, $1, $1, now())`, [id]);
      await app.query(`INSERT INTO channels (id, "workspaceId", platform, "externalId", name, "updatedAt") VALUES ($1, $2, 'DEMO', $1, 'demo', now())`, [channelId, id]);
      const captured = await app.query(`SELECT 1 FROM pg_temp.channel_routes WHERE "channelId" = $1`, [channelId]);
      const routed = await app.query(`SELECT 1 FROM public.channel_routes WHERE "channelId" = $1`, [channelId]);
      expect({ captured: captured.rowCount, routed: routed.rowCount }).toEqual({ captured: 0, routed: 1 });
    } finally {
      await app.query("ROLLBACK");
    }
  });
});

describe("password hashes", () => {
  it("the app role cannot select any user's password hash", async () => {
    await createUser("hashowner");
    await expect(app.query(`SELECT "passwordHash" FROM users LIMIT 1`)).rejects.toThrow(/permission denied/);
    await expect(app.query(`SELECT * FROM users LIMIT 1`)).rejects.toThrow(/permission denied/);
    // The other columns stay readable.
    const { rows } = await app.query(`SELECT id, "emailHash" FROM users LIMIT 1`);
    expect(rows).toHaveLength(1);
  });

  it("only the app role may call the one-hash lookup function", async () => {
    const { rows } = await owner.query<{ public_can: boolean; app_can: boolean }>(
      `SELECT has_function_privilege('public', 'user_password_hash(text)', 'EXECUTE') AS public_can,
              has_function_privilege('leadline_app', 'user_password_hash(text)', 'EXECUTE') AS app_can`);
    expect(rows[0]).toEqual({ public_can: false, app_can: true });
  });

  it("sign-in still works, and the Prisma client never selects the hash by default", async () => {
    const { userId, email } = await createUser("signin");
    expect(await verifyCredentials(email, "correct-horse-9")).toEqual({ userId });
    expect(await verifyCredentials(email, "wrong-horse-99")).toBeNull();
    expect(await verifyCredentials("nobody@example.test", "correct-horse-9")).toBeNull();
    const user = await db().user.findUniqueOrThrow({ where: { id: userId } });
    expect(user).not.toHaveProperty("passwordHash");
  });
});

describe("workspace-scoped foreign keys", () => {
  /** Workspace `x` with a channel, contact, conversation and message, inserted as the owner (no RLS). */
  async function seed(x: string) {
    await owner.query(`INSERT INTO workspaces (id, name, slug, "updatedAt") VALUES ($1, $1, $1, now())`, [x]);
    await owner.query(`INSERT INTO channels (id, "workspaceId", platform, "externalId", name, "updatedAt") VALUES ($1, $2, 'DEMO', $1, 'demo', now())`, [`ch_${x}`, x]);
    await insertContact(`ct_${x}`, x, `ch_${x}`);
    await insertConversation(`cv_${x}`, x, `ch_${x}`, `ct_${x}`);
    await insertMessage(`m_${x}`, x, `ch_${x}`, `cv_${x}`);
  }
  const insertContact = (id: string, ws: string, channelId: string) =>
    owner.query(`INSERT INTO contacts (id, "workspaceId", "channelId", "platformUserHash", "platformUserIdEnc", "updatedAt") VALUES ($1, $2, $3, $1, 'x', now())`, [id, ws, channelId]);
  const insertConversation = (id: string, ws: string, channelId: string, contactId: string) =>
    owner.query(`INSERT INTO conversations (id, "workspaceId", "channelId", "contactId", kind, "externalThreadId", "updatedAt") VALUES ($1, $2, $3, $4, 'DM', $1, now())`, [id, ws, channelId, contactId]);
  const insertMessage = (id: string, ws: string, channelId: string, conversationId: string) =>
    owner.query(`INSERT INTO messages (id, "workspaceId", "channelId", "conversationId", direction, "platformMessageId", "sentAt") VALUES ($1, $2, $3, $4, 'INBOUND', $1, now())`, [id, ws, channelId, conversationId]);

  it("refuses, even for the owner, a row that points at another workspace's parent", async () => {
    const a = `fk_a_${Date.now()}`;
    const b = `fk_b_${Date.now()}`;
    await seed(a);
    await seed(b);
    const fk = { code: "23503" }; // foreign_key_violation
    await expect(insertContact(`ct_x_${b}`, b, `ch_${a}`)).rejects.toMatchObject(fk);
    await expect(insertConversation(`cv_x1_${b}`, b, `ch_${b}`, `ct_${a}`)).rejects.toMatchObject(fk);
    await expect(insertConversation(`cv_x2_${b}`, b, `ch_${a}`, `ct_${b}`)).rejects.toMatchObject(fk);
    await expect(insertMessage(`m_x_${b}`, b, `ch_${b}`, `cv_${a}`)).rejects.toMatchObject(fk);
    await expect(owner.query(`INSERT INTO replies (id, "workspaceId", "conversationId", source, status, "textEnc", "updatedAt") VALUES ($1, $2, $3, 'HUMAN', 'DRAFT', 'x', now())`, [`r_x_${b}`, b, `cv_${a}`])).rejects.toMatchObject(fk);
    await expect(owner.query(`INSERT INTO leads (id, "workspaceId", "contactId", "updatedAt") VALUES ($1, $2, $3, now())`, [`l_x_${b}`, b, `ct_${a}`])).rejects.toMatchObject(fk);
    // Moving one message to another workspace is refused: its conversation stays in the first.
    await expect(owner.query(`UPDATE messages SET "workspaceId" = $1 WHERE id = $2`, [b, `m_${a}`])).rejects.toMatchObject(fk);
    // The same references inside one workspace are accepted.
    await expect(owner.query(`INSERT INTO leads (id, "workspaceId", "contactId", "updatedAt") VALUES ($1, $2, $3, now())`, [`l_${b}`, b, `ct_${b}`])).resolves.toBeDefined();
    // Deleting a workspace still cascades through the new keys.
    await owner.query(`DELETE FROM workspaces WHERE id = ANY($1)`, [[a, b]]);
    const { rows } = await owner.query(`SELECT count(*)::int AS n FROM messages WHERE "workspaceId" = ANY($1)`, [[a, b]]);
    expect(rows[0]).toEqual({ n: 0 });
  });
});
