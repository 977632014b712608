import { recordAudit } from "../audit/record-audit";
import { ChannelAuthError, ChannelRejectedError } from "../channels/connector";
import { connectorFor } from "../channels/registry";
import { decrypt, decryptOptional } from "../crypto/field-crypto";
import { withTenant } from "../db/tenant";
import { logger } from "../logger";
import type { JobContext } from "../queue/define-job";
import { PermanentJobError } from "../queue/define-job";
import { realtime } from "../runtime/ports";

// A reply stuck in SENDING this long (a worker died mid-send) may be claimed again.
const STALE_SENDING_MS = 2 * 60_000;

/**
 * The `send-reply` job: an outbox. QUEUED -> SENDING is claimed atomically, so a retried or
 * duplicated job never sends twice; SENT is final. A token the platform rejects marks the
 * channel NEEDS_REAUTH (inbound keeps flowing) and fails the reply without retrying.
 */
export async function sendReply(payload: { workspaceId: string; replyId: string }, job: JobContext): Promise<void> {
  const { workspaceId, replyId } = payload;
  const claimed = await withTenant({ workspaceId }, async (tx) => {
    const { count } = await tx.reply.updateMany({
      where: {
        id: replyId,
        OR: [{ status: "QUEUED" }, { status: "SENDING", updatedAt: { lt: new Date(Date.now() - STALE_SENDING_MS) } }],
      },
      data: { status: "SENDING", attempts: { increment: 1 } },
    });
    if (count === 0) return null;
    return tx.reply.findUniqueOrThrow({
      where: { id: replyId },
      include: { conversation: { include: { channel: true, contact: true } } },
    });
  });
  if (!claimed) {
    const exists = await withTenant({ workspaceId }, (tx) => tx.reply.count({ where: { id: replyId } }));
    if (!exists) throw new PermanentJobError("Reply not found in this workspace", { code: "REPLY_NOT_FOUND" });
    return; // already sent, being sent, discarded or failed: nothing to do
  }

  const { conversation } = claimed;
  const { channel } = conversation;
  const connector = connectorFor(channel.platform);
  if (!connector) throw new PermanentJobError(`No connector for ${channel.platform}`, { code: "NO_CONNECTOR" });
  const inReplyTo = claimed.inReplyToId
    ? await withTenant({ workspaceId }, (tx) => tx.message.findUnique({ where: { id: claimed.inReplyToId! }, select: { platformMessageId: true } }))
    : null;

  try {
    const sent = await connector.sendReply(
      { channelId: channel.id, externalId: channel.externalId, accessToken: decryptOptional(channel.accessTokenEnc), secret: decryptOptional(channel.secretEnc) },
      {
        conversationKind: conversation.kind,
        threadId: conversation.externalThreadId,
        recipientPlatformUserId: decrypt(conversation.contact.platformUserIdEnc),
        inReplyToPlatformMessageId: inReplyTo?.platformMessageId ?? null,
        text: decrypt(claimed.textEnc),
      },
    );
    await withTenant({ workspaceId }, async (tx) => {
      await tx.reply.update({ where: { id: replyId }, data: { status: "SENT", sentAt: new Date(), platformMessageId: sent.platformMessageId, error: null } });
      await tx.conversation.update({ where: { id: conversation.id }, data: { lastMessageAt: new Date() } });
      await recordAudit(tx, workspaceId, {
        actor: claimed.approvedById ? { type: "USER", id: claimed.approvedById } : { type: "AI" },
        action: "reply.sent",
        target: { type: "reply", id: replyId },
        metadata: { platform: channel.platform, source: claimed.source },
      });
    });
    await realtime().publish(workspaceId, { type: "reply.sent", conversationId: conversation.id, replyId }).catch(() => undefined);
  } catch (error) {
    if (error instanceof ChannelAuthError || error instanceof ChannelRejectedError) {
      await withTenant({ workspaceId }, async (tx) => {
        await tx.reply.update({ where: { id: replyId }, data: { status: "FAILED", error: error.message.slice(0, 500) } });
        if (error instanceof ChannelAuthError) {
          await tx.channel.update({ where: { id: channel.id }, data: { status: "NEEDS_REAUTH" } });
          await recordAudit(tx, workspaceId, { actor: { type: "SYSTEM" }, action: "channel.needs_reauth", target: { type: "channel", id: channel.id } });
        }
      });
      await realtime().publish(workspaceId, { type: "conversation.updated", conversationId: conversation.id }).catch(() => undefined);
      if (error instanceof ChannelAuthError) {
        await realtime().publish(workspaceId, { type: "channel.status", channelId: channel.id, status: "needs_reauth" }).catch(() => undefined);
      }
      throw new PermanentJobError(error.message, { code: error.name, cause: error });
    }
    // Transient: back to QUEUED so the retry can claim it again.
    await withTenant({ workspaceId }, (tx) =>
      tx.reply.update({ where: { id: replyId }, data: { status: "QUEUED", error: error instanceof Error ? error.message.slice(0, 500) : "send failed" } }),
    );
    logger.warn({ workspaceId, replyId, jobId: job.jobId, attempt: job.attempt }, "reply send failed; will retry");
    throw error;
  }
}
