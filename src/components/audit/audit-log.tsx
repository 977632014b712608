"use client";

import { useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { ErrorPanel } from "@/components/errors/error-panel";
import { EmptyState } from "@/components/ui/empty-state";
import { LoadingPanel } from "@/components/ui/loading-panel";
import { Notice } from "@/components/ui/notice";
import { useActiveWorkspace } from "@/components/workspace/active-workspace";
import { useTRPC } from "@/lib/trpc/client";
import { AuditFilterBar } from "./audit-filter-bar";
import { describeRangeError, EMPTY_AUDIT_FILTERS, toAuditFilters, type AuditFilterForm } from "./audit-filters";
import { AUDIT_PAGE_SIZE, AuditRows, type AuditCursor } from "./audit-rows";

function AuditTable() {
  const trpc = useTRPC();
  const [form, setForm] = useState<AuditFilterForm>(EMPTY_AUDIT_FILTERS);
  // The last valid filters: a reversed date range is pointed out in the form, not sent.
  const [applied, setApplied] = useState<AuditFilterForm>(EMPTY_AUDIT_FILTERS);
  const filters = useMemo(() => toAuditFilters(applied), [applied]);
  const [cursors, setCursors] = useState<Array<AuditCursor | null>>([null]);
  const first = useQuery(trpc.audit.list.queryOptions({ limit: AUDIT_PAGE_SIZE, cursor: null, filters: {} }));
  // Actors are stored as ids; the member list turns them into names (best effort).
  const members = useQuery(trpc.members.list.queryOptions());
  const people = useMemo(() => new Map((members.data ?? []).map((m) => [m.userId, m.name ?? m.email])), [members.data]);

  function onFilters(next: AuditFilterForm) {
    setForm(next);
    if (describeRangeError(next)) return;
    setApplied(next);
    setCursors([null]);
  }

  if (first.isPending) return <LoadingPanel label="Loading the audit log" />;
  if (first.isError) return <ErrorPanel title="We couldn't load the audit log" error={first.error} onRetry={() => void first.refetch()} retrying={first.isFetching} />;
  if (first.data.length === 0) return <EmptyState title="Nothing recorded yet" description="Changes to settings, the team and the knowledge base will appear here." />;

  return (
    <>
      <AuditFilterBar form={form} onChange={onFilters} members={[...people].map(([userId, label]) => ({ userId, label }))} />
      <div tabIndex={0} role="region" aria-label="Audit entries" className="overflow-x-auto rounded-xl focus-visible:outline-2 focus-visible:outline-brand-500 border border-slate-200 bg-white shadow-sm">
        <table className="min-w-full divide-y divide-slate-100">
          <caption className="sr-only">Audit log, newest first</caption>
          <thead className="bg-slate-50 text-left text-xs font-medium uppercase tracking-wide text-slate-500">
            <tr>
              <th scope="col" className="px-4 py-2.5">Action</th>
              <th scope="col" className="px-4 py-2.5">Actor</th>
              <th scope="col" className="px-4 py-2.5">Target</th>
              <th scope="col" className="px-4 py-2.5">Time</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {cursors.map((cursor, index) => (
              <AuditRows
                key={cursor ? `${cursor.createdAt.toISOString()}-${cursor.id}` : "newest"}
                cursor={cursor}
                filters={filters}
                people={people}
                isLast={index === cursors.length - 1}
                onLoadOlder={(next) => setCursors((c) => [...c, next])}
              />
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

/** Admins see who changed what; others get an explanation (the API refuses them too). */
export function AuditLog() {
  const { role } = useActiveWorkspace();
  if (role !== "ADMIN") {
    return <Notice tone="warning" title="Admins only">Only workspace admins can see the audit log.</Notice>;
  }
  return <AuditTable />;
}
