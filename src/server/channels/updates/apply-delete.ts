import { recordAuditMany } from "../../audit/record-audit";
import { applied, skipped, unchanged, type UpdateContext, type UpdateOutcome } from "./update-context";

/**
 * The customer deleted (unsent) a message or removed a comment: its text is dropped (textEnc
 * null), `deletedAt` set, and no AI reply ever goes out for it. A message the agents have not
 * processed yet is settled as PROCESSED without them, so neither its queued job nor the sweeper
 * runs them on it, and the lock taken here makes a processing job that finishes later skip it
 * (persistOutcomes only writes messages not PROCESSED, under a row lock). Every unsent AI reply
 * to it (a draft, or an automated reply still QUEUED) is DISCARDED with an audit entry. A reply
 * already SENDING is on its way to the platform and cannot be called back. Idempotent.
 */
export async function applyDelete(ctx: UpdateContext, platformMessageId: string): Promise<UpdateOutcome> {
  const { tx, workspaceId, channelId, now } = ctx;
  const rows = await tx.$queryRaw<Array<{ id: string; conversationId: string; deletedAt: Date | null }>>`
    SELECT id, "conversationId", "deletedAt" FROM messages
    WHERE "channelId" = ${channelId} AND "platformMessageId" = ${platformMessageId} AND "workspaceId" = ${workspaceId} AND direction = 'INBOUND'
    FOR UPDATE`;
  const message = rows[0];
  if (!message) return skipped("deletion of a message we do not have");
  if (message.deletedAt) return unchanged;

  await tx.$executeRaw`
    UPDATE messages SET "textEnc" = NULL, "deletedAt" = ${now}::timestamp(3), error = NULL,
           status = CASE WHEN status = 'PROCESSED' THEN status ELSE 'PROCESSED'::"MessageStatus" END
    WHERE id = ${message.id} AND "workspaceId" = ${workspaceId}`;
  const discarded = await tx.$queryRaw<Array<{ id: string }>>`
    UPDATE replies SET status = 'DISCARDED', "updatedAt" = ${now}::timestamp(3)
    WHERE "workspaceId" = ${workspaceId} AND ("aiForMessageId" = ${message.id} OR "inReplyToId" = ${message.id})
      AND source = 'AI' AND status IN ('DRAFT', 'QUEUED')
    RETURNING id`;
  await recordAuditMany(
    tx,
    workspaceId,
    discarded.map((r) => ({ actor: { type: "SYSTEM" as const }, action: "reply.discarded", target: { type: "reply", id: r.id }, metadata: { reason: "message_deleted" } })),
    now,
  );
  ctx.outbox.event({ type: "conversation.updated", conversationId: message.conversationId });
  return applied;
}
