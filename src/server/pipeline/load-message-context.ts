import { decrypt, decryptOptional } from "../crypto/field-crypto";
import type { Tx } from "../db/tenant";
import type { ScoreInput } from "@/agents/scorer/types";

const DAY_MS = 86_400_000;

/** Everything the agents need about one inbound message, loaded in the tenant's transaction. */
export async function loadMessageContext(tx: Tx, messageId: string) {
  const message = await tx.message.findUnique({
    where: { id: messageId },
    include: { conversation: { include: { channel: true, contact: { include: { lead: true } } } } },
  });
  if (!message) return null;
  const workspace = await tx.workspace.findUniqueOrThrow({ where: { id: message.workspaceId } });
  const scorerModel = await tx.scorerModel.findUnique({ where: { workspaceId: message.workspaceId }, select: { model: true } });
  const contact = message.conversation.contact;
  return {
    message,
    text: message.textEnc ? decrypt(message.textEnc) : "",
    conversation: message.conversation,
    channel: message.conversation.channel,
    contact,
    known: {
      names: [decryptOptional(contact.displayNameEnc)].filter((n): n is string => !!n),
      handles: [decryptOptional(contact.handleEnc)].filter((h): h is string => !!h),
    },
    workspace,
    scorerModel: scorerModel?.model ?? null,
  };
}

export type MessageContext = NonNullable<Awaited<ReturnType<typeof loadMessageContext>>>;

/** The scorer's history features: runs beside the intent classifier (DESIGN.md section 3.2). */
export async function loadContactHistory(tx: Tx, ctx: MessageContext): Promise<ScoreInput["history"]> {
  const contactId = ctx.contact.id;
  const sentAt = ctx.message.sentAt;
  const [previous, first, last, firstReply] = await Promise.all([
    tx.message.count({ where: { conversation: { contactId }, direction: "INBOUND", sentAt: { lt: sentAt } } }),
    tx.message.findFirst({ where: { conversation: { contactId }, direction: "INBOUND" }, orderBy: { sentAt: "asc" }, select: { sentAt: true } }),
    tx.message.findFirst({ where: { conversation: { contactId }, direction: "INBOUND", sentAt: { lt: sentAt } }, orderBy: { sentAt: "desc" }, select: { sentAt: true } }),
    tx.reply.findFirst({ where: { conversation: { contactId }, status: "SENT" }, orderBy: { sentAt: "asc" }, select: { sentAt: true } }),
  ]);
  const businessReplies = await tx.reply.count({ where: { conversation: { contactId }, status: "SENT" } });
  const afterBusiness = firstReply?.sentAt
    ? await tx.message.count({ where: { conversation: { contactId }, direction: "INBOUND", sentAt: { gt: firstReply.sentAt } } })
    : 0;
  return {
    previousMessages: previous,
    daysSinceFirstContact: first ? Math.max(0, (sentAt.getTime() - first.sentAt.getTime()) / DAY_MS) : undefined,
    daysSinceLastContact: last ? Math.max(0, (sentAt.getTime() - last.sentAt.getTime()) / DAY_MS) : undefined,
    businessReplies,
    contactRepliesAfterBusiness: afterBusiness,
  };
}
