import { recordAuditMany, type AuditEntry } from "../audit/record-audit";
import { markChannelsNeedReauth } from "../channels/tokens/mark-channels-need-reauth";
import type { RawSql } from "../infra/db/sql";
import type { OutboxWriter } from "../infra/outbox/outbox-entry";
import { WINDOW_CLOSED_FLAG, type Attempt } from "./deliver-reply";

const message = (e: unknown) => (e instanceof Error ? e.message.slice(0, 500) : "send failed");

/**
 * Every attempt's outcome in one transaction, with its realtime events: SENT; DRAFT with the
 * window note; FAILED (and the channels that need re-auth marked); or back to QUEUED (rate
 * limits and transient failures). Once this commits, nothing can claim a reply that was sent.
 */
export async function recordSendOutcomes(tx: RawSql, outbox: OutboxWriter, workspaceId: string, attempts: readonly Attempt[]): Promise<void> {
  const now = new Date();
  const sent = attempts.flatMap((a) => (a.kind === "sent" ? [{ ...a.reply, pmid: a.platformMessageId, humanAgent: a.humanAgent }] : []));
  const drafts = attempts.flatMap((a) => (a.kind === "draft" ? [a.reply] : []));
  const settled = attempts.flatMap((a) => {
    if (a.kind === "failed") return [{ id: a.reply.id, status: "FAILED", error: message(a.error) }];
    if (a.kind === "rate-limited") return [{ id: a.reply.id, status: "QUEUED", error: `Rate-limited by the platform; retrying in ${a.retryAfterSeconds} s` }];
    if (a.kind === "retry") return [{ id: a.reply.id, status: "QUEUED", error: message(a.error) }];
    return [];
  });

  if (sent.length > 0) {
    await tx.$executeRaw`
      UPDATE replies r SET status = 'SENT', "sentAt" = ${now}::timestamp(3), "platformMessageId" = u.pmid, error = NULL, "updatedAt" = ${now}::timestamp(3)
      FROM unnest(${sent.map((s) => s.id)}::text[], ${sent.map((s) => s.pmid)}::text[]) AS u(id, pmid) WHERE r.id = u.id AND r."workspaceId" = ${workspaceId}`;
    await tx.$executeRaw`
      UPDATE conversations SET "lastMessageAt" = ${now}::timestamp(3), "updatedAt" = ${now}::timestamp(3)
      WHERE id IN (SELECT DISTINCT unnest(${sent.map((s) => s.conversationId)}::text[])) AND "workspaceId" = ${workspaceId}`;
  }
  if (drafts.length > 0) {
    await tx.$executeRaw`
      UPDATE replies SET status = 'DRAFT', error = NULL, "updatedAt" = ${now}::timestamp(3),
             flags = CASE WHEN ${WINDOW_CLOSED_FLAG} = ANY(flags) THEN flags ELSE array_append(flags, ${WINDOW_CLOSED_FLAG}) END
      WHERE id = ANY(${drafts.map((d) => d.id)}::text[]) AND "workspaceId" = ${workspaceId}`;
  }
  if (settled.length > 0) {
    await tx.$executeRaw`
      UPDATE replies r SET status = u.status::"ReplyStatus", error = u.error, "updatedAt" = ${now}::timestamp(3)
      FROM unnest(${settled.map((f) => f.id)}::text[], ${settled.map((f) => f.status)}::text[], ${settled.map((f) => f.error)}::text[]) AS u(id, status, error)
      WHERE r.id = u.id AND r."workspaceId" = ${workspaceId}`;
  }
  const reauth = attempts.flatMap((a) => (a.kind === "failed" && a.markReauth ? [a.reply.channelId] : []));
  await markChannelsNeedReauth(tx, outbox, workspaceId, reauth, "send_rejected", now);

  const audit = sent.map((s): AuditEntry => ({
    actor: s.approvedById ? { type: "USER", id: s.approvedById } : { type: "AI" },
    action: "reply.sent", target: { type: "reply", id: s.id }, metadata: { platform: s.platform, source: s.source, ...(s.humanAgent ? { humanAgent: true } : {}) },
  }));
  await recordAuditMany(tx, workspaceId, audit, now);

  for (const a of attempts) {
    if (a.kind === "sent") outbox.event({ type: "reply.sent", conversationId: a.reply.conversationId, replyId: a.reply.id });
    else if (a.kind === "failed" || a.kind === "draft") outbox.event({ type: "conversation.updated", conversationId: a.reply.conversationId });
  }
}
