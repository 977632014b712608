import { z } from "zod";
import type { Role } from "@/generated/prisma/client";
import { visibleConversations } from "../access/access-rules";
import { recordAudit } from "../audit/record-audit";
import type { Tx } from "../infra/db/tenant";
import { AppError } from "../infra/errors/app-error";
import type { OutboxWriter } from "../infra/outbox/outbox-entry";

type Actor = { workspaceId: string; userId: string; role: Role };

/** What a message classified as spam really is. */
export const notSpamIntentSchema = z.enum(["SALES", "SUPPORT", "OTHER"]);

/**
 * "Not spam" on a conversation in the Spam folder: its latest inbound message (the one that put
 * it there) gets the chosen intent, the correction is recorded (who, which message, from SPAM to
 * what: labelled examples for the intent classifier, export-intent-corrections.ts), and the
 * contact is marked trusted, so the pipeline never files their later messages as spam
 * (run-agents.ts: a trusted contact's spam answer falls back to the next most likely intent).
 * The conversation is back in the inbox; audited; other open inboxes update.
 */
export async function markNotSpam(tx: Tx, outbox: OutboxWriter, actor: Actor, input: { conversationId: string; intent: z.infer<typeof notSpamIntentSchema> }, now = new Date()): Promise<{ messageId: string }> {
  const conversation = await tx.conversation.findFirst({
    where: { id: input.conversationId, ...visibleConversations(actor.workspaceId, actor.role, actor.userId) },
    select: { id: true, contactId: true },
  });
  if (!conversation) throw new AppError("NOT_FOUND", "Conversation not found.");
  const latest = await tx.message.findFirst({
    where: { workspaceId: actor.workspaceId, conversationId: conversation.id, direction: "INBOUND" },
    orderBy: [{ sentAt: "desc" }, { id: "desc" }],
    select: { id: true, intent: true },
  });
  if (!latest || latest.intent !== "SPAM") throw new AppError("CONFLICT", "This conversation is not in the Spam folder.");
  const { count } = await tx.message.updateMany({ where: { id: latest.id, workspaceId: actor.workspaceId, intent: "SPAM" }, data: { intent: input.intent } });
  if (count === 0) throw new AppError("CONFLICT", "This conversation is not in the Spam folder.");
  await tx.intentCorrection.create({
    data: { workspaceId: actor.workspaceId, conversationId: conversation.id, messageId: latest.id, fromIntent: "SPAM", toIntent: input.intent, correctedById: actor.userId, createdAt: now },
  });
  await tx.contact.updateMany({ where: { id: conversation.contactId, workspaceId: actor.workspaceId, trustedAt: null }, data: { trustedAt: now, trustedById: actor.userId } });
  await recordAudit(tx, actor.workspaceId, {
    actor: { type: "USER", id: actor.userId }, action: "message.not_spam", target: { type: "message", id: latest.id },
    metadata: { conversationId: conversation.id, contactId: conversation.contactId, from: "SPAM", to: input.intent, contactTrusted: true },
  });
  outbox.event({ type: "conversation.updated", conversationId: conversation.id });
  return { messageId: latest.id };
}
