import type { AgentRunRecord } from "@/agents/llm/agent-run-record";
import { newId } from "../infra/db/new-id";
import type { RawSql } from "../infra/db/sql";
import type { Tx } from "../infra/db/tenant";

export function usagePeriod(date = new Date()): string {
  return date.toISOString().slice(0, 7);
}

/** Persists one message's agent runs (see recordAgentRunsMany). */
export async function recordAgentRuns(tx: Tx, workspaceId: string, messageId: string | null, runs: readonly AgentRunRecord[]): Promise<void> {
  await recordAgentRunsMany(tx, workspaceId, runs.map((run) => ({ messageId, run })));
}

/** Agent runs as one insert, and their tokens and cost added to the month's usage per model (local runs cost nothing). */
export async function recordAgentRunsMany(tx: RawSql, workspaceId: string, runs: ReadonlyArray<{ messageId: string | null; run: AgentRunRecord }>, now = new Date()): Promise<void> {
  if (runs.length === 0) return;
  await tx.$executeRaw`
    INSERT INTO agent_runs (id, "workspaceId", "messageId", agent, provider, model, "latencyMs", "tokensIn", "tokensOut", "costUsd", "cacheHit", "cacheKey", outcome, error, "createdAt")
    SELECT r.id, ${workspaceId}, r.message_id, r.agent, r.provider, r.model, r.latency, r.tokens_in, r.tokens_out, r.cost, r.cache_hit, r.cache_key, r.outcome, r.error, ${now}::timestamp(3)
    FROM unnest(${runs.map(() => newId())}::text[], ${runs.map((r) => r.messageId)}::text[], ${runs.map((r) => r.run.agent)}::text[],
                ${runs.map((r) => r.run.provider)}::text[], ${runs.map((r) => r.run.model)}::text[], ${runs.map((r) => Math.round(r.run.latencyMs))}::int[],
                ${runs.map((r) => r.run.tokensIn)}::int[], ${runs.map((r) => r.run.tokensOut)}::int[], ${runs.map((r) => r.run.costUsd)}::numeric[],
                ${runs.map((r) => r.run.cacheHit)}::bool[], ${runs.map((r) => r.run.cacheKey ?? null)}::text[], ${runs.map((r) => r.run.outcome)}::text[], ${runs.map((r) => agentRunError(r.run))}::text[])
      AS r(id, message_id, agent, provider, model, latency, tokens_in, tokens_out, cost, cache_hit, cache_key, outcome, error)`;
  await recordUsage(tx, workspaceId, runs.map((r) => r.run), now);
}

/** What an agent run's error column holds: its error, or each failed attempt (provider, model, error). */
export const agentRunError = (r: AgentRunRecord) =>
  r.error?.slice(0, 500) ?? (r.attempts.some((a) => a.error) ? r.attempts.map((a) => `${a.provider}:${a.model} ${a.error ?? "ok"}`).join("; ").slice(0, 500) : null);

/** Adds runs' tokens and cost to the month's usage per model; runs of the local models cost nothing and write nothing. */
export async function recordUsage(tx: RawSql, workspaceId: string, runs: readonly AgentRunRecord[], now = new Date()): Promise<void> {

  const usage = new Map<string, { provider: string; model: string; calls: number; tokensIn: number; tokensOut: number; costUsd: number }>();
  for (const run of runs) {
    if (run.provider === "local" && run.tokensIn === 0 && run.tokensOut === 0) continue;
    const key = `${run.provider}\u0000${run.model}`;
    const u = usage.get(key) ?? { provider: run.provider, model: run.model, calls: 0, tokensIn: 0, tokensOut: 0, costUsd: 0 };
    usage.set(key, { ...u, calls: u.calls + 1, tokensIn: u.tokensIn + run.tokensIn, tokensOut: u.tokensOut + run.tokensOut, costUsd: u.costUsd + run.costUsd });
  }
  if (usage.size === 0) return;
  const rows = [...usage.values()].sort((a, b) => (a.provider + a.model < b.provider + b.model ? -1 : 1));
  await tx.$executeRaw`
    INSERT INTO usage_records (id, "workspaceId", period, provider, model, calls, "tokensIn", "tokensOut", "costUsd", "updatedAt")
    SELECT u.id, ${workspaceId}, ${usagePeriod(now)}, u.provider, u.model, u.calls, u.tokens_in, u.tokens_out, u.cost, ${now}::timestamp(3)
    FROM unnest(${rows.map(() => newId())}::text[], ${rows.map((r) => r.provider)}::text[], ${rows.map((r) => r.model)}::text[], ${rows.map((r) => r.calls)}::int[],
                ${rows.map((r) => r.tokensIn)}::int[], ${rows.map((r) => r.tokensOut)}::int[], ${rows.map((r) => r.costUsd)}::numeric[])
      AS u(id, provider, model, calls, tokens_in, tokens_out, cost)
    ON CONFLICT ("workspaceId", period, provider, model) DO UPDATE SET
      calls = usage_records.calls + EXCLUDED.calls, "tokensIn" = usage_records."tokensIn" + EXCLUDED."tokensIn",
      "tokensOut" = usage_records."tokensOut" + EXCLUDED."tokensOut", "costUsd" = usage_records."costUsd" + EXCLUDED."costUsd",
      "updatedAt" = EXCLUDED."updatedAt"`;
}
