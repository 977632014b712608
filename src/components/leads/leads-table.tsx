"use client";

import { useQuery } from "@tanstack/react-query";
import { ErrorPanel } from "@/components/errors/error-panel";
import { EmptyState } from "@/components/ui/empty-state";
import { LoadingPanel } from "@/components/ui/loading-panel";
import { useTRPC } from "@/lib/trpc/client";
import { LeadRow } from "./lead-row";
import { TIER_LABELS, type Tier } from "../ui/tier-badge";

/** Leads by score, highest first (the server sorts), optionally one tier only. */
export function LeadsTable({ tier, canAct }: { tier: Tier | undefined; canAct: boolean }) {
  const trpc = useTRPC();
  const leads = useQuery({ ...trpc.leads.list.queryOptions({ tier }), placeholderData: (previous) => previous });

  if (leads.isPending) return <LoadingPanel label="Loading leads" />;
  if (leads.isError) return <ErrorPanel title="We couldn't load the leads" error={leads.error} onRetry={() => void leads.refetch()} retrying={leads.isFetching} />;
  if (leads.data.length === 0) {
    return tier ? (
      <EmptyState title={`No ${TIER_LABELS[tier].toLowerCase()} leads`} description="Try another tier." />
    ) : (
      <EmptyState title="No leads yet" description="Every contact who writes to you becomes a lead, scored hot, warm or cold." />
    );
  }

  return (
    <div className={`overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm ${leads.isPlaceholderData ? "opacity-60" : ""}`} aria-busy={leads.isPlaceholderData || undefined}>
      <table className="min-w-full divide-y divide-slate-100">
        <caption className="sr-only">Leads{tier ? ` (${TIER_LABELS[tier]} only)` : ""}, highest score first</caption>
        <thead className="bg-slate-50 text-left text-xs font-medium uppercase tracking-wide text-slate-500">
          <tr>
            <th scope="col" className="px-4 py-2.5">Lead</th>
            <th scope="col" className="px-4 py-2.5">Tier</th>
            <th scope="col" className="px-4 py-2.5 text-right">Score</th>
            <th scope="col" className="px-4 py-2.5">Reason and tags</th>
            <th scope="col" className="px-4 py-2.5">Status</th>
            <th scope="col" className="px-4 py-2.5">CRM</th>
            <th scope="col" className="px-4 py-2.5">Followers</th>
            <th scope="col" className="px-4 py-2.5"><span className="sr-only">Conversation</span></th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {leads.data.map((lead) => <LeadRow key={lead.id} lead={lead} canAct={canAct} />)}
        </tbody>
      </table>
    </div>
  );
}
