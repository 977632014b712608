import { decrypt, encrypt } from "../../infra/crypto/field-crypto";
import { newId } from "../../infra/db/new-id";
import { env } from "../../infra/env/load-env";
import { sanitiseText } from "../../pipeline/sanitise-text";
import type { ChannelUpdate } from "../connector";
import { MAX_MESSAGE_CHARS } from "../inbound-event";
import { settleSendByEcho } from "./settle-send-by-echo";
import { applied, skipped, unchanged, type UpdateContext, type UpdateOutcome } from "./update-context";

type Echo = Extract<ChannelUpdate, { type: "echo" }>;

/**
 * A message the account sent, echoed back by the platform. Ours (a reply with this platform
 * message id): `confirmedAt` is set to the platform's own time of the send, which receipts'
 * watermarks are compared with. Not ours: a colleague answered from another tool (Meta Business
 * Suite, the phone app), so it is stored as an OUTBOUND message of the conversation, once per
 * message id, for agents to see what was said. An echo of a send of ours whose outcome is not
 * recorded yet (our app id on it, or a reply SENDING in that thread with the same text) is
 * neither: the send's own record follows; one naming its reply by our send key, or matching a
 * reply whose outcome is unknown, settles that reply (settle-send-by-echo.ts). A thread we do
 * not have is a logged skip.
 */
export async function applyEcho(ctx: UpdateContext, echo: Echo): Promise<UpdateOutcome> {
  const { tx, workspaceId, channelId, now } = ctx;
  const confirmed = await tx.$queryRaw<Array<{ id: string; conversationId: string; confirmedAt: Date | null }>>`
    SELECT r.id, r."conversationId", r."confirmedAt" FROM replies r
    JOIN conversations c ON c.id = r."conversationId" AND c."workspaceId" = ${workspaceId} AND c."channelId" = ${channelId}
    WHERE r."workspaceId" = ${workspaceId} AND r."platformMessageId" = ${echo.platformMessageId}
    LIMIT 1`;
  const reply = confirmed[0];
  if (reply) {
    if (reply.confirmedAt) return unchanged;
    await tx.$executeRaw`UPDATE replies SET "confirmedAt" = ${echo.sentAt}::timestamp(3), "updatedAt" = ${now}::timestamp(3) WHERE id = ${reply.id} AND "workspaceId" = ${workspaceId}`;
    ctx.outbox.event({ type: "conversation.updated", conversationId: reply.conversationId });
    return applied;
  }

  const conversations = await tx.$queryRaw<Array<{ id: string }>>`
    SELECT id FROM conversations WHERE "channelId" = ${channelId} AND "externalThreadId" = ${echo.threadId} AND "workspaceId" = ${workspaceId}`;
  const conversation = conversations[0];
  const { text } = sanitiseText(echo.text, MAX_MESSAGE_CHARS);
  // A send of ours whose outcome we never learned (DELIVERY_UNKNOWN, or still SENDING): the echo settles it.
  const settled = await settleSendByEcho(ctx, echo, conversation?.id ?? null, text);
  if (settled) return settled;
  if (!conversation) return skipped("echo in a thread we do not have");
  if (await isOurSendInFlight(ctx, conversation.id, echo, text)) return skipped("echo of our own send, not recorded yet");

  const inserted = await tx.$queryRaw<Array<{ id: string }>>`
    INSERT INTO messages (id, "workspaceId", "channelId", "conversationId", direction, "platformMessageId", "textEnc", status, "sentAt", "receivedAt", "processedAt")
    VALUES (${newId()}, ${workspaceId}, ${channelId}, ${conversation.id}, 'OUTBOUND', ${echo.platformMessageId}, ${encrypt(text)}, 'PROCESSED',
            ${echo.sentAt}::timestamp(3), ${now}::timestamp(3), ${now}::timestamp(3))
    ON CONFLICT ("channelId", "platformMessageId") DO NOTHING
    RETURNING id`;
  const message = inserted[0];
  if (!message) return unchanged;
  await tx.$executeRaw`
    UPDATE conversations SET "lastMessageAt" = GREATEST("lastMessageAt", ${echo.sentAt}::timestamp(3)), "updatedAt" = ${now}::timestamp(3)
    WHERE id = ${conversation.id} AND "workspaceId" = ${workspaceId}`;
  ctx.outbox.event({ type: "message.created", conversationId: conversation.id, messageId: message.id });
  return applied;
}

/** Our app's id on the echo, or a reply of ours being sent in the thread with exactly this text. */
async function isOurSendInFlight(ctx: UpdateContext, conversationId: string, echo: Echo, text: string): Promise<boolean> {
  const ourAppId = env().META_APP_ID;
  if (echo.appId && ourAppId && echo.appId === ourAppId) return true;
  const sending = await ctx.tx.$queryRaw<Array<{ textEnc: string }>>`
    SELECT "textEnc" FROM replies
    WHERE "conversationId" = ${conversationId} AND "workspaceId" = ${ctx.workspaceId} AND status = 'SENDING' AND "platformMessageId" IS NULL
    LIMIT 20`;
  return sending.some((r) => decrypt(r.textEnc) === text);
}
