"use client";

import { useQueries } from "@tanstack/react-query";
import { useState } from "react";
import { ErrorPanel } from "@/components/errors/error-panel";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { LoadingPanel } from "@/components/ui/loading-panel";
import { useTRPC } from "@/lib/trpc/client";
import { LeadCard } from "./lead-card";
import { LEAD_SORT_LABELS, type LeadFilterState, type LeadSort } from "./lead-filters-url";
import { LeadRow } from "./lead-row";
import { useNarrowScreen } from "./use-narrow-screen";

/** Rows per page; "Show more" fetches the next page after the last row (keyset on the server). */
export const LEADS_PAGE_SIZE = 50;

function SortHeader({ sort, filters, onSort, className = "", children }: { sort: LeadSort; filters: LeadFilterState; onSort: (sort: LeadSort) => void; className?: string; children: React.ReactNode }) {
  const current = filters.sort === sort;
  return (
    <th scope="col" className={`px-3 py-2.5 ${className}`} aria-sort={current ? (filters.dir === "desc" ? "descending" : "ascending") : "none"}>
      <button type="button" onClick={() => onSort(sort)} className="inline-flex items-center gap-1 uppercase tracking-wide hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-brand-500">
        {children}
        <span aria-hidden="true" className={current ? "text-slate-900" : "text-slate-300"}>{current && filters.dir === "asc" ? "↑" : "↓"}</span>
        <span className="sr-only">, sort by {LEAD_SORT_LABELS[sort].toLowerCase()}</span>
      </button>
    </th>
  );
}

/**
 * The leads the server returns for the filters, in its order: a table on wide screens (sortable
 * headers), cards on phones. Pages of 50; the filters and order live in the URL.
 */
export function LeadsTable({ filters, onChange, canAct }: { filters: LeadFilterState; onChange: (change: Partial<LeadFilterState>) => void; canAct: boolean }) {
  const trpc = useTRPC();
  const narrow = useNarrowScreen();
  const { sort, dir, tier, status, intent, channelId, owner, crm } = filters;
  // One query per page, each after the last row of the one before (plain queries, so the realtime
  // refresh of `leads.list` reaches every page). The parent keys this component by the filters.
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  const pages = useQueries({
    queries: cursors.map((cursor) => trpc.leads.list.queryOptions({ sort, dir, tier, status, intent, channelId, owner, crm, limit: LEADS_PAGE_SIZE, cursor })),
  });
  const first = pages[0]!;
  const last = pages.at(-1)!;
  const lastRows = last.data;
  const nextCursor = lastRows && lastRows.length === LEADS_PAGE_SIZE ? lastRows.at(-1)?.cursor : undefined;
  // Clicking the current column reverses it; another column starts highest / newest first.
  const onSort = (next: LeadSort) => onChange(next === sort ? { dir: dir === "desc" ? "asc" : "desc" } : { sort: next, dir: "desc" });

  if (first.isPending) return <LoadingPanel label="Loading leads" />;
  if (first.isError) return <ErrorPanel title="We couldn't load the leads" error={first.error} onRetry={() => void first.refetch()} retrying={first.isFetching} />;
  const rows = pages.flatMap((p) => p.data ?? []);
  if (rows.length === 0) {
    const filtered = tier || status || intent || channelId || owner || crm;
    return filtered ? (
      <EmptyState title="No leads match these filters" description="Try another filter, or clear them." />
    ) : (
      <EmptyState title="No leads yet" description="Every contact who writes to you becomes a lead, scored hot, warm or cold." />
    );
  }

  return (
    <div className="space-y-3">
      {narrow ? (
        <ul aria-label="Leads" className="space-y-3">
          {rows.map((lead) => <LeadCard key={lead.id} lead={lead} />)}
        </ul>
      ) : (
        <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm">
          <table className="min-w-full divide-y divide-slate-100">
            <caption className="sr-only">Leads, sorted by {LEAD_SORT_LABELS[sort].toLowerCase()} {dir === "desc" ? "descending" : "ascending"}</caption>
            <thead className="bg-slate-50 text-left text-xs font-medium text-slate-500">
              <tr>
                <th scope="col" className="px-3 py-2.5 uppercase tracking-wide">Lead</th>
                <SortHeader sort="tier" filters={filters} onSort={onSort}>Tier</SortHeader>
                <SortHeader sort="score" filters={filters} onSort={onSort} className="text-right">Score</SortHeader>
                <th scope="col" className="px-3 py-2.5 uppercase tracking-wide">Intent</th>
                <th scope="col" className="hidden px-3 py-2.5 uppercase tracking-wide lg:table-cell">Channel</th>
                <SortHeader sort="lastContact" filters={filters} onSort={onSort}>Last contact</SortHeader>
                <th scope="col" className="hidden px-3 py-2.5 uppercase tracking-wide lg:table-cell">Owner</th>
                <th scope="col" className="px-3 py-2.5 uppercase tracking-wide">Status</th>
                <th scope="col" className="px-3 py-2.5 uppercase tracking-wide">CRM</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.map((lead) => <LeadRow key={lead.id} lead={lead} canAct={canAct} />)}
            </tbody>
          </table>
        </div>
      )}
      {nextCursor && cursors.length === pages.length ? (
        <div className="flex justify-center">
          <Button variant="secondary" pending={last.isFetching} onClick={() => setCursors((c) => [...c, nextCursor])}>Show more leads</Button>
        </div>
      ) : null}
      {last.isPending && cursors.length > 1 ? <p className="text-center text-sm text-slate-500">Loading more leads…</p> : null}
      {last.isError && cursors.length > 1 ? <p role="alert" className="text-center text-sm text-red-700">Could not load more leads. <button type="button" className="font-medium underline" onClick={() => void last.refetch()}>Try again</button></p> : null}
    </div>
  );
}
