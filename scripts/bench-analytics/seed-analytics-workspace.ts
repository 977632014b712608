import type pg from "pg";

export type SeedShape = { workspaceId: string; messages: number; days: number; now: Date };

/**
 * One workspace of analytics data in realistic proportions, generated in the database by
 * INSERT ... SELECT generate_series (no rows cross the wire), as the owner:
 *
 * - 4 channels (Facebook, Instagram, X, Demo); one conversation per contact, 8 messages each on
 *   average, so messages / 8 conversations and contacts; a lead for 4 contacts in 5;
 * - messages spread over `days`, 3 in 5 inbound (intents: sales 35%, support 25%, other 25%,
 *   spam 10%, not yet classified 5%), the rest outbound echoes;
 * - an AI reply for every sales or support message (auto-sent 50%, drafts 38%, hand-offs 12%;
 *   drafts approved, edited, discarded or pending) and a person's own reply for 1 in 20 others;
 * - an intent and a scorer run per inbound message and a reply run per AI reply (30% local,
 *   20% cache hits), this month's usage records, a CRM connection with a run every 5 minutes and
 *   a link per lead.
 *
 * Text columns hold placeholders: analytics never reads them.
 */
export async function seedAnalyticsWorkspace(owner: pg.Client, shape: SeedShape): Promise<void> {
  const { workspaceId: ws, messages, days } = shape;
  const conversations = Math.max(1, Math.round(messages / 8));
  const p = ws; // id prefix: ids stay unique across the seeded workspaces
  const now = shape.now.toISOString();
  const q = (sql: string, values: unknown[] = []) => owner.query(sql, values);

  await q(`SELECT set_config('app.workspace_id', $1, false)`, [ws]);
  await q(`INSERT INTO workspaces (id, name, slug, "monthlyAiBudgetUsd", "updatedAt") VALUES ($1, $2, $1, 250, now())`, [ws, `Bench ${ws}`]);
  await q(
    `INSERT INTO channels (id, "workspaceId", platform, "externalId", name, "updatedAt")
     SELECT $1 || '_ch' || i, $1, (ARRAY['FACEBOOK','INSTAGRAM','X','DEMO'])[i]::"Platform", $1 || '_ext' || i,
            (ARRAY['Shop page','Shop Instagram','Shop on X','Demo'])[i], now()
       FROM generate_series(1, 4) i`,
    [ws],
  );
  // Conversation c starts at a point spread over the period; the channel mix is 40/30/20/10.
  await q(
    `INSERT INTO contacts (id, "workspaceId", "channelId", "platformUserHash", "platformUserIdEnc", "createdAt", "updatedAt")
     SELECT $1 || '_ct' || c, $1, $1 || '_ch' || (CASE WHEN c % 10 < 4 THEN 1 WHEN c % 10 < 7 THEN 2 WHEN c % 10 < 9 THEN 3 ELSE 4 END),
            'h' || c, 'enc', $3::timestamp - ($4 || ' days')::interval * (1 - c::float8 / $2), now()
       FROM generate_series(1, $2::int) c`,
    [p, conversations, now, days],
  );
  await q(
    `INSERT INTO conversations (id, "workspaceId", "channelId", "contactId", kind, "externalThreadId", "createdAt", "updatedAt")
     SELECT $1 || '_cv' || substr(id, length($1 || '_ct') + 1), "workspaceId", "channelId", id, 'DM', 't' || id, "createdAt", now()
       FROM contacts WHERE "workspaceId" = $1`,
    [p],
  );
  await q(
    `INSERT INTO leads (id, "workspaceId", "contactId", tier, score, status, "createdAt", "updatedAt", "changedAt")
     SELECT $1 || '_ld' || n, "workspaceId", id,
            (ARRAY['HOT','WARM','COLD','COLD','WARM'])[1 + n % 5]::"LeadTier", n % 100,
            (CASE WHEN n % 10 < 6 THEN 'NEW' WHEN n % 10 < 8 THEN 'QUALIFIED' WHEN n % 10 < 9 THEN 'WON' ELSE 'LOST' END)::"LeadStatus",
            "createdAt", now(), "createdAt"
       FROM (SELECT id, "workspaceId", "createdAt", substr(id, length($1 || '_ct') + 1)::int AS n FROM contacts WHERE "workspaceId" = $1) c
      WHERE n % 5 <> 0`,
    [p],
  );
  // Message n belongs to conversation (n % C) and is its k-th (k = n / C); a few minutes to hours apart.
  await q(
    `INSERT INTO messages (id, "workspaceId", "channelId", "conversationId", direction, "platformMessageId", "textEnc", status, intent, "sentAt", "receivedAt", "processedAt")
     SELECT $1 || '_m' || n, $1, ct."channelId", $1 || '_cv' || c, d.direction::"Direction", 'pm' || n, 'enc', 'PROCESSED',
            CASE WHEN d.direction = 'OUTBOUND' THEN NULL
                 WHEN h < 35 THEN 'SALES' WHEN h < 60 THEN 'SUPPORT' WHEN h < 85 THEN 'OTHER' WHEN h < 95 THEN 'SPAM' END::"Intent",
            t, t + interval '2 seconds', t + interval '3 seconds'
       FROM (SELECT n, 1 + n % $2 AS c, n / $2 AS k, (n::bigint * 7919) % 100 AS h FROM generate_series(0, $3::int - 1) n) g
       JOIN contacts ct ON ct.id = $1 || '_ct' || g.c
      CROSS JOIN LATERAL (SELECT CASE WHEN g.k % 5 IN (0, 1, 3) THEN 'INBOUND' ELSE 'OUTBOUND' END AS direction) d
      CROSS JOIN LATERAL (SELECT LEAST(ct."createdAt" + g.k * interval '47 minutes' + (g.n % 600) * interval '1 second', $4::timestamp) AS t) tt`,
    [p, conversations, messages, now],
  );
  // AI replies: sent ones 5-65 s after the message (auto) or 2 min-6 h (approved / edited by a person).
  await q(
    `INSERT INTO replies (id, "workspaceId", "conversationId", "inReplyToId", "aiForMessageId", source, status, "textEnc", handoff, "approvedById", "createdAt", "updatedAt", "sentAt")
     SELECT 'r' || m.id, m."workspaceId", m."conversationId", m.id, m.id, o.source::"ReplySource", o.status::"ReplyStatus", 'enc', o.handoff,
            CASE WHEN o.approved THEN 'user_bench' END, m."sentAt" + interval '3 seconds', now(),
            CASE WHEN o.status = 'SENT' THEN m."sentAt" + CASE WHEN o.approved THEN (120 + (x * 37) % 21600) * interval '1 second' ELSE (5 + x % 60) * interval '1 second' END END
       FROM (SELECT id, "workspaceId", "conversationId", "sentAt", (hashtext(id) & 1023) AS x FROM messages
              WHERE "workspaceId" = $1 AND direction = 'INBOUND' AND intent IN ('SALES', 'SUPPORT')) m
      CROSS JOIN LATERAL (SELECT
        CASE WHEN x % 100 < 50 THEN 'AI' WHEN x % 100 < 56 THEN 'AI_EDITED' ELSE 'AI' END AS source,
        CASE WHEN x % 100 < 49 THEN 'SENT' WHEN x % 100 < 50 THEN 'FAILED' WHEN x % 100 < 72 THEN 'SENT' WHEN x % 100 < 80 THEN 'DISCARDED' WHEN x % 100 < 88 THEN 'DRAFT'
             WHEN x % 100 < 94 THEN 'SENT' ELSE 'DISCARDED' END AS status,
        x % 100 >= 88 AS handoff,
        (x % 100 >= 50 AND x % 100 < 72) OR (x % 100 >= 88 AND x % 100 < 94) AS approved) o`,
    [ws],
  );
  // A person's own reply to 1 in 20 of the other inbound messages, 3 min-4 h later.
  await q(
    `INSERT INTO replies (id, "workspaceId", "conversationId", "inReplyToId", source, status, "textEnc", "approvedById", "authorId", "createdAt", "updatedAt", "sentAt")
     SELECT 'rh' || id, "workspaceId", "conversationId", id, 'HUMAN', 'SENT', 'enc', 'user_bench', 'user_bench', "sentAt" + interval '3 minutes', now(),
            "sentAt" + (180 + (hashtext(id) & 16383)) * interval '1 second'
       FROM messages WHERE "workspaceId" = $1 AND direction = 'INBOUND' AND (intent IS NULL OR intent NOT IN ('SALES', 'SUPPORT')) AND hashtext(id) % 20 = 0`,
    [ws],
  );
  // Agent runs: intent and scorer for every inbound message, reply for every AI reply.
  await q(
    `INSERT INTO agent_runs (id, "workspaceId", "messageId", agent, provider, model, "latencyMs", "tokensIn", "tokensOut", "costUsd", "cacheHit", outcome, "createdAt")
     SELECT a.agent || '_' || m.id, m."workspaceId", m.id, a.agent, CASE WHEN x % 10 < 3 THEN 'local' ELSE 'openai' END, CASE WHEN x % 10 < 3 THEN 'local' ELSE 'gpt-4o-mini' END,
            20 + x % 900, CASE WHEN x % 10 < 5 THEN 0 ELSE 300 + x % 700 END, CASE WHEN x % 10 < 5 THEN 0 ELSE 40 + x % 200 END,
            CASE WHEN x % 10 < 5 THEN 0 ELSE 0.00012 + (x % 100) * 0.000001 END, x % 10 IN (3, 4), CASE WHEN x % 50 = 0 THEN 'fallback' ELSE 'ok' END,
            m."sentAt" + interval '4 seconds'
       FROM (SELECT id, "workspaceId", "sentAt", intent, (hashtext(id) & 1023) AS x FROM messages WHERE "workspaceId" = $1 AND direction = 'INBOUND') m
      CROSS JOIN LATERAL (VALUES ('intent'), ('scorer'), ('reply')) a(agent)
      WHERE a.agent <> 'reply' OR m.intent IN ('SALES', 'SUPPORT')`,
    [ws],
  );
  await q(
    `INSERT INTO usage_records (id, "workspaceId", period, provider, model, calls, "tokensIn", "tokensOut", "costUsd", "updatedAt")
     SELECT $1 || '_u' || to_char(d, 'YYYY-MM'), $1, to_char(d, 'YYYY-MM'), 'openai', 'gpt-4o-mini', 1000, 500000, 60000, 42.5, now()
       FROM generate_series(date_trunc('month', $2::timestamp) - interval '5 months', date_trunc('month', $2::timestamp), interval '1 month') d`,
    [p, now],
  );
  await q(`INSERT INTO crm_connections (id, "workspaceId", provider, label, "updatedAt", "lastSyncAt") VALUES ($1 || '_crm', $2, 'HUBSPOT', 'portal', now(), $3::timestamp)`, [p, ws, now]);
  await q(
    `INSERT INTO crm_sync_runs (id, "workspaceId", "connectionId", status, attempted, succeeded, failed, "startedAt", "finishedAt")
     SELECT $1 || '_run' || i, $1, $1 || '_crm', (CASE WHEN i % 97 = 0 THEN 'FAILED' WHEN i % 13 = 0 THEN 'PARTIAL' ELSE 'SUCCEEDED' END)::"RunStatus",
            20, CASE WHEN i % 97 = 0 THEN 0 ELSE 18 + i % 3 END, CASE WHEN i % 13 = 0 THEN 2 ELSE 0 END,
            $2::timestamp - i * interval '5 minutes', $2::timestamp - i * interval '5 minutes' + interval '4 seconds'
       FROM generate_series(0, ($3::int * 288) - 1) i`,
    [p, now, days],
  );
  await q(
    `INSERT INTO crm_lead_links (id, "workspaceId", "leadId", "connectionId", state, "syncedVersion", "updatedAt")
     SELECT 'k' || id, "workspaceId", id, $1 || '_crm', (CASE WHEN hashtext(id) % 50 = 0 THEN 'FAILED' WHEN hashtext(id) % 199 = 0 THEN 'DEAD' WHEN hashtext(id) % 9 = 0 THEN 'PENDING' ELSE 'SYNCED' END)::"CrmLinkState", 1, now()
       FROM leads WHERE "workspaceId" = $1`,
    [p],
  );
}
