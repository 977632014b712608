import type { Role } from "@/generated/prisma/client";
import { visibleConversations } from "../access/access-rules";
import { decrypt, decryptOptional } from "../infra/crypto/field-crypto";
import type { Tx } from "../infra/db/tenant";
import type { TierValue } from "@/shared/vocabulary";

// Kept importable from here for existing callers; the rule lives with the other access rules.
export { visibleConversations };

export async function listConversations(tx: Tx, workspaceId: string, role: Role, userId: string, opts: { limit: number; tier?: TierValue }) {
  const rows = await tx.conversation.findMany({
    where: { ...visibleConversations(workspaceId, role, userId), ...(opts.tier ? { contact: { lead: { workspaceId, tier: opts.tier } } } : {}) },
    orderBy: { lastMessageAt: "desc" },
    take: opts.limit,
    include: {
      channel: { select: { platform: true, name: true } },
      contact: { select: { displayNameEnc: true, handleEnc: true, lead: { select: { tier: true, score: true, tags: true } } } },
      messages: { where: { workspaceId }, orderBy: { sentAt: "desc" }, take: 1, select: { textEnc: true, deletedAt: true, intent: true, status: true, sentAt: true } },
      replies: { where: { workspaceId, status: "DRAFT" }, select: { id: true } },
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
      lastMessage: last ? { text: last.deletedAt ? "(deleted by the sender)" : last.textEnc ? decrypt(last.textEnc).slice(0, 160) : "(removed by retention)", intent: last.intent, status: last.status, sentAt: last.sentAt } : null,
      pendingDrafts: c.replies.length,
      autoReplyPaused: c.autoReplyPaused,
      assigneeId: c.assigneeId,
      lastMessageAt: c.lastMessageAt,
    };
  });
}
