import { agentRunError, recordUsage } from "../ai/record-agent-runs";
import { encrypt } from "../infra/crypto/field-crypto";
import { newId } from "../infra/db/new-id";
import type { RawSql } from "../infra/db/sql";
import { notifyHotLeads } from "../notifications/notify-hot-leads";
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

type WrittenRow = { kind: "message" | "lead" | "reply"; id: string; ref: string | null; status: "QUEUED" | "DRAFT" | null };

/**
 * Writes the agents' results for a batch of one workspace's messages in the caller's tenant
 * transaction, as one statement (a small batch's cost is its round trips): the messages (only
 * those not processed meanwhile: a concurrent delivery that finished first wins, its rows
 * locked and re-checked), agent runs, leads (the newest message per contact wins), replies
 * (one AI reply per message) and the audit entries. Usage rows follow for runs that cost
 * tokens. Returns what was written; messages another delivery had already processed are left out.
 */
export async function persistOutcomes(tx: RawSql, workspaceId: string, items: readonly ProcessedMessage[]): Promise<PersistedMessage[]> {
  if (items.length === 0) return [];
  const now = new Date();
  const runs = items.flatMap((i) => i.outcome.runs.map((run) => ({ messageId: i.messageId, run })));
  const replies = items.map((i) => (i.reply ? { id: newId(), ...i.reply } : null));
  const audits = items.map((i, k) => ({
    id: newId(),
    // Written as is when the reply was inserted; without it the entry says "classified" and drops the reply fields.
    metadata: {
      intent: i.outcome.intent, confidence: Number(i.outcome.confidence.toFixed(3)), tier: i.outcome.score.tier, score: i.outcome.score.score,
      replyId: replies[k]?.id ?? null, models: i.outcome.runs.map((r) => `${r.agent}:${r.provider}:${r.model}`),
      ...(i.reply && !i.reply.send ? { draftReason: i.reply.draftReason } : {}),
    },
  }));

  const rows = await tx.$queryRaw<WrittenRow[]>`
    WITH item AS (
      SELECT * FROM unnest(
        ${items.map((i) => i.messageId)}::text[], ${items.map((i) => i.conversationId)}::text[], ${items.map((i) => i.contactId)}::text[],
        ${items.map((i) => i.sentAt)}::timestamp(3)[], ${items.map((i) => toIntentValue(i.outcome.intent))}::text[], ${items.map((i) => i.outcome.confidence)}::float8[],
        ${items.map((i) => toTierValue(i.outcome.score.tier))}::text[], ${items.map((i) => i.outcome.score.score)}::int[], ${items.map((i) => i.outcome.score.reason)}::text[],
        ${items.map((i) => json(i.outcome.score.tags))}::text[],
        ${replies.map((r) => r?.id ?? null)}::text[], ${replies.map((r) => (r ? (r.send ? "QUEUED" : "DRAFT") : null))}::text[],
        ${replies.map((r) => (r ? encrypt(r.text) : null))}::text[], ${replies.map((r) => r?.handoff ?? false)}::bool[], ${replies.map((r) => json(r?.flags ?? []))}::text[],
        ${audits.map((a) => a.id)}::text[], ${audits.map((a) => json(a.metadata))}::text[]
      ) WITH ORDINALITY AS u(message_id, conversation_id, contact_id, sent_at, intent, confidence, tier, score, reason, tags,
                             reply_id, reply_status, reply_enc, handoff, flags, audit_id, audit_meta, ord)
    ),
    open AS (
      SELECT m.id FROM messages m
      WHERE m.id = ANY(${items.map((i) => i.messageId)}::text[]) AND m."workspaceId" = ${workspaceId} AND m.status <> 'PROCESSED'
      ORDER BY m.id FOR UPDATE
    ),
    message_up AS (
      UPDATE messages m SET status = 'PROCESSED', intent = u.intent::"Intent", "intentConfidence" = u.confidence, "processedAt" = ${now}::timestamp(3), error = NULL
      FROM item u JOIN open o ON o.id = u.message_id
      WHERE m.id = u.message_id AND m."workspaceId" = ${workspaceId}
    ),
    run_ins AS (
      INSERT INTO agent_runs (id, "workspaceId", "messageId", agent, provider, model, "latencyMs", "tokensIn", "tokensOut", "costUsd", "cacheHit", "cacheKey", outcome, error, "createdAt")
      SELECT r.id, ${workspaceId}, r.message_id, r.agent, r.provider, r.model, r.latency, r.tokens_in, r.tokens_out, r.cost, r.cache_hit, r.cache_key, r.outcome, r.error, ${now}::timestamp(3)
      FROM unnest(${runs.map(() => newId())}::text[], ${runs.map((r) => r.messageId)}::text[], ${runs.map((r) => r.run.agent)}::text[],
                  ${runs.map((r) => r.run.provider)}::text[], ${runs.map((r) => r.run.model)}::text[], ${runs.map((r) => Math.round(r.run.latencyMs))}::int[],
                  ${runs.map((r) => r.run.tokensIn)}::int[], ${runs.map((r) => r.run.tokensOut)}::int[], ${runs.map((r) => r.run.costUsd)}::numeric[],
                  ${runs.map((r) => r.run.cacheHit)}::bool[], ${runs.map((r) => r.run.cacheKey ?? null)}::text[], ${runs.map((r) => r.run.outcome)}::text[], ${runs.map((r) => agentRunError(r.run))}::text[])
        AS r(id, message_id, agent, provider, model, latency, tokens_in, tokens_out, cost, cache_hit, cache_key, outcome, error)
      JOIN open o ON o.id = r.message_id
    ),
    newest AS (
      -- The newest processed message of each contact decides its lead (the later item on a tie).
      SELECT DISTINCT ON (u.contact_id) u.* FROM item u JOIN open o ON o.id = u.message_id
      ORDER BY u.contact_id, u.sent_at DESC, u.ord DESC
    ),
    lead_up AS (
      UPDATE leads l SET tier = u.tier::"LeadTier", score = u.score, reason = u.reason,
        tags = ARRAY(SELECT jsonb_array_elements_text(u.tags::jsonb)), "lastIntent" = u.intent::"Intent",
        "changedAt" = ${now}::timestamp(3), "updatedAt" = ${now}::timestamp(3)
      FROM newest u
      WHERE l."contactId" = u.contact_id AND l."workspaceId" = ${workspaceId}
      RETURNING l.id, l."contactId"
    ),
    history_ins AS (
      -- The lead's score history (lead page). "prev" reads the lead as it was before lead_up (one snapshot).
      INSERT INTO lead_score_history (id, "workspaceId", "leadId", "messageId", tier, score, "previousScore", reason, tags, "createdAt")
      SELECT gen_random_uuid()::text, ${workspaceId}, lu.id, u.message_id, u.tier::"LeadTier", u.score,
             CASE WHEN prev.score = 0 AND prev.reason = '' THEN NULL ELSE prev.score END,
             CASE WHEN u.score < prev.score AND btrim(u.reason) = '' THEN 'Scored lower on this message; the scorer gave no reason' ELSE u.reason END,
             ARRAY(SELECT jsonb_array_elements_text(u.tags::jsonb)), ${now}::timestamp(3)
      FROM lead_up lu JOIN newest u ON u.contact_id = lu."contactId" JOIN leads prev ON prev.id = lu.id AND prev."workspaceId" = ${workspaceId}
    ),
    reply_ins AS (
      INSERT INTO replies (id, "workspaceId", "conversationId", "inReplyToId", "aiForMessageId", source, status, "textEnc", handoff, flags, "createdAt", "updatedAt")
      SELECT u.reply_id, ${workspaceId}, u.conversation_id, u.message_id, u.message_id, 'AI', u.reply_status::"ReplyStatus", u.reply_enc, u.handoff,
             ARRAY(SELECT jsonb_array_elements_text(u.flags::jsonb)), ${now}::timestamp(3), ${now}::timestamp(3)
      FROM item u JOIN open o ON o.id = u.message_id
      WHERE u.reply_id IS NOT NULL
      ORDER BY u.ord
      ON CONFLICT ("aiForMessageId") DO NOTHING
      RETURNING id, "aiForMessageId", status::text AS status
    ),
    audit_ins AS (
      INSERT INTO audit_logs (id, "workspaceId", "actorType", "actorId", action, "targetType", "targetId", metadata, "createdAt")
      SELECT u.audit_id, ${workspaceId}, 'AI', NULL,
             CASE WHEN r.id IS NULL THEN 'ai.message.classified' WHEN r.status = 'QUEUED' THEN 'ai.reply.auto_send' ELSE 'ai.reply.draft' END,
             'message', u.message_id,
             CASE WHEN r.id IS NULL THEN (u.audit_meta::jsonb - 'draftReason') || '{"replyId": null}'::jsonb ELSE u.audit_meta::jsonb END,
             ${now}::timestamp(3)
      FROM item u JOIN open o ON o.id = u.message_id LEFT JOIN reply_ins r ON r."aiForMessageId" = u.message_id
      ORDER BY u.ord
    )
    SELECT 'message' AS kind, id, NULL AS ref, NULL AS status FROM open
    UNION ALL SELECT 'lead', id, "contactId", NULL FROM lead_up
    UNION ALL SELECT 'reply', id, "aiForMessageId", status FROM reply_ins`;

  const written = new Set(rows.filter((r) => r.kind === "message").map((r) => r.id));
  const unprocessed = items.filter((i) => written.has(i.messageId));
  if (unprocessed.length === 0) return [];
  await recordUsage(tx, workspaceId, unprocessed.flatMap((i) => i.outcome.runs), now);
  await notifyHotLeads(tx, workspaceId, unprocessed.filter((i) => toTierValue(i.outcome.score.tier) === "HOT").map((i) => i.conversationId), now);
  const leadByContact = new Map(rows.filter((r) => r.kind === "lead").map((r) => [r.ref!, r.id]));
  const replyByMessage = new Map(rows.filter((r) => r.kind === "reply").map((r) => [r.ref!, { id: r.id, status: r.status! }]));
  return unprocessed.map((i) => ({ messageId: i.messageId, conversationId: i.conversationId, leadId: leadByContact.get(i.contactId) ?? null, reply: replyByMessage.get(i.messageId) ?? null }));
}
