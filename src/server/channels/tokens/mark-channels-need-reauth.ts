import { recordAuditMany } from "../../audit/record-audit";
import type { RawSql } from "../../infra/db/sql";
import type { OutboxWriter } from "../../infra/outbox/outbox-entry";
import { notifyChannelsReauth } from "../../notifications/notify-channels-reauth";

/**
 * Marks ACTIVE channels NEEDS_REAUTH inside the caller's tenant transaction, with one audit
 * entry (`channel.needs_reauth`, reason code only) and one `channel.status` realtime event per
 * channel that actually changed: a channel already marked, or DISCONNECTED, is left alone, so
 * many failing sends never pile up audit rows. Inbound is untouched: storage never reads this.
 */
export async function markChannelsNeedReauth(tx: RawSql, outbox: OutboxWriter, workspaceId: string, channelIds: readonly string[], reason: string, now = new Date()): Promise<string[]> {
  if (channelIds.length === 0) return [];
  const changed = await tx.$queryRaw<Array<{ id: string }>>`
    UPDATE channels SET status = 'NEEDS_REAUTH', "updatedAt" = ${now}::timestamp(3)
    WHERE id = ANY(${[...new Set(channelIds)]}::text[]) AND "workspaceId" = ${workspaceId} AND status = 'ACTIVE'
    RETURNING id`;
  const ids = changed.map((c) => c.id);
  await notifyChannelsReauth(tx, workspaceId, ids, now);
  await recordAuditMany(
    tx,
    workspaceId,
    ids.map((id) => ({ actor: { type: "SYSTEM" as const }, action: "channel.needs_reauth", target: { type: "channel", id }, metadata: { reason } })),
    now,
  );
  for (const channelId of ids) outbox.event({ type: "channel.status", channelId, status: "needs_reauth" });
  return ids;
}
