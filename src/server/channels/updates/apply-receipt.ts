import type { ChannelUpdate } from "../connector";
import { applied, skipped, unchanged, type UpdateContext, type UpdateOutcome } from "./update-context";

type Receipt = Extract<ChannelUpdate, { type: "delivered" | "read" }>;

/**
 * Delivery and read receipts for our sent replies in one thread. Messenger says "every message
 * up to this watermark" (the platform's clock: compared with the send's time from its echo,
 * `confirmedAt`, or our `sentAt` until the echo came) and may name delivered messages
 * (`mids`); Instagram names the message seen, which means every earlier one was seen too. A
 * read implies delivery. Only replies without the mark yet change, so a redelivery is a no-op.
 */
export async function applyReceipt(ctx: UpdateContext, receipt: Receipt): Promise<UpdateOutcome> {
  const { tx, workspaceId, channelId, now } = ctx;
  const conversations = await tx.$queryRaw<Array<{ id: string }>>`
    SELECT id FROM conversations WHERE "channelId" = ${channelId} AND "externalThreadId" = ${receipt.threadId} AND "workspaceId" = ${workspaceId}`;
  const conversation = conversations[0];
  if (!conversation) return skipped(`${receipt.type} receipt in a thread we do not have`);

  let watermark = receipt.watermark;
  if (receipt.type === "read" && receipt.platformMessageIds.length > 0) {
    // "Seen up to this message": its time is the watermark.
    const [named] = await tx.$queryRaw<Array<{ at: Date | null }>>`
      SELECT max(COALESCE("confirmedAt", "sentAt")) AS at FROM replies
      WHERE "conversationId" = ${conversation.id} AND "workspaceId" = ${workspaceId} AND "platformMessageId" = ANY(${receipt.platformMessageIds}::text[])`;
    if (named?.at && (!watermark || named.at > watermark)) watermark = named.at;
  }
  const ids = receipt.platformMessageIds;
  const changed =
    receipt.type === "delivered"
      ? await tx.$queryRaw<Array<{ id: string }>>`
          UPDATE replies SET "deliveredAt" = ${now}::timestamp(3), "updatedAt" = ${now}::timestamp(3)
          WHERE "conversationId" = ${conversation.id} AND "workspaceId" = ${workspaceId} AND status = 'SENT' AND "deliveredAt" IS NULL
            AND ("platformMessageId" = ANY(${ids}::text[]) OR COALESCE("confirmedAt", "sentAt") <= ${watermark}::timestamp(3))
          RETURNING id`
      : await tx.$queryRaw<Array<{ id: string }>>`
          UPDATE replies SET "readAt" = ${now}::timestamp(3), "deliveredAt" = COALESCE("deliveredAt", ${now}::timestamp(3)), "updatedAt" = ${now}::timestamp(3)
          WHERE "conversationId" = ${conversation.id} AND "workspaceId" = ${workspaceId} AND status = 'SENT' AND "readAt" IS NULL
            AND ("platformMessageId" = ANY(${ids}::text[]) OR COALESCE("confirmedAt", "sentAt") <= ${watermark}::timestamp(3))
          RETURNING id`;
  if (changed.length === 0) return unchanged;
  ctx.outbox.event({ type: "conversation.updated", conversationId: conversation.id });
  return applied;
}
