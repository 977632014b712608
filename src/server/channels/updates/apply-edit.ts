import { decryptOptional, encrypt } from "../../infra/crypto/field-crypto";
import { sanitiseText } from "../../pipeline/sanitise-text";
import { MAX_MESSAGE_CHARS } from "../inbound-event";
import { applied, skipped, unchanged, type UpdateContext, type UpdateOutcome } from "./update-context";

/** Shown on an AI reply written for the text before the customer's edit (describeReplyFlags reads "draft: ..."). */
export const EDITED_AFTER_DRAFT_FLAG = "draft: the customer edited their message after this reply was written";

/**
 * The customer edited a message we stored: its text is replaced (encrypted like all text) and
 * `editedAt` set. A message still waiting for the agents is processed with the new text (the
 * job reads the row when it runs). An AI reply already written for the old text is marked stale
 * rather than regenerated: it stays (or becomes) a draft with a note, so a person checks it and
 * nothing answers text the customer no longer stands by; an automated reply still QUEUED is held
 * back to a draft. One already sending or sent is left as it is. A redelivery (same text) and
 * an edit of a deleted message change nothing.
 */
export async function applyEdit(ctx: UpdateContext, platformMessageId: string, rawText: string): Promise<UpdateOutcome> {
  const { tx, workspaceId, channelId, now } = ctx;
  const { text, truncated } = sanitiseText(rawText, MAX_MESSAGE_CHARS);
  if (!text) return skipped("edit without text");
  const rows = await tx.$queryRaw<Array<{ id: string; conversationId: string; textEnc: string | null; deletedAt: Date | null }>>`
    SELECT id, "conversationId", "textEnc", "deletedAt" FROM messages
    WHERE "channelId" = ${channelId} AND "platformMessageId" = ${platformMessageId} AND "workspaceId" = ${workspaceId} AND direction = 'INBOUND'
    FOR UPDATE`;
  const message = rows[0];
  if (!message) return skipped("edit of a message we do not have");
  if (message.deletedAt) return unchanged;
  if (decryptOptional(message.textEnc) === text) return unchanged;

  await tx.$executeRaw`
    UPDATE messages SET "textEnc" = ${encrypt(text)}, "editedAt" = ${now}::timestamp(3),
           error = ${truncated ? "Message truncated to 100,000 characters." : null}
    WHERE id = ${message.id} AND "workspaceId" = ${workspaceId}`;
  await tx.$executeRaw`
    UPDATE replies SET status = 'DRAFT', "updatedAt" = ${now}::timestamp(3),
           flags = CASE WHEN ${EDITED_AFTER_DRAFT_FLAG} = ANY(flags) THEN flags ELSE array_append(flags, ${EDITED_AFTER_DRAFT_FLAG}) END
    WHERE "aiForMessageId" = ${message.id} AND "workspaceId" = ${workspaceId}
      AND (status = 'DRAFT' OR (status = 'QUEUED' AND source = 'AI'))`;
  ctx.outbox.event({ type: "conversation.updated", conversationId: message.conversationId });
  return applied;
}
