import type { RawSql } from "../infra/db/sql";

/**
 * In the send's transaction, after the outcomes are written (record-send-outcomes.ts): one
 * SEND_FAILED notification per reply of `replyIds` that is now FAILED, for admins and for agents
 * who see its conversation (never viewers: they cannot send), unless muted. One per reply and
 * member, whatever retries the job makes. Labels only: the platform.
 */
export async function notifyFailedSends(tx: RawSql, workspaceId: string, replyIds: readonly string[], now = new Date()): Promise<number> {
  if (replyIds.length === 0) return 0;
  const rows = await tx.$queryRaw<Array<{ id: string }>>`
    INSERT INTO notifications (id, "workspaceId", "userId", kind, "dedupKey", "conversationId", "channelId", data, "createdAt")
    SELECT gen_random_uuid()::text, ${workspaceId}, m."userId", 'SEND_FAILED', 'failed:' || r.id,
           c.id, ch.id, jsonb_build_object('platform', ch.platform::text), ${now}::timestamp(3)
    FROM replies r
    JOIN conversations c ON c.id = r."conversationId" AND c."workspaceId" = ${workspaceId}
    JOIN channels ch ON ch.id = c."channelId" AND ch."workspaceId" = ${workspaceId}
    JOIN memberships m ON m."workspaceId" = ${workspaceId}
    LEFT JOIN notification_preferences p ON p."workspaceId" = ${workspaceId} AND p."userId" = m."userId"
    WHERE r.id = ANY(${[...new Set(replyIds)]}::text[]) AND r."workspaceId" = ${workspaceId} AND r.status = 'FAILED'
      AND (m.role = 'ADMIN' OR (m.role = 'AGENT' AND (c."assigneeId" IS NULL OR c."assigneeId" = m."userId")))
      AND NOT ('SEND_FAILED' = ANY(COALESCE(p."mutedKinds", ARRAY[]::"NotificationKind"[])))
    ON CONFLICT ("workspaceId", "userId", "dedupKey") DO NOTHING
    RETURNING id`;
  return rows.length;
}
