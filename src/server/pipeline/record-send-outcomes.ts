import type { AuditEntry } from "../audit/record-audit";
import { markChannelsNeedReauth } from "../channels/tokens/mark-channels-need-reauth";
import { newId } from "../infra/db/new-id";
import type { RawSql } from "../infra/db/sql";
import type { OutboxWriter } from "../infra/outbox/outbox-entry";
import { notifyFailedSends } from "../notifications/notify-failed-sends";
import { recordDeliveryUnknown } from "./record-delivery-unknown";
import { UNKNOWN_OUTCOME_NOTE, WINDOW_CLOSED_FLAG, type Attempt } from "./deliver-reply";

const message = (e: unknown) => (e instanceof Error ? e.message.slice(0, 500) : "send failed");

/**
 * Every attempt's outcome in one transaction, with its realtime events: SENT; DRAFT with the
 * window note; FAILED (and the channels that need re-auth marked); back to QUEUED (rate limits
 * and failures known to come before the platform took the reply); or DELIVERY_UNKNOWN (the
 * platform may have posted it; audited, shown in the inbox, never re-sent on its own). Once this
 * commits, nothing can claim a reply that was sent. All but SENT are fenced by the claim's
 * attempt number, so a worker whose lease was taken over cannot undo the newer attempt; SENT is
 * what the platform said, whoever hears it.
 */
export async function recordSendOutcomes(tx: RawSql, outbox: OutboxWriter, workspaceId: string, attempts: readonly Attempt[]): Promise<void> {
  const now = new Date();
  const sent = attempts.flatMap((a) => (a.kind === "sent" ? [{ ...a.reply, pmid: a.platformMessageId, humanAgent: a.humanAgent }] : []));
  const drafts = attempts.flatMap((a) => (a.kind === "draft" ? [a.reply] : []));
  const settled = attempts.flatMap((a) => {
    if (a.kind === "failed") return [{ id: a.reply.id, status: "FAILED", error: message(a.error) }];
    if (a.kind === "rate-limited") return [{ id: a.reply.id, status: "QUEUED", error: `Rate-limited by the platform; retrying in ${a.retryAfterSeconds} s` }];
    if (a.kind === "retry") return [{ id: a.reply.id, status: "QUEUED", error: message(a.error) }];
    if (a.kind === "unknown") return [{ id: a.reply.id, status: "DELIVERY_UNKNOWN", error: UNKNOWN_OUTCOME_NOTE }];
    return [];
  }).map((f) => ({ ...f, attempts: attempts.find((a) => a.reply.id === f.id)!.reply.attempts }));

  if (sent.length > 0) {
    // Sent replies, their conversations' last activity and the audit entries: one statement.
    const audit = sent.map((s): AuditEntry & { id: string } => ({
      id: newId(), actor: s.approvedById ? { type: "USER", id: s.approvedById } : { type: "AI" },
      action: "reply.sent", target: { type: "reply", id: s.id }, metadata: { platform: s.platform, source: s.source, ...(s.humanAgent ? { humanAgent: true } : {}) },
    }));
    await tx.$executeRaw`
      WITH u AS (
        SELECT * FROM unnest(${sent.map((s) => s.id)}::text[], ${sent.map((s) => s.pmid)}::text[], ${sent.map((s) => s.conversationId)}::text[],
                             ${audit.map((a) => a.id)}::text[], ${audit.map((a) => a.actor.type)}::text[], ${audit.map((a) => a.actor.id ?? null)}::text[],
                             ${audit.map((a) => JSON.stringify(a.metadata))}::text[])
          AS u(id, pmid, conversation_id, audit_id, actor_type, actor_id, metadata)
      ),
      reply_up AS (
        UPDATE replies r SET status = 'SENT', "sentAt" = ${now}::timestamp(3), "platformMessageId" = u.pmid, error = NULL, "updatedAt" = ${now}::timestamp(3)
        FROM u WHERE r.id = u.id AND r."workspaceId" = ${workspaceId}
      ),
      conversation_up AS (
        UPDATE conversations SET "lastMessageAt" = ${now}::timestamp(3), "updatedAt" = ${now}::timestamp(3)
        WHERE id IN (SELECT DISTINCT conversation_id FROM u) AND "workspaceId" = ${workspaceId}
      )
      INSERT INTO audit_logs (id, "workspaceId", "actorType", "actorId", action, "targetType", "targetId", metadata, "createdAt")
      SELECT u.audit_id, ${workspaceId}, u.actor_type::"ActorType", u.actor_id, 'reply.sent', 'reply', u.id, u.metadata::jsonb, ${now}::timestamp(3)
      FROM u`;
  }
  if (drafts.length > 0) {
    await tx.$executeRaw`
      UPDATE replies SET status = 'DRAFT', error = NULL, "updatedAt" = ${now}::timestamp(3),
             flags = CASE WHEN ${WINDOW_CLOSED_FLAG} = ANY(flags) THEN flags ELSE array_append(flags, ${WINDOW_CLOSED_FLAG}) END
      WHERE id = ANY(${drafts.map((d) => d.id)}::text[]) AND "workspaceId" = ${workspaceId}`;
  }
  if (settled.length > 0) {
    const applied = await tx.$queryRaw<Array<{ id: string }>>`
      UPDATE replies r SET status = u.status::"ReplyStatus", error = u.error, "updatedAt" = ${now}::timestamp(3),
             "dispatchedAt" = CASE WHEN u.status = 'QUEUED' THEN NULL ELSE r."dispatchedAt" END
      FROM unnest(${settled.map((f) => f.id)}::text[], ${settled.map((f) => f.status)}::text[], ${settled.map((f) => f.error)}::text[], ${settled.map((f) => f.attempts)}::int[]) AS u(id, status, error, attempts)
      WHERE r.id = u.id AND r."workspaceId" = ${workspaceId} AND r.status = 'SENDING' AND r.attempts = u.attempts
      RETURNING r.id`;
    const settledIds = new Set(applied.map((r) => r.id));
    const unknown = attempts.flatMap((a) => (a.kind === "unknown" && settledIds.has(a.reply.id) ? [a.reply.id] : []));
    await recordDeliveryUnknown(tx, workspaceId, unknown, "no_answer", now);
  }
  const reauth = attempts.flatMap((a) => (a.kind === "failed" && a.markReauth ? [a.reply.channelId] : []));
  await markChannelsNeedReauth(tx, outbox, workspaceId, reauth, "send_rejected", now);
  await notifyFailedSends(tx, workspaceId, attempts.flatMap((a) => (a.kind === "failed" ? [a.reply.id] : [])), now);

  for (const a of attempts) {
    if (a.kind === "sent") outbox.event({ type: "reply.sent", conversationId: a.reply.conversationId, replyId: a.reply.id });
    else if (a.kind === "failed" || a.kind === "draft" || a.kind === "unknown") outbox.event({ type: "conversation.updated", conversationId: a.reply.conversationId });
  }
}
