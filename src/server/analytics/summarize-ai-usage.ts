import type { RawSql } from "../infra/db/sql";
import { usagePeriod } from "../ai/record-agent-runs";
import type { SqlRange } from "./analytics-input";

export type AiUsageFigures = {
  /** Agent runs (every intent, scoring and reply call, whichever model answered). */
  runs: number;
  /** Runs answered by a paid model's API (not the cache, not the built-in local models). */
  llmCalls: number;
  cacheHits: number;
  /** Cache hits out of the runs that asked for an LLM (hits + LLM calls); null when none did. */
  cacheHitRate: number | null;
  /** Runs where the local model stood in for a failed or over-budget LLM. */
  fallbacks: number;
  tokensIn: number;
  tokensOut: number;
  costUsd: number;
};

export type AiUsage = AiUsageFigures & {
  byAgent: Array<{ agent: string } & AiUsageFigures>;
  budget: { period: string; monthlyUsd: number | null; spentUsd: number; leftUsd: number | null };
};

type Row = AiUsageFigures & { agent: string | null; total: boolean };

/**
 * AI usage in the range from the agent runs (one GROUP BY over their (workspace, created) index,
 * per agent and overall by GROUPING SETS; with a channel, the runs for that channel's messages),
 * and this month's budget: the workspace's monthly limit less what its usage records have spent
 * this (UTC) month, the same figure the agents' budget check reads.
 */
export async function summarizeAiUsage(tx: RawSql, r: SqlRange, now = new Date()): Promise<AiUsage> {
  const rows = await tx.$queryRaw<Row[]>`
    SELECT a.agent, GROUPING(a.agent) = 1 AS total,
           count(*)::int AS runs,
           count(*) FILTER (WHERE a.provider <> 'local' AND NOT a."cacheHit")::int AS "llmCalls",
           count(*) FILTER (WHERE a."cacheHit")::int AS "cacheHits",
           CASE WHEN count(*) FILTER (WHERE a.provider <> 'local') = 0 THEN NULL
                ELSE (count(*) FILTER (WHERE a."cacheHit"))::float8 / count(*) FILTER (WHERE a.provider <> 'local') END AS "cacheHitRate",
           count(*) FILTER (WHERE a.outcome = 'fallback')::int AS fallbacks,
           COALESCE(sum(a."tokensIn"), 0)::float8 AS "tokensIn", COALESCE(sum(a."tokensOut"), 0)::float8 AS "tokensOut",
           COALESCE(sum(a."costUsd"), 0)::float8 AS "costUsd"
      FROM agent_runs a
     WHERE a."workspaceId" = ${r.workspaceId}
       AND a."createdAt" >= ${r.from}::timestamp(3) AND a."createdAt" < ${r.to}::timestamp(3)
       AND (${r.channelId}::text IS NULL OR EXISTS (
             SELECT 1 FROM messages m WHERE m.id = a."messageId" AND m."workspaceId" = ${r.workspaceId} AND m."channelId" = ${r.channelId}::text))
     GROUP BY GROUPING SETS ((a.agent), ())
     ORDER BY a.agent NULLS FIRST`;
  const [budget] = await tx.$queryRaw<Array<{ monthlyUsd: number | null; spentUsd: number }>>`
    SELECT w."monthlyAiBudgetUsd"::float8 AS "monthlyUsd",
           (SELECT COALESCE(sum(u."costUsd"), 0)::float8 FROM usage_records u WHERE u."workspaceId" = w.id AND u.period = ${usagePeriod(now)}) AS "spentUsd"
      FROM workspaces w WHERE w.id = ${r.workspaceId}`;

  const empty: AiUsageFigures = { runs: 0, llmCalls: 0, cacheHits: 0, cacheHitRate: null, fallbacks: 0, tokensIn: 0, tokensOut: 0, costUsd: 0 };
  const figures = ({ agent: _agent, total: _total, ...rest }: Row): AiUsageFigures => rest;
  const overall = rows.find((row) => row.total);
  const monthlyUsd = budget?.monthlyUsd ?? null;
  const spentUsd = budget?.spentUsd ?? 0;
  return {
    ...(overall ? figures(overall) : empty),
    byAgent: rows.filter((row) => !row.total && row.agent !== null).map((row) => ({ agent: row.agent!, ...figures(row) })),
    budget: { period: usagePeriod(now), monthlyUsd, spentUsd, leftUsd: monthlyUsd === null ? null : Math.max(0, monthlyUsd - spentUsd) },
  };
}
