import { decryptOptional } from "../../infra/crypto/field-crypto";
import type { RawSql } from "../../infra/db/sql";
import type { CrmLeadRecord, CrmNote } from "../crm-connector";
import type { ChangedLead } from "./select-changed-leads";

/** Messages attached to the CRM note, newest last. */
const NOTE_MESSAGES = 5;

type LeadRow = {
  id: string;
  tier: "HOT" | "WARM" | "COLD";
  score: number;
  reason: string;
  tags: string[];
  status: "NEW" | "QUALIFIED" | "WON" | "LOST";
  lastIntent: string | null;
  platform: string;
  displayNameEnc: string | null;
  handleEnc: string | null;
  emailEnc: string | null;
  phoneEnc: string | null;
  conversationId: string | null;
};

type MessageRow = { leadId: string; direction: "INBOUND" | "OUTBOUND"; textEnc: string | null; sentAt: Date };

export type BuiltLead = { record: CrmLeadRecord; note: Omit<CrmNote, "externalId"> };

/**
 * The records and notes of one batch, read in one query: each lead with its contact (decrypted
 * here, in memory only: delivering them to the company's CRM is the point), its latest
 * conversation for the inbox link, and the last NOTE_MESSAGES messages of its conversations as a
 * JSON array (text removed by retention stays out). A lead deleted since it was selected is left out.
 */
export async function buildRecords(tx: RawSql, workspaceId: string, changed: readonly ChangedLead[], appUrl: string): Promise<BuiltLead[]> {
  if (changed.length === 0) return [];
  const ids = changed.map((c) => c.leadId);
  const leads = await tx.$queryRaw<Array<LeadRow & { messages: Array<{ direction: MessageRow["direction"]; textEnc: string; sentAt: string }> }>>`
    SELECT l.id, l.tier::text AS tier, l.score, l.reason, l.tags, l.status::text AS status, l."lastIntent"::text AS "lastIntent",
           ch.platform::text AS platform, c."displayNameEnc", c."handleEnc", c."emailEnc", c."phoneEnc", conv.id AS "conversationId",
           COALESCE(msgs.list, '[]'::json) AS messages
    FROM leads l
    JOIN contacts c ON c.id = l."contactId" AND c."workspaceId" = l."workspaceId"
    JOIN channels ch ON ch.id = c."channelId" AND ch."workspaceId" = c."workspaceId"
    LEFT JOIN LATERAL (
      SELECT v.id FROM conversations v WHERE v."contactId" = c.id AND v."workspaceId" = l."workspaceId" ORDER BY v."lastMessageAt" DESC LIMIT 1
    ) conv ON true
    LEFT JOIN LATERAL (
      SELECT json_agg(json_build_object('direction', m.direction, 'textEnc', m."textEnc", 'sentAt', m."sentAt") ORDER BY m."sentAt") AS list
      FROM (
        SELECT m.direction, m."textEnc", m."sentAt"
        FROM conversations v
        JOIN messages m ON m."conversationId" = v.id AND m."workspaceId" = v."workspaceId"
        WHERE v."contactId" = c.id AND v."workspaceId" = l."workspaceId" AND m."textEnc" IS NOT NULL
        ORDER BY m."sentAt" DESC
        LIMIT ${NOTE_MESSAGES}
      ) m
    ) msgs ON true
    WHERE l."workspaceId" = ${workspaceId} AND l.id = ANY(${ids}::text[])`;
  const messages = leads.flatMap((l) => l.messages.map((m): MessageRow => ({ leadId: l.id, direction: m.direction, textEnc: m.textEnc, sentAt: new Date(`${m.sentAt}Z`) })));

  const byLead = new Map<string, MessageRow[]>();
  for (const m of messages) byLead.set(m.leadId, [...(byLead.get(m.leadId) ?? []), m]);
  const rows = new Map(leads.map((l) => [l.id, l]));
  const base = appUrl.replace(/\/+$/, "");

  return changed.flatMap((c): BuiltLead[] => {
    const lead = rows.get(c.leadId);
    if (!lead) return [];
    const inboxUrl = lead.conversationId ? `${base}/inbox/${encodeURIComponent(lead.conversationId)}` : `${base}/leads`;
    const intent = lead.lastIntent ? lead.lastIntent.toLowerCase() : null;
    return [
      {
        record: {
          leadId: lead.id,
          externalKey: lead.id,
          externalId: c.externalId,
          version: c.version,
          values: {
            name: decryptOptional(lead.displayNameEnc),
            email: decryptOptional(lead.emailEnc),
            phone: decryptOptional(lead.phoneEnc),
            handle: decryptOptional(lead.handleEnc),
            platform: lead.platform.toLowerCase(),
            tier: lead.tier,
            score: lead.score,
            reason: lead.reason,
            tags: lead.tags,
            status: lead.status,
            intent,
            inboxUrl,
          },
        },
        note: {
          leadId: lead.id,
          summary: summaryOf(lead.tier, lead.score, intent, lead.reason, inboxUrl),
          lastMessages: (byLead.get(lead.id) ?? []).map((m) => ({ direction: m.direction, text: decryptOptional(m.textEnc) ?? "", at: m.sentAt })),
        },
      },
    ];
  });
}

function summaryOf(tier: string, score: number, intent: string | null, reason: string, inboxUrl: string): string {
  const head = `${tier} lead (score ${score})${intent ? `, ${intent} intent` : ""}.`;
  return [head, reason.trim(), `Conversation: ${inboxUrl}`].filter(Boolean).join("\n");
}
