import type { RawSql } from "../infra/db/sql";
import type { SqlRange } from "./analytics-input";

export type ReplyOutcomes = {
  /** AI replies written in the range. */
  total: number;
  /** Went out on their own: no person approved, edited or wrote them. */
  autoSent: number;
  /** Held as drafts for a person (a rule said no: confidence, grounding, window, paused...). */
  draft: number;
  /** Held because the AI itself asked for a person (guardrails or hand-off). */
  handoff: number;
  /** What people did with the held ones (drafts and hand-offs together). */
  held: { approved: number; edited: number; discarded: number; pending: number; other: number };
};

/**
 * How each AI reply written in the range ended, counted with FILTER over the replies'
 * (workspace, created) index. Auto-sent: no approver and past DRAFT (queued, sending, sent,
 * failed or unknown delivery all count: the decision was to send). Hand-off: held because the
 * AI flagged it. Draft: held for any other rule. The held ones then split by what a person did:
 * approved as written, edited and sent, discarded (or replaced by their own reply), still pending.
 */
export async function tallyReplyOutcomes(tx: RawSql, r: SqlRange): Promise<ReplyOutcomes> {
  const [row] = await tx.$queryRaw<Array<ReplyOutcomes["held"] & { total: number; autoSent: number; draft: number; handoff: number }>>`
    WITH ai AS (
      SELECT rp.status, rp.source, rp.handoff, rp."approvedById",
             (rp."approvedById" IS NULL AND rp.status NOT IN ('DRAFT', 'DISCARDED')) AS auto
        FROM replies rp
       WHERE rp."workspaceId" = ${r.workspaceId} AND rp.source IN ('AI', 'AI_EDITED')
         AND rp."createdAt" >= ${r.from}::timestamp(3) AND rp."createdAt" < ${r.to}::timestamp(3)
         AND (${r.channelId}::text IS NULL OR EXISTS (
               SELECT 1 FROM conversations c WHERE c.id = rp."conversationId" AND c."workspaceId" = ${r.workspaceId} AND c."channelId" = ${r.channelId}::text))
    )
    SELECT count(*)::int AS total,
           count(*) FILTER (WHERE auto)::int AS "autoSent",
           count(*) FILTER (WHERE NOT auto AND NOT handoff)::int AS draft,
           count(*) FILTER (WHERE NOT auto AND handoff)::int AS handoff,
           count(*) FILTER (WHERE NOT auto AND source = 'AI' AND "approvedById" IS NOT NULL)::int AS approved,
           count(*) FILTER (WHERE NOT auto AND source = 'AI_EDITED')::int AS edited,
           count(*) FILTER (WHERE NOT auto AND status = 'DISCARDED')::int AS discarded,
           count(*) FILTER (WHERE NOT auto AND status = 'DRAFT')::int AS pending
      FROM ai`;
  const c = row ?? { total: 0, autoSent: 0, draft: 0, handoff: 0, approved: 0, edited: 0, discarded: 0, pending: 0 };
  const heldTotal = c.draft + c.handoff;
  const accounted = c.approved + c.edited + c.discarded + c.pending;
  return {
    total: c.total, autoSent: c.autoSent, draft: c.draft, handoff: c.handoff,
    held: { approved: c.approved, edited: c.edited, discarded: c.discarded, pending: c.pending, other: Math.max(0, heldTotal - accounted) },
  };
}
