import type { Platform } from "@/generated/prisma/client";
import { connectorFor } from "../channels/registry";
import { newId } from "../infra/db/new-id";
import type { RawSql } from "../infra/db/sql";
import type { OutboxWriter } from "../infra/outbox/outbox-entry";
import { UNKNOWN_OUTCOME_NOTE } from "./deliver-reply";
import { recordDeliveryUnknown } from "./record-delivery-unknown";

export type SettledSends = { sent: number; requeued: number; unknown: number };

/**
 * Replies whose SENDING lease ran out after their platform call had started (`dispatchedAt`):
 * the worker died or hung mid-send, so the platform may or may not have posted them. Each is
 * settled once, in the tenant's transaction, never re-sent blindly:
 * - an echo already gave it a platform message id: SENT;
 * - the platform deduplicates our send key (`dedupesSendKey`): QUEUED and re-published, a
 *   second send of the same key posting nothing;
 * - otherwise DELIVERY_UNKNOWN, audited and shown in the inbox, until an echo or a person
 *   settles it (`resolveUnknownReply`).
 * Only rows still SENDING, dispatched and older than `expiredBefore` move (a row the worker
 * recorded meanwhile is left alone).
 */
export async function settleExpiredSends(tx: RawSql, outbox: OutboxWriter, workspaceId: string, replyIds: readonly string[], expiredBefore: Date, now = new Date()): Promise<SettledSends> {
  const rows = await tx.$queryRaw<Array<{ id: string; conversationId: string; platform: string; platformMessageId: string | null; confirmedAt: Date | null; attempts: number; approvedById: string | null; source: string }>>`
    SELECT r.id, r."conversationId", ch.platform::text AS platform, r."platformMessageId", r."confirmedAt", r.attempts, r."approvedById", r.source::text AS source
    FROM replies r
    JOIN conversations c ON c.id = r."conversationId" AND c."workspaceId" = ${workspaceId}
    JOIN channels ch ON ch.id = c."channelId" AND ch."workspaceId" = ${workspaceId}
    WHERE r.id = ANY(${[...replyIds]}::text[]) AND r."workspaceId" = ${workspaceId}
      AND r.status = 'SENDING' AND r."dispatchedAt" IS NOT NULL AND r."updatedAt" < ${expiredBefore}::timestamp(3)
    FOR UPDATE OF r`;
  const confirmed = rows.filter((r) => r.platformMessageId !== null);
  const rest = rows.filter((r) => r.platformMessageId === null);
  const requeue = rest.filter((r) => connectorFor(r.platform as Platform)?.dedupesSendKey === true);
  const unknown = rest.filter((r) => !requeue.includes(r));

  if (confirmed.length > 0) {
    await tx.$executeRaw`
      WITH u AS (SELECT * FROM unnest(${confirmed.map((r) => r.id)}::text[], ${confirmed.map(() => newId())}::text[], ${confirmed.map((r) => (r.approvedById ? "USER" : "AI"))}::text[],
                                      ${confirmed.map((r) => r.approvedById)}::text[], ${confirmed.map((r) => JSON.stringify({ platform: r.platform, source: r.source, confirmedBy: "echo" }))}::text[])
                 AS u(id, audit_id, actor_type, actor_id, metadata)),
      up AS (
        UPDATE replies r SET status = 'SENT', "sentAt" = COALESCE(r."confirmedAt", ${now}::timestamp(3)), error = NULL, "updatedAt" = ${now}::timestamp(3)
        FROM u WHERE r.id = u.id AND r."workspaceId" = ${workspaceId}
      )
      INSERT INTO audit_logs (id, "workspaceId", "actorType", "actorId", action, "targetType", "targetId", metadata, "createdAt")
      SELECT u.audit_id, ${workspaceId}, u.actor_type::"ActorType", u.actor_id, 'reply.sent', 'reply', u.id, u.metadata::jsonb, ${now}::timestamp(3) FROM u`;
    for (const r of confirmed) outbox.event({ type: "reply.sent", conversationId: r.conversationId, replyId: r.id });
  }
  if (requeue.length > 0) {
    await tx.$executeRaw`
      UPDATE replies SET status = 'QUEUED', "dispatchedAt" = NULL, error = 'Sent again: the platform drops a repeated send of the same reply.', "updatedAt" = ${now}::timestamp(3)
      WHERE id = ANY(${requeue.map((r) => r.id)}::text[]) AND "workspaceId" = ${workspaceId}`;
    for (const r of requeue) outbox.job("send-reply", { workspaceId, replyId: r.id }, `${r.id}.lease-expired.${r.attempts}`);
  }
  if (unknown.length > 0) {
    await tx.$executeRaw`
      UPDATE replies SET status = 'DELIVERY_UNKNOWN', error = ${UNKNOWN_OUTCOME_NOTE}, "updatedAt" = ${now}::timestamp(3)
      WHERE id = ANY(${unknown.map((r) => r.id)}::text[]) AND "workspaceId" = ${workspaceId}`;
    await recordDeliveryUnknown(tx, workspaceId, unknown.map((r) => r.id), "lease_expired", now);
    for (const r of unknown) outbox.event({ type: "conversation.updated", conversationId: r.conversationId });
  }
  return { sent: confirmed.length, requeued: requeue.length, unknown: unknown.length };
}
