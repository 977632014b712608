import { visibleConversations } from "../access/access-rules";
import { decryptOptional } from "../infra/crypto/field-crypto";
import type { Tx } from "../infra/db/tenant";
import { AppError } from "../infra/errors/app-error";
import type { LeadReader } from "./list-leads";

/** How many scorings the lead page shows, newest first. */
export const HISTORY_LIMIT = 200;

/**
 * One lead for its page: the contact, the current tier, score, reason and tags, the conversations
 * the reader may see, and the score's history (newest first), each entry with the message that
 * caused it and, when it lowered the score, the reason. An agent asking for a lead none of whose
 * conversations they see gets NOT_FOUND, like a lead of another workspace.
 */
export async function getLead(tx: Tx, reader: LeadReader, leadId: string) {
  const { workspaceId } = reader;
  const visible = visibleConversations(workspaceId, reader.role, reader.userId);
  const lead = await tx.lead.findFirst({
    where: { id: leadId, workspaceId },
    select: {
      id: true, tier: true, score: true, reason: true, tags: true, status: true, lastIntent: true, assigneeId: true, createdAt: true, changedAt: true,
      contact: {
        select: {
          displayNameEnc: true, handleEnc: true, emailEnc: true, phoneEnc: true, followers: true, verified: true, redactedAt: true,
          channel: { select: { id: true, name: true, platform: true } },
          conversations: { where: visible, select: { id: true, kind: true, status: true, lastMessageAt: true, lastInboundAt: true }, orderBy: { lastMessageAt: "desc" } },
        },
      },
      crmLinks: { where: { workspaceId }, select: { state: true, lastError: true, syncedAt: true, connection: { select: { provider: true, label: true } } }, orderBy: { createdAt: "asc" } },
    },
  });
  if (!lead || (reader.role === "AGENT" && lead.contact.conversations.length === 0)) throw new AppError("NOT_FOUND", "Lead not found.");

  const history = await tx.leadScoreHistory.findMany({
    where: { workspaceId, leadId },
    select: { id: true, createdAt: true, tier: true, score: true, previousScore: true, reason: true, tags: true, messageId: true },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: HISTORY_LIMIT,
  });
  const messageIds = [...new Set(history.flatMap((h) => h.messageId ?? []))];
  const visibleIds = new Set(lead.contact.conversations.map((c) => c.id));
  const messages = messageIds.length === 0 ? [] : await tx.message.findMany({ where: { workspaceId, id: { in: messageIds } }, select: { id: true, conversationId: true, sentAt: true } });
  const messageById = new Map(messages.map((m) => [m.id, m]));
  const owner = lead.assigneeId
    ? await tx.membership.findFirst({ where: { workspaceId, userId: lead.assigneeId }, select: { user: { select: { nameEnc: true } } } })
    : null;
  const { contact } = lead;

  return {
    id: lead.id,
    tier: lead.tier,
    score: lead.score,
    reason: lead.reason,
    tags: lead.tags,
    status: lead.status,
    lastIntent: lead.lastIntent,
    createdAt: lead.createdAt,
    changedAt: lead.changedAt,
    owner: lead.assigneeId ? { id: lead.assigneeId, name: owner ? (decryptOptional(owner.user.nameEnc) ?? "Team member") : "Former member" } : null,
    contact: {
      name: decryptOptional(contact.displayNameEnc) ?? decryptOptional(contact.handleEnc) ?? "Unknown",
      handle: decryptOptional(contact.handleEnc),
      email: decryptOptional(contact.emailEnc),
      phone: decryptOptional(contact.phoneEnc),
      followers: contact.followers,
      verified: contact.verified,
      redacted: contact.redactedAt !== null,
      channel: contact.channel,
    },
    conversations: contact.conversations,
    crm: lead.crmLinks.map((l) => ({ provider: l.connection.provider, label: l.connection.label, state: l.state, reason: l.lastError, syncedAt: l.syncedAt })),
    history: history.map((h) => {
      const message = h.messageId ? messageById.get(h.messageId) : undefined;
      return {
        id: h.id,
        at: h.createdAt,
        tier: h.tier,
        score: h.score,
        previousScore: h.previousScore,
        change: h.previousScore === null ? null : h.score - h.previousScore,
        reason: h.reason,
        tags: h.tags,
        // The message that caused it, linked only inside a conversation the reader sees.
        message: message && visibleIds.has(message.conversationId) ? { id: message.id, conversationId: message.conversationId, sentAt: message.sentAt } : null,
      };
    }),
  };
}

export type LeadDetail = Awaited<ReturnType<typeof getLead>>;
