import { recordAgentRunsMany } from "../ai/record-agent-runs";
import { recordAuditMany } from "../audit/record-audit";
import { encrypt } from "../infra/crypto/field-crypto";
import { newId } from "../infra/db/new-id";
import type { RawSql } from "../infra/db/sql";
import type { AgentOutcome } from "./run-agents";
import { toIntentValue, toTierValue } from "@/shared/vocabulary";


/** One processed message, ready to write. */
export type ProcessedMessage = {
  messageId: string;
  conversationId: string;
  contactId: string;
  sentAt: Date;
  outcome: AgentOutcome;
  /** The reply re-hydrated for the customer, when one was generated. */
  reply: { text: string; flags: string[]; handoff: boolean; send: boolean; draftReason: string | null } | null;
};

export type PersistedMessage = { messageId: string; conversationId: string; leadId: string | null; reply: { id: string; status: "QUEUED" | "DRAFT" } | null };

const json = (v: unknown) => JSON.stringify(v);

/**
 * Writes the agents' results for a batch of one workspace's messages in the caller's tenant
 * transaction, a few multi-row statements in all: the messages (only those not processed
 * meanwhile: a concurrent delivery that finished first wins), agent runs and usage, leads (the
 * newest message per contact wins), replies (one AI reply per message) and the audit entries.
 * Returns what was written; messages another delivery had already processed are left out.
 */
export async function persistOutcomes(tx: RawSql, workspaceId: string, items: readonly ProcessedMessage[]): Promise<PersistedMessage[]> {
  if (items.length === 0) return [];
  const now = new Date();
  const open = await tx.$queryRaw<Array<{ id: string }>>`
    SELECT id FROM messages WHERE id = ANY(${items.map((i) => i.messageId)}::text[]) AND "workspaceId" = ${workspaceId} AND status <> 'PROCESSED' ORDER BY id FOR UPDATE`;
  const writable = new Set(open.map((r) => r.id));
  const unprocessed = items.filter((i) => writable.has(i.messageId));
  if (unprocessed.length === 0) return [];

  await tx.$executeRaw`
    UPDATE messages m SET status = 'PROCESSED', intent = u.intent::"Intent", "intentConfidence" = u.confidence, "processedAt" = ${now}::timestamp(3), error = NULL
    FROM unnest(${unprocessed.map((i) => i.messageId)}::text[], ${unprocessed.map((i) => toIntentValue(i.outcome.intent))}::text[], ${unprocessed.map((i) => i.outcome.confidence)}::float8[])
      AS u(id, intent, confidence)
    WHERE m.id = u.id AND m."workspaceId" = ${workspaceId}`;
  await recordAgentRunsMany(tx, workspaceId, unprocessed.flatMap((i) => i.outcome.runs.map((run) => ({ messageId: i.messageId, run }))), now);

  // The newest message of each contact decides the lead.
  const newest = new Map<string, ProcessedMessage>();
  for (const i of unprocessed) {
    const prior = newest.get(i.contactId);
    if (!prior || prior.sentAt <= i.sentAt) newest.set(i.contactId, i);
  }
  const leadRows = [...newest.values()].sort((a, b) => (a.contactId < b.contactId ? -1 : 1));
  const leads = await tx.$queryRaw<Array<{ id: string; contactId: string }>>`
    UPDATE leads l SET tier = u.tier::"LeadTier", score = u.score, reason = u.reason,
      tags = ARRAY(SELECT jsonb_array_elements_text(u.tags::jsonb)), "lastIntent" = u.intent::"Intent",
      "changedAt" = ${now}::timestamp(3), "crmSyncState" = 'PENDING', "updatedAt" = ${now}::timestamp(3)
    FROM unnest(${leadRows.map((i) => i.contactId)}::text[], ${leadRows.map((i) => toTierValue(i.outcome.score.tier))}::text[],
                ${leadRows.map((i) => i.outcome.score.score)}::int[], ${leadRows.map((i) => i.outcome.score.reason)}::text[],
                ${leadRows.map((i) => json(i.outcome.score.tags))}::text[], ${leadRows.map((i) => toIntentValue(i.outcome.intent))}::text[])
      AS u(contact_id, tier, score, reason, tags, intent)
    WHERE l."contactId" = u.contact_id AND l."workspaceId" = ${workspaceId}
    RETURNING l.id, l."contactId"`;
  const leadByContact = new Map(leads.map((l) => [l.contactId, l.id]));

  const withReply = unprocessed.filter((i) => i.reply).map((i) => ({ ...i, reply: i.reply!, replyId: newId() }));
  const replies = withReply.length === 0 ? [] : await tx.$queryRaw<Array<{ id: string; aiForMessageId: string; status: "QUEUED" | "DRAFT" }>>`
    INSERT INTO replies (id, "workspaceId", "conversationId", "inReplyToId", "aiForMessageId", source, status, "textEnc", handoff, flags, "createdAt", "updatedAt")
    SELECT r.id, ${workspaceId}, r.conversation_id, r.message_id, r.message_id, 'AI', r.status::"ReplyStatus", r.text_enc, r.handoff,
           ARRAY(SELECT jsonb_array_elements_text(r.flags::jsonb)), ${now}::timestamp(3), ${now}::timestamp(3)
    FROM unnest(${withReply.map((i) => i.replyId)}::text[], ${withReply.map((i) => i.conversationId)}::text[], ${withReply.map((i) => i.messageId)}::text[],
                ${withReply.map((i) => (i.reply.send ? "QUEUED" : "DRAFT"))}::text[], ${withReply.map((i) => encrypt(i.reply.text))}::text[],
                ${withReply.map((i) => i.reply.handoff)}::bool[], ${withReply.map((i) => json(i.reply.flags))}::text[])
      AS r(id, conversation_id, message_id, status, text_enc, handoff, flags)
    ON CONFLICT ("aiForMessageId") DO NOTHING
    RETURNING id, "aiForMessageId", status::text AS status`;
  const replyByMessage = new Map(replies.map((r) => [r.aiForMessageId, { id: r.id, status: r.status }]));

  const persisted = unprocessed.map((i) => ({ messageId: i.messageId, conversationId: i.conversationId, leadId: leadByContact.get(i.contactId) ?? null, reply: replyByMessage.get(i.messageId) ?? null }));
  await recordAuditMany(tx, workspaceId, persisted.map((p, k) => {
    const { outcome, reply } = unprocessed[k]!;
    return {
      actor: { type: "AI" },
      action: p.reply ? (p.reply.status === "QUEUED" ? "ai.reply.auto_send" : "ai.reply.draft") : "ai.message.classified",
      target: { type: "message", id: p.messageId },
      metadata: {
        intent: outcome.intent, confidence: Number(outcome.confidence.toFixed(3)), tier: outcome.score.tier, score: outcome.score.score,
        replyId: p.reply?.id ?? null, models: outcome.runs.map((r) => `${r.agent}:${r.provider}:${r.model}`),
        ...(reply && !reply.send ? { draftReason: reply.draftReason } : {}),
      },
    };
  }), now);
  return persisted;
}
