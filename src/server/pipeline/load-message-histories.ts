import type { HistoryTurn } from "@/agents/reply/prompt";
import type { ScoreInput } from "@/agents/scorer/types";
import { decrypt } from "../infra/crypto/field-crypto";
import type { RawSql } from "../infra/db/sql";
import { anonymiseConversation } from "@/shared/privacy/anonymise";
import type { PlaceholderMap } from "@/shared/privacy/placeholders";
import type { MessageContext } from "./load-message-contexts";

const DAY_MS = 86_400_000;
const MAX_TURNS = 12;

/** An earlier turn, decrypted: raw customer data, to be anonymised (`anonymiseWithHistory`) before any model sees it. */
export type RawTurn = { role: HistoryTurn["role"]; rawText: string };
/** A message and the recent turns before it, anonymised together: one mapping for all of them. */
export type AnonymisedMessage = { text: string; history: HistoryTurn[]; mapping: PlaceholderMap };

type HistoryRow = {
  id: string;
  /** "stats": the contact's history features; "turn": one earlier turn of the conversation. */
  kind: "stats" | "turn";
  role: "customer" | "business" | null; textEnc: string | null; at: Date | null;
  previous: number | null; first: Date | null; last: Date | null; businessReplies: number | null; afterBusiness: number | null;
  /** The contact's lead score before this batch (null: not scored yet). */
  leadScore: number | null;
};

/**
 * Both histories of each message in one query for the whole batch (a small batch's cost is its
 * round trips): the scorer's features from the contact's history (earlier messages, first and
 * last contact, replies the business sent and how often the contact wrote back after the first
 * one), and the recent turns of the message's conversation before it, decrypted (raw customer
 * data: anonymise with `anonymiseWithHistory` before any model sees it).
 */
export async function loadHistories(tx: RawSql, workspaceId: string, contexts: readonly MessageContext[]): Promise<{ contact: Map<string, ScoreInput["history"]>; turns: Map<string, RawTurn[]> }> {
  if (contexts.length === 0) return { contact: new Map(), turns: new Map() };
  const rows = await tx.$queryRaw<HistoryRow[]>`
    WITH b AS (
      SELECT * FROM unnest(${contexts.map((c) => c.message.id)}::text[], ${contexts.map((c) => c.contact.id)}::text[],
                           ${contexts.map((c) => c.conversation.id)}::text[], ${contexts.map((c) => c.message.sentAt)}::timestamp(3)[])
        AS b(id, contact_id, conversation_id, sent_at)
    )
    SELECT b.id, 'stats' AS kind, NULL AS role, NULL AS "textEnc", NULL::timestamp(3) AS at,
           h.previous, h.first, h.last, r.business_replies AS "businessReplies", h.after_business AS "afterBusiness",
           (SELECT l.score FROM leads l WHERE l."contactId" = b.contact_id AND l."workspaceId" = ${workspaceId} AND NOT (l.score = 0 AND l.reason = '')) AS "leadScore"
    FROM b
    CROSS JOIN LATERAL (
      SELECT count(*)::int AS business_replies, min(rp."sentAt") AS first_reply
      FROM conversations c JOIN replies rp ON rp."conversationId" = c.id AND rp."workspaceId" = ${workspaceId}
      WHERE c."contactId" = b.contact_id AND c."workspaceId" = ${workspaceId} AND rp.status = 'SENT'
    ) r
    CROSS JOIN LATERAL (
      SELECT count(*) FILTER (WHERE m."sentAt" < b.sent_at)::int AS previous,
             min(m."sentAt") AS first,
             max(m."sentAt") FILTER (WHERE m."sentAt" < b.sent_at) AS last,
             count(*) FILTER (WHERE m."sentAt" > r.first_reply)::int AS after_business
      FROM conversations c JOIN messages m ON m."conversationId" = c.id AND m."workspaceId" = ${workspaceId}
      WHERE c."contactId" = b.contact_id AND c."workspaceId" = ${workspaceId} AND m.direction = 'INBOUND'
    ) h
    UNION ALL
    SELECT b.id, 'turn', t.role, t."textEnc", t.at, NULL, NULL, NULL, NULL, NULL, NULL
    FROM b
    CROSS JOIN LATERAL (
      (SELECT 'customer' AS role, m."textEnc", m."sentAt" AS at FROM messages m
        WHERE m."conversationId" = b.conversation_id AND m."workspaceId" = ${workspaceId} AND m.direction = 'INBOUND' AND m."sentAt" < b.sent_at AND m."textEnc" IS NOT NULL
        ORDER BY m."sentAt" DESC LIMIT ${MAX_TURNS})
      UNION ALL
      (SELECT 'business' AS role, r."textEnc", r."sentAt" AS at FROM replies r
        WHERE r."conversationId" = b.conversation_id AND r."workspaceId" = ${workspaceId} AND r.status = 'SENT' AND r."sentAt" < b.sent_at
        ORDER BY r."sentAt" DESC LIMIT ${MAX_TURNS})
    ) t
    ORDER BY 1, 2, 5`;
  const sentAt = new Map(contexts.map((c) => [c.message.id, c.message.sentAt.getTime()]));
  const days = (from: Date | null, to: number) => (from ? Math.max(0, (to - from.getTime()) / DAY_MS) : undefined);
  const contact = new Map<string, ScoreInput["history"]>();
  for (const r of rows) {
    if (r.kind !== "stats") continue;
    const at = sentAt.get(r.id)!;
    contact.set(r.id, { previousMessages: r.previous ?? 0, daysSinceFirstContact: days(r.first, at), daysSinceLastContact: days(r.last, at), businessReplies: r.businessReplies ?? 0, contactRepliesAfterBusiness: r.afterBusiness ?? 0, ...(r.leadScore === null ? {} : { previousScore: r.leadScore }) });
  }
  return { contact, turns: toTurns(contexts, rows.filter((r) => r.kind === "turn")) };
}

function toTurns(contexts: readonly MessageContext[], rows: ReadonlyArray<Pick<HistoryRow, "id" | "role" | "textEnc">>): Map<string, RawTurn[]> {
  const raw = new Map<string, Array<Pick<HistoryRow, "role" | "textEnc">>>();
  for (const r of rows) raw.set(r.id, [...(raw.get(r.id) ?? []), r]);
  return new Map(
    contexts.map((c) => [c.message.id, (raw.get(c.message.id) ?? []).slice(-MAX_TURNS).map((t) => ({ role: t.role!, rawText: decrypt(t.textEnc!) }))]),
  );
}

/**
 * A message anonymised together with its history and the contact's known names and handles
 * (privacy/anonymise.ts `anonymiseConversation`): a person or value has one placeholder across
 * the message and its history, so the reply model's "[NAME_1]" means the same person everywhere
 * and re-hydrates, with `mapping`, to them.
 */
export function anonymiseWithHistory(ctx: MessageContext, turns: readonly RawTurn[]): AnonymisedMessage {
  const anonymised = anonymiseConversation(ctx.text, turns.map((t) => t.rawText), ctx.known);
  const history = turns.map((t, i) => ({ role: t.role, text: anonymised.history[i] ?? "" }));
  return { text: anonymised.text, history, mapping: anonymised.mapping };
}
