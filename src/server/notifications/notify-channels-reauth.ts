import type { RawSql } from "../infra/db/sql";
import { utcDay } from "./notification-kinds";

/**
 * In the transaction that marks channels NEEDS_REAUTH (mark-channels-need-reauth.ts): one
 * CHANNEL_REAUTH notification per channel for each admin (only admins reconnect), unless muted;
 * at most one per channel, admin and UTC day. Labels only: the platform and the channel's name
 * (a Page or account name, not a customer's).
 */
export async function notifyChannelsReauth(tx: RawSql, workspaceId: string, channelIds: readonly string[], now = new Date()): Promise<number> {
  if (channelIds.length === 0) return 0;
  const rows = await tx.$queryRaw<Array<{ id: string }>>`
    INSERT INTO notifications (id, "workspaceId", "userId", kind, "dedupKey", "channelId", data, "createdAt")
    SELECT gen_random_uuid()::text, ${workspaceId}, m."userId", 'CHANNEL_REAUTH', 'reauth:' || ch.id || ':' || ${utcDay(now)},
           ch.id, jsonb_build_object('platform', ch.platform::text, 'channelName', left(ch.name, 80)), ${now}::timestamp(3)
    FROM channels ch
    JOIN memberships m ON m."workspaceId" = ${workspaceId} AND m.role = 'ADMIN'
    LEFT JOIN notification_preferences p ON p."workspaceId" = ${workspaceId} AND p."userId" = m."userId"
    WHERE ch.id = ANY(${[...new Set(channelIds)]}::text[]) AND ch."workspaceId" = ${workspaceId} AND ch.status = 'NEEDS_REAUTH'
      AND NOT ('CHANNEL_REAUTH' = ANY(COALESCE(p."mutedKinds", ARRAY[]::"NotificationKind"[])))
    ON CONFLICT ("workspaceId", "userId", "dedupKey") DO NOTHING
    RETURNING id`;
  return rows.length;
}
