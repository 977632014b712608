import type { Prisma, Role } from "@/generated/prisma/client";
import { decrypt, decryptOptional } from "../crypto/field-crypto";
import type { Tx } from "../db/tenant";

/** Agents see conversations assigned to them and unassigned ones; admins and viewers see all. */
export function visibleConversations(role: Role, userId: string): Prisma.ConversationWhereInput {
  return role === "AGENT" ? { OR: [{ assigneeId: null }, { assigneeId: userId }] } : {};
}

export async function listConversations(tx: Tx, role: Role, userId: string, opts: { limit: number; tier?: "HOT" | "WARM" | "COLD" }) {
  const rows = await tx.conversation.findMany({
    where: { ...visibleConversations(role, userId), ...(opts.tier ? { contact: { lead: { tier: opts.tier } } } : {}) },
    orderBy: { lastMessageAt: "desc" },
    take: opts.limit,
    include: {
      channel: { select: { platform: true, name: true } },
      contact: { select: { displayNameEnc: true, handleEnc: true, lead: { select: { tier: true, score: true, tags: true } } } },
      messages: { orderBy: { sentAt: "desc" }, take: 1, select: { textEnc: true, intent: true, status: true, sentAt: true } },
      replies: { where: { status: "DRAFT" }, select: { id: true } },
    },
  });
  return rows.map((c) => {
    const last = c.messages[0];
    return {
      id: c.id,
      kind: c.kind,
      platform: c.channel.platform,
      channelName: c.channel.name,
      contactName: decryptOptional(c.contact.displayNameEnc) ?? decryptOptional(c.contact.handleEnc) ?? "Unknown",
      lead: c.contact.lead,
      lastMessage: last ? { text: last.textEnc ? decrypt(last.textEnc).slice(0, 160) : "(removed by retention)", intent: last.intent, status: last.status, sentAt: last.sentAt } : null,
      pendingDrafts: c.replies.length,
      autoReplyPaused: c.autoReplyPaused,
      assigneeId: c.assigneeId,
      lastMessageAt: c.lastMessageAt,
    };
  });
}
