import type { Role } from "@/generated/prisma/client";
import { decrypt, decryptOptional } from "../infra/crypto/field-crypto";
import type { Tx } from "../infra/db/tenant";
import { AppError } from "../infra/errors/app-error";
import { effectiveStatus, visibleConversations } from "./list-conversations";

/** One conversation with its messages, replies, lead and the agent runs behind each message. */
export async function getConversation(tx: Tx, workspaceId: string, role: Role, userId: string, conversationId: string, now = new Date()) {
  const c = await tx.conversation.findFirst({
    // The to-one relations it shows are held to the same workspace (includes cannot filter them).
    where: { id: conversationId, ...visibleConversations(workspaceId, role, userId), channel: { workspaceId }, contact: { workspaceId } },
    include: {
      channel: { select: { platform: true, name: true, status: true, autoReplyEnabled: true, workspace: { select: { autoReplyEnabled: true } } } },
      contact: { include: { lead: true } },
      messages: { where: { workspaceId }, orderBy: { sentAt: "asc" }, take: 200, include: { agentRuns: { where: { workspaceId }, orderBy: { createdAt: "asc" } } } },
      replies: { where: { workspaceId }, orderBy: { createdAt: "asc" }, take: 200 },
    },
  });
  if (!c) throw new AppError("NOT_FOUND", "Conversation not found.");
  return {
    id: c.id,
    kind: c.kind,
    platform: c.channel.platform,
    channel: { platform: c.channel.platform, name: c.channel.name, status: c.channel.status, autoReplyEnabled: c.channel.autoReplyEnabled },
    workspaceAutoReply: c.channel.workspace.autoReplyEnabled,
    autoReplyPaused: c.autoReplyPaused,
    assigneeId: c.assigneeId,
    status: effectiveStatus(c.status, c.snoozedUntil, now),
    snoozedUntil: effectiveStatus(c.status, c.snoozedUntil, now) === "SNOOZED" ? c.snoozedUntil : null,
    contact: {
      id: c.contact.id,
      name: decryptOptional(c.contact.displayNameEnc),
      handle: decryptOptional(c.contact.handleEnc),
      followers: c.contact.followers,
      verified: c.contact.verified,
      /** A person marked them "not spam": their messages are never filed as spam. */
      trusted: c.contact.trustedAt !== null,
    },
    lead: c.contact.lead,
    messages: c.messages.map((m) => ({
      id: m.id,
      direction: m.direction,
      // A deleted message has no text (the update cleared it); never show one that lingered.
      text: m.textEnc && !m.deletedAt ? decrypt(m.textEnc) : null,
      editedAt: m.editedAt,
      deletedAt: m.deletedAt,
      status: m.status,
      error: m.error,
      intent: m.intent,
      intentConfidence: m.intentConfidence,
      sentAt: m.sentAt,
      agentRuns: m.agentRuns.map((r) => ({ ...r, costUsd: Number(r.costUsd) })),
    })),
    replies: c.replies.map((r) => ({
      id: r.id, inReplyToId: r.inReplyToId, source: r.source, status: r.status, text: decrypt(r.textEnc), handoff: r.handoff,
      flags: r.flags, error: r.error, sentAt: r.sentAt, createdAt: r.createdAt, deliveredAt: r.deliveredAt, readAt: r.readAt,
    })),
  };
}
