import type { AgentRunRecord } from "@/agents/llm/agent-run-record";
import type { Tx } from "../db/tenant";

export function usagePeriod(date = new Date()): string {
  return date.toISOString().slice(0, 7);
}

/** Persists agent runs and adds their tokens and cost to the workspace's monthly usage. */
export async function recordAgentRuns(tx: Tx, workspaceId: string, messageId: string | null, runs: readonly AgentRunRecord[]): Promise<void> {
  if (runs.length === 0) return;
  await tx.agentRun.createMany({
    data: runs.map((r) => ({
      workspaceId, messageId, agent: r.agent, provider: r.provider, model: r.model, latencyMs: Math.round(r.latencyMs),
      tokensIn: r.tokensIn, tokensOut: r.tokensOut, costUsd: r.costUsd, cacheHit: r.cacheHit, outcome: r.outcome,
      error: r.error?.slice(0, 500) ?? (r.attempts.some((a) => a.error) ? r.attempts.map((a) => `${a.provider}:${a.model} ${a.error ?? "ok"}`).join("; ").slice(0, 500) : null),
    })),
  });
  const period = usagePeriod();
  for (const r of runs) {
    if (r.provider === "local" && r.tokensIn === 0 && r.tokensOut === 0) continue;
    await tx.usageRecord.upsert({
      where: { workspaceId_period_provider_model: { workspaceId, period, provider: r.provider, model: r.model } },
      create: { workspaceId, period, provider: r.provider, model: r.model, calls: 1, tokensIn: r.tokensIn, tokensOut: r.tokensOut, costUsd: r.costUsd },
      update: { calls: { increment: 1 }, tokensIn: { increment: r.tokensIn }, tokensOut: { increment: r.tokensOut }, costUsd: { increment: r.costUsd } },
    });
  }
}

/** This month's AI spend for the workspace, for the budget decision. */
export async function spentThisMonthUsd(tx: Tx): Promise<number> {
  const sum = await tx.usageRecord.aggregate({ where: { period: usagePeriod() }, _sum: { costUsd: true } });
  return Number(sum._sum.costUsd ?? 0);
}
