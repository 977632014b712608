import type { RouterOutputs } from "@/components/trpc/router-types";
import { Badge, type BadgeTone } from "../ui/badge";
import { formatCost, formatCount } from "../ui/format-numbers";

export type AgentRun = RouterOutputs["inbox"]["get"]["messages"][number]["agentRuns"][number];

const AGENT_LABELS: Record<string, string> = { intent: "Intent classifier", reply: "Reply generator", scorer: "Lead scorer" };
const OUTCOME_TONES: Record<string, BadgeTone> = { ok: "emerald", fallback: "amber", error: "red" };
const OUTCOME_LABELS: Record<string, string> = { ok: "OK", fallback: "Fallback", error: "Error" };

/** What each agent call behind a message cost and did: model, latency, tokens, cost, cache, outcome. */
export function AgentRunsTable({ runs, caption }: { runs: readonly AgentRun[]; caption: string }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200">
      <table className="min-w-full divide-y divide-slate-100 text-xs">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-50 text-left font-medium text-slate-500">
          <tr>
            <th scope="col" className="px-2.5 py-2">Agent · provider:model</th>
            <th scope="col" className="px-2.5 py-2 text-right">Latency</th>
            <th scope="col" className="px-2.5 py-2 text-right">Tokens in / out</th>
            <th scope="col" className="px-2.5 py-2 text-right">Cost</th>
            <th scope="col" className="px-2.5 py-2">Cache</th>
            <th scope="col" className="px-2.5 py-2">Outcome</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 bg-white text-slate-700">
          {runs.map((run) => (
            <tr key={run.id} className="align-top">
              <th scope="row" className="px-2.5 py-2 text-left font-normal">
                <span className="block whitespace-nowrap font-medium text-slate-900">{AGENT_LABELS[run.agent] ?? run.agent}</span>
                <span className="block break-all font-mono text-slate-500">{run.provider}:{run.model}</span>
              </th>
              <td className="whitespace-nowrap px-2.5 py-2 text-right tabular-nums">{formatCount(run.latencyMs)} ms</td>
              <td className="whitespace-nowrap px-2.5 py-2 text-right tabular-nums">{formatCount(run.tokensIn)} / {formatCount(run.tokensOut)}</td>
              <td className="whitespace-nowrap px-2.5 py-2 text-right tabular-nums">{formatCost(run.costUsd)}</td>
              <td className="whitespace-nowrap px-2.5 py-2">{run.cacheHit ? "Hit" : "Miss"}</td>
              <td className="px-2.5 py-2">
                <Badge tone={OUTCOME_TONES[run.outcome] ?? "slate"}>{OUTCOME_LABELS[run.outcome] ?? run.outcome}</Badge>
                {run.error ? <p className="mt-1 max-w-xs break-words text-red-700">{run.error}</p> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A collapsed "Agent runs" section under a message; opening it shows the table. */
export function AgentRunsDisclosure({ runs }: { runs: readonly AgentRun[] }) {
  if (runs.length === 0) return null;
  const totalMs = runs.reduce((sum, r) => sum + r.latencyMs, 0);
  const totalCost = runs.reduce((sum, r) => sum + r.costUsd, 0);
  return (
    <details className="group mt-3">
      <summary className="inline-flex cursor-pointer list-none items-center gap-1.5 rounded-md text-xs font-medium text-slate-600 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500">
        <span aria-hidden="true" className="transition-transform group-open:rotate-90">▸</span>
        Agent runs ({runs.length})
        <span className="font-normal text-slate-500">· {formatCount(totalMs)} ms · {formatCost(totalCost)}</span>
      </summary>
      <div className="mt-2">
        <AgentRunsTable runs={runs} caption="Agent runs for this message" />
      </div>
    </details>
  );
}
