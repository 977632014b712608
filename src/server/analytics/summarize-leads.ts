import type { TierValue } from "@/shared/vocabulary";
import type { RawSql } from "../infra/db/sql";
import type { SqlRange } from "./analytics-input";

export const LEAD_STATUSES = ["NEW", "QUALIFIED", "WON", "LOST"] as const;
export type LeadStatusValue = (typeof LEAD_STATUSES)[number];

export type LeadSummary = {
  total: number;
  tiers: Record<TierValue, number>;
  statuses: Record<LeadStatusValue, number>;
  /** Won out of the leads that reached an outcome (won or lost); null when none has. */
  winRate: number | null;
};

/**
 * The leads that first wrote in the range (created in it), by tier and by where they stand now
 * (new, qualified, won, lost): one GROUP BY over the leads' (workspace, created) index. With a
 * channel, only the leads whose contact came through that channel.
 */
export async function summarizeLeads(tx: RawSql, r: SqlRange): Promise<LeadSummary> {
  const rows = await tx.$queryRaw<Array<{ tier: TierValue; status: LeadStatusValue; leads: number }>>`
    SELECT l.tier::text AS tier, l.status::text AS status, count(*)::int AS leads
      FROM leads l
     WHERE l."workspaceId" = ${r.workspaceId}
       AND l."createdAt" >= ${r.from}::timestamp(3) AND l."createdAt" < ${r.to}::timestamp(3)
       AND (${r.channelId}::text IS NULL OR EXISTS (
             SELECT 1 FROM contacts c WHERE c.id = l."contactId" AND c."workspaceId" = ${r.workspaceId} AND c."channelId" = ${r.channelId}::text))
     GROUP BY 1, 2`;
  const summary: LeadSummary = { total: 0, tiers: { HOT: 0, WARM: 0, COLD: 0 }, statuses: { NEW: 0, QUALIFIED: 0, WON: 0, LOST: 0 }, winRate: null };
  for (const row of rows) {
    summary.total += row.leads;
    summary.tiers[row.tier] += row.leads;
    summary.statuses[row.status] += row.leads;
  }
  const closed = summary.statuses.WON + summary.statuses.LOST;
  summary.winRate = closed === 0 ? null : summary.statuses.WON / closed;
  return summary;
}
