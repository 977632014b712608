import type { RawSql } from "../infra/db/sql";
import { utcDay } from "./notification-kinds";

/**
 * In the pipeline's transaction, after the leads are written (persist-outcomes.ts): one HOT_LEAD
 * notification per lead that is now hot, for each member who may see the conversation the
 * message came in on (admins, viewers, agents when it is assigned to them or to nobody) and did
 * not mute the kind. At most one per lead, member and UTC day (the unique dedup key), so a hot
 * lead writing all afternoon notifies once. Labels only: the score and the platform.
 */
export async function notifyHotLeads(tx: RawSql, workspaceId: string, conversationIds: readonly string[], now = new Date()): Promise<number> {
  if (conversationIds.length === 0) return 0;
  const rows = await tx.$queryRaw<Array<{ id: string }>>`
    INSERT INTO notifications (id, "workspaceId", "userId", kind, "dedupKey", "conversationId", "leadId", data, "createdAt")
    SELECT DISTINCT ON (l.id, m."userId") gen_random_uuid()::text, ${workspaceId}, m."userId", 'HOT_LEAD', 'hot:' || l.id || ':' || ${utcDay(now)},
           c.id, l.id, jsonb_build_object('score', l.score, 'platform', ch.platform::text), ${now}::timestamp(3)
    FROM conversations c
    JOIN leads l ON l."contactId" = c."contactId" AND l."workspaceId" = ${workspaceId}
    JOIN channels ch ON ch.id = c."channelId" AND ch."workspaceId" = ${workspaceId}
    JOIN memberships m ON m."workspaceId" = ${workspaceId}
    LEFT JOIN notification_preferences p ON p."workspaceId" = ${workspaceId} AND p."userId" = m."userId"
    WHERE c.id = ANY(${[...new Set(conversationIds)]}::text[]) AND c."workspaceId" = ${workspaceId} AND l.tier = 'HOT'
      AND (m.role IN ('ADMIN', 'VIEWER') OR (m.role = 'AGENT' AND (c."assigneeId" IS NULL OR c."assigneeId" = m."userId")))
      AND NOT ('HOT_LEAD' = ANY(COALESCE(p."mutedKinds", ARRAY[]::"NotificationKind"[])))
    ORDER BY l.id, m."userId", c."lastMessageAt" DESC
    ON CONFLICT ("workspaceId", "userId", "dedupKey") DO NOTHING
    RETURNING id`;
  return rows.length;
}
