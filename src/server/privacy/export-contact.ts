import { recordAudit } from "../audit/record-audit";
import { decrypt, decryptOptional } from "../infra/crypto/field-crypto";
import type { Tx } from "../infra/db/tenant";
import { contactNotFound, loadContactScope } from "./load-contact-scope";

/** A stored JSON profile in clear; a value that is not JSON is handed over as the string it is. */
function parseProfile(enc: string | null): unknown {
  const text = decryptOptional(enc);
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * Everything Leadline holds about one contact, decrypted, for a data-subject access request:
 * the contact, its conversations, messages and replies, the agent runs on its messages, its
 * lead with its score history (the scores and reasons over time, and the AI's verdict per message
 * from the audit log), the lead's CRM links and pending CRM erasures, the team's internal notes
 * on its conversations, and every audit entry about any of them. Admins only (the router);
 * the export itself is audited with ids and counts.
 */
export async function exportContact(tx: Tx, workspaceId: string, userId: string, contactId: string, now = new Date()) {
  const scope = await loadContactScope(tx, workspaceId, contactId);
  if (!scope) throw contactNotFound();
  const { conversationIds, messageIds, replyIds, leadId } = scope;

  const contact = await tx.contact.findFirstOrThrow({ where: { id: contactId, workspaceId }, include: { channel: { select: { id: true, platform: true, name: true } } } });
  const conversations = await tx.conversation.findMany({ where: { id: { in: conversationIds }, workspaceId }, orderBy: { createdAt: "asc" } });
  const messages = await tx.message.findMany({ where: { id: { in: messageIds }, workspaceId }, orderBy: { sentAt: "asc" } });
  const replies = await tx.reply.findMany({ where: { id: { in: replyIds }, workspaceId }, orderBy: { createdAt: "asc" } });
  const agentRuns = await tx.agentRun.findMany({ where: { messageId: { in: messageIds }, workspaceId }, orderBy: { createdAt: "asc" } });
  const lead = leadId ? await tx.lead.findFirst({ where: { id: leadId, workspaceId } }) : null;
  const crmLinks = leadId
    ? await tx.crmLeadLink.findMany({ where: { leadId, workspaceId }, include: { connection: { select: { provider: true, label: true } } }, orderBy: { createdAt: "asc" } })
    : [];
  const scores = leadId ? await tx.leadScoreHistory.findMany({ where: { leadId, workspaceId }, orderBy: { createdAt: "asc" } }) : [];
  const notes = await tx.conversationNote.findMany({ where: { conversationId: { in: conversationIds }, workspaceId }, orderBy: { createdAt: "asc" } });
  const crmErasures = leadId ? await tx.crmErasureRequest.findMany({ where: { leadId, workspaceId }, orderBy: { requestedAt: "asc" } }) : [];
  const targets = [contactId, ...conversationIds, ...messageIds, ...replyIds, ...(leadId ? [leadId] : []), ...crmLinks.map((l) => l.id)];
  const audit = await tx.auditLog.findMany({
    where: { workspaceId, targetId: { in: targets } },
    orderBy: { createdAt: "asc" },
    select: { id: true, actorType: true, actorId: true, action: true, targetType: true, targetId: true, metadata: true, createdAt: true },
  });

  const document = {
    format: "leadline.contact-export.v1",
    exportedAt: now,
    workspaceId,
    contact: {
      id: contact.id,
      channel: contact.channel,
      platformUserId: decrypt(contact.platformUserIdEnc),
      displayName: decryptOptional(contact.displayNameEnc),
      handle: decryptOptional(contact.handleEnc),
      email: decryptOptional(contact.emailEnc),
      phone: decryptOptional(contact.phoneEnc),
      profile: parseProfile(contact.profileEnc),
      followers: contact.followers,
      verified: contact.verified,
      redactedAt: contact.redactedAt,
      createdAt: contact.createdAt,
      updatedAt: contact.updatedAt,
    },
    conversations: conversations.map((c) => ({
      id: c.id, channelId: c.channelId, kind: c.kind, externalThreadId: c.externalThreadId, status: c.status, assigneeId: c.assigneeId,
      autoReplyPaused: c.autoReplyPaused, lastMessageAt: c.lastMessageAt, lastInboundAt: c.lastInboundAt, createdAt: c.createdAt,
    })),
    messages: messages.map((m) => ({
      id: m.id, conversationId: m.conversationId, direction: m.direction, platformMessageId: m.platformMessageId, text: decryptOptional(m.textEnc),
      status: m.status, error: m.error, intent: m.intent, intentConfidence: m.intentConfidence, sentAt: m.sentAt, receivedAt: m.receivedAt,
      processedAt: m.processedAt, editedAt: m.editedAt, deletedAt: m.deletedAt, redactedAt: m.redactedAt,
    })),
    replies: replies.map((r) => ({
      id: r.id, conversationId: r.conversationId, inReplyToId: r.inReplyToId, source: r.source, status: r.status,
      text: r.redactedAt ? null : decrypt(r.textEnc), handoff: r.handoff, flags: r.flags, authorId: r.authorId, approvedById: r.approvedById,
      platformMessageId: r.platformMessageId, attempts: r.attempts, error: r.error, sentAt: r.sentAt, confirmedAt: r.confirmedAt,
      deliveredAt: r.deliveredAt, readAt: r.readAt, redactedAt: r.redactedAt, createdAt: r.createdAt, updatedAt: r.updatedAt,
    })),
    agentRuns: agentRuns.map((r) => ({
      id: r.id, messageId: r.messageId, agent: r.agent, provider: r.provider, model: r.model, latencyMs: r.latencyMs, tokensIn: r.tokensIn,
      tokensOut: r.tokensOut, costUsd: Number(r.costUsd), cacheHit: r.cacheHit, outcome: r.outcome, error: r.error, createdAt: r.createdAt,
    })),
    lead: lead
      ? {
          id: lead.id, tier: lead.tier, score: lead.score, reason: lead.reason, tags: lead.tags, status: lead.status, assigneeId: lead.assigneeId,
          lastIntent: lead.lastIntent, changedAt: lead.changedAt, outcomeAt: lead.outcomeAt, createdAt: lead.createdAt, updatedAt: lead.updatedAt,
          /** The AI's verdict on each message (intent, tier, score), oldest first. */
          scores: scores.map((h) => ({ at: h.createdAt, messageId: h.messageId, tier: h.tier, score: h.score, previousScore: h.previousScore, reason: h.reason, tags: h.tags })),
          scoreHistory: audit.filter((a) => a.targetType === "message" && a.action.startsWith("ai.")).map((a) => ({ at: a.createdAt, messageId: a.targetId, action: a.action, ...scoreFields(a.metadata) })),
        }
      : null,
    crmLinks: crmLinks.map((l) => ({
      id: l.id, connectionId: l.connectionId, provider: l.connection.provider, account: l.connection.label, externalId: l.externalId, state: l.state,
      attempts: l.attempts, lastError: l.lastError, syncedAt: l.syncedAt, createdAt: l.createdAt,
    })),
    crmErasureRequests: crmErasures.map((e) => ({ id: e.id, connectionId: e.connectionId, provider: e.provider, externalId: e.externalId, requestedAt: e.requestedAt, resolvedAt: e.resolvedAt })),
    notes: notes.map((n) => ({ id: n.id, conversationId: n.conversationId, authorId: n.authorId, text: decrypt(n.textEnc), createdAt: n.createdAt })),
    auditLog: audit,
  };

  await recordAudit(tx, workspaceId, {
    actor: { type: "USER", id: userId },
    action: "privacy.contact.export",
    target: { type: "contact", id: contactId },
    metadata: { conversations: conversations.length, messages: messages.length, replies: replies.length, agentRuns: agentRuns.length, crmLinks: crmLinks.length, notes: notes.length, lead: lead !== null },
  });
  return document;
}

function scoreFields(metadata: unknown): { intent?: unknown; confidence?: unknown; tier?: unknown; score?: unknown } {
  if (metadata === null || typeof metadata !== "object" || Array.isArray(metadata)) return {};
  const m = metadata as Record<string, unknown>;
  return { intent: m.intent, confidence: m.confidence, tier: m.tier, score: m.score };
}
