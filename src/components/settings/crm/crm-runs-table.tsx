"use client";

import { useQuery } from "@tanstack/react-query";
import { ErrorPanel } from "@/components/errors/error-panel";
import { Badge } from "@/components/ui/badge";
import { formatDateTime } from "@/components/ui/format-time";
import { useTRPC } from "@/lib/trpc/client";
import { formatDuration, RUN_STATUS_LABELS, RUN_STATUS_TONES, RUN_TRIGGER_LABELS } from "./crm-labels";

/** The last 20 sync runs: when, why, how it went, what it did, how many calls and how long. */
export function CrmRunsTable({ connectionId }: { connectionId: string }) {
  const trpc = useTRPC();
  const runs = useQuery({ ...trpc.crm.runs.queryOptions({ connectionId }), refetchInterval: 15_000 });

  return (
    <section aria-labelledby={`runs-${connectionId}`} className="space-y-2">
      <h3 id={`runs-${connectionId}`} className="text-sm font-semibold text-slate-900">Last runs</h3>
      {runs.isPending ? (
        <p className="text-sm text-slate-500">Loading runs…</p>
      ) : runs.isError ? (
        <ErrorPanel title="We couldn't load the runs" error={runs.error} onRetry={() => void runs.refetch()} retrying={runs.isFetching} />
      ) : runs.data.length === 0 ? (
        <p className="text-sm text-slate-500">No runs yet.</p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200">
          <table className="min-w-full divide-y divide-slate-100 text-sm">
            <caption className="sr-only">Last {runs.data.length} sync runs, newest first</caption>
            <thead className="bg-slate-50 text-left text-xs font-medium uppercase tracking-wide text-slate-500">
              <tr>
                <th scope="col" className="px-3 py-2">Started</th>
                <th scope="col" className="px-3 py-2">Trigger</th>
                <th scope="col" className="px-3 py-2">Status</th>
                <th scope="col" className="px-3 py-2 text-right">Created</th>
                <th scope="col" className="px-3 py-2 text-right">Updated</th>
                <th scope="col" className="px-3 py-2 text-right">Failed</th>
                <th scope="col" className="px-3 py-2 text-right">Gave up</th>
                <th scope="col" className="px-3 py-2 text-right">Calls</th>
                <th scope="col" className="px-3 py-2 text-right">Duration</th>
                <th scope="col" className="px-3 py-2">Error</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 tabular-nums">
              {runs.data.map((run) => (
                <tr key={run.id}>
                  <td className="whitespace-nowrap px-3 py-2 text-slate-700">{formatDateTime(run.startedAt)}</td>
                  <td className="whitespace-nowrap px-3 py-2 text-slate-700">{RUN_TRIGGER_LABELS[run.trigger] ?? run.trigger}</td>
                  <td className="px-3 py-2"><Badge tone={RUN_STATUS_TONES[run.status] ?? "slate"}>{RUN_STATUS_LABELS[run.status] ?? run.status}</Badge></td>
                  <td className="px-3 py-2 text-right">{run.created}</td>
                  <td className="px-3 py-2 text-right">{run.updated}</td>
                  <td className="px-3 py-2 text-right">{run.failed}</td>
                  <td className="px-3 py-2 text-right">{run.dead}</td>
                  <td className="px-3 py-2 text-right">{run.calls}</td>
                  <td className="whitespace-nowrap px-3 py-2 text-right">{formatDuration(run.durationMs)}</td>
                  <td className="max-w-xs px-3 py-2 text-xs text-red-700"><span className="line-clamp-2 break-words" title={run.error ?? undefined}>{run.error ?? ""}</span></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
