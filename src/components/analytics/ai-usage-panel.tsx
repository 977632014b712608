import type { RouterOutputs } from "@/components/trpc/router-types";
import { formatCost, formatCount, formatPercent } from "@/components/ui/format-numbers";
import { DataTable } from "./data-table";
import { Stat } from "./response-time-panel";

type Usage = RouterOutputs["analytics"]["aiUsage"];

const AGENT_LABELS: Record<string, string> = { intent: "Intent", reply: "Replies", scorer: "Lead scoring" };
const hitRate = (rate: number | null) => (rate === null ? "—" : formatPercent(rate));

/** AI calls, tokens, cost and cache hits in the range, per agent, and what is left of this month's budget. */
export function AiUsageSummary({ data }: { data: Usage }) {
  const { budget } = data;
  const used = budget.monthlyUsd && budget.monthlyUsd > 0 ? Math.min(1, budget.spentUsd / budget.monthlyUsd) : null;
  return (
    <div className="space-y-5">
      <div className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        <Stat label="LLM calls" value={formatCount(data.llmCalls)} hint={`${formatCount(data.runs)} agent runs`} />
        <Stat label="Cache hit rate" value={hitRate(data.cacheHitRate)} hint={`${formatCount(data.cacheHits)} hits`} />
        <Stat label="Tokens" value={formatCount(data.tokensIn + data.tokensOut)} hint={`${formatCount(data.tokensIn)} in · ${formatCount(data.tokensOut)} out`} />
        <Stat label="Cost" value={formatCost(data.costUsd)} hint={`${formatCount(data.fallbacks)} local fallbacks`} />
      </div>
      <div>
        <p className="text-sm font-medium text-slate-800">Budget this month ({budget.period}, UTC)</p>
        {budget.monthlyUsd === null ? (
          <p className="mt-1 text-sm text-slate-600">No monthly limit set; {formatCost(budget.spentUsd)} spent so far.</p>
        ) : (
          <>
            <p className="mt-1 text-sm text-slate-600">
              <span className="font-semibold text-slate-900">{formatCost(budget.leftUsd ?? 0)}</span> left of {formatCost(budget.monthlyUsd)} ({formatCost(budget.spentUsd)} spent)
            </p>
            <div
              role="meter"
              aria-label="Share of this month's AI budget spent"
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={Math.round((used ?? 1) * 100)}
              className="mt-2 h-2 rounded-full bg-slate-100"
            >
              <div className={`h-2 rounded-full ${used !== null && used >= 0.9 ? "bg-red-500" : "bg-brand-500"}`} style={{ width: `${Math.round((used ?? 1) * 100)}%` }} />
            </div>
          </>
        )}
      </div>
      <DataTable
        caption="AI usage per agent"
        collapsible={false}
        columns={["Agent", "Runs", "LLM calls", "Cache hits", "Tokens", "Cost"]}
        rows={data.byAgent.map((a) => ({
          key: a.agent,
          cells: [AGENT_LABELS[a.agent] ?? a.agent, a.runs.toLocaleString("en"), a.llmCalls.toLocaleString("en"), hitRate(a.cacheHitRate), formatCount(a.tokensIn + a.tokensOut), formatCost(a.costUsd)],
        }))}
      />
    </div>
  );
}
